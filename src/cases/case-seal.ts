import type { Kysely } from 'kysely';
import { openTexts, sealTexts } from '../privacy/sealed-text.js';
import { caseScope } from './case-subject.repository.js';
import type { CaseRow } from './case.repository.js';

/**
 * A case's title and closing reason are free text that often names the people it is about
 * ("Account of J. Doe hijacked"): both are stored sealed under the case's data key (issue 8,
 * item 1). Investigators recognise their cases by title, so lists and views open them for
 * whoever passes the case's read policy (members, the operator, break-glass — each audited
 * there); a database dump shows the reference only. Rows stored before sealing, and the
 * title retention leaves, are plain text and pass as they are.
 */
const PERSONAL: ReadonlyMap<string, string> = new Map([
  ['title', 'free-text'],
  ['closedReason', 'free-text'],
]);

/** `title` and `closedReason` (when given) as stored: JSON of their envelopes. */
export async function sealCaseText<DB>(
  db: Kysely<DB>,
  caseId: string,
  values: { title?: string; closedReason?: string | null },
): Promise<{ title?: string; closed_reason?: string | null }> {
  const sealed = await sealTexts(db, caseScope(caseId), values, PERSONAL);
  return {
    ...(values.title === undefined ? {} : { title: sealed.title }),
    ...(values.closedReason === undefined ? {} : { closed_reason: sealed.closedReason }),
  };
}

/** The row with its title and closing reason opened. */
export async function openCaseRow<DB>(db: Kysely<DB>, row: CaseRow): Promise<CaseRow> {
  const opened = await openTexts(db, caseScope(row.id), {
    title: row.title,
    closedReason: row.closed_reason,
  });
  return { ...row, title: opened.title, closed_reason: opened.closedReason };
}
