import type { Kysely } from 'kysely';
import { vaultOf } from '../privacy/privacy-vault.js';
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

const isSealed = (v: string | null): v is string => v !== null && v.startsWith('{"$sealed"');

/** `title` and `closedReason` (when given) as stored: JSON of their envelopes. */
export async function sealCaseText<DB>(
  db: Kysely<DB>,
  caseId: string,
  values: { title?: string; closedReason?: string | null },
): Promise<{ title?: string; closed_reason?: string | null }> {
  const sealed = await vaultOf(db).seal(db, caseScope(caseId), values, PERSONAL);
  return {
    ...(values.title === undefined ? {} : { title: JSON.stringify(sealed.title) }),
    ...(values.closedReason === undefined
      ? {}
      : {
          closed_reason: values.closedReason === null ? null : JSON.stringify(sealed.closedReason),
        }),
  };
}

/** The row with its title and closing reason opened. */
export async function openCaseRow<DB>(db: Kysely<DB>, row: CaseRow): Promise<CaseRow> {
  if (!isSealed(row.title) && !isSealed(row.closed_reason)) return row;
  const stored: Record<string, unknown> = {};
  if (isSealed(row.title)) stored.title = JSON.parse(row.title);
  if (isSealed(row.closed_reason)) stored.closedReason = JSON.parse(row.closed_reason);
  const opened = await vaultOf(db).open(db, caseScope(row.id), stored);
  return {
    ...row,
    title: isSealed(row.title) ? String(opened.title) : row.title,
    closed_reason: isSealed(row.closed_reason) ? String(opened.closedReason) : row.closed_reason,
  };
}
