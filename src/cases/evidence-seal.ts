import type { Kysely } from 'kysely';
import { openTexts, sealTexts } from '../privacy/sealed-text.js';
import { caseScope } from './case-subject.repository.js';
import type { EvidenceRow } from './custody.repository.js';

/**
 * An evidence item's file name and description may name people (`statement of J. Doe.pdf`):
 * both are stored sealed under the case's data key, bound to the item (issue 8, item 1), and
 * opened for the case's readers — who pass the case's read policy — with the rest of the item.
 * The blind index takes the e-mail addresses they mention, for data-subject requests.
 */
const PERSONAL: ReadonlyMap<string, string> = new Map([
  ['evidenceName', 'free-text'],
  ['evidenceDescription', 'free-text'],
]);

/** The row as stored: `original_name` and `description` sealed (JSON of their envelopes). */
export async function sealEvidenceRow<DB>(db: Kysely<DB>, row: EvidenceRow): Promise<EvidenceRow> {
  const sealed = await sealTexts(
    db,
    caseScope(row.case_id),
    { evidenceName: row.original_name, evidenceDescription: row.description },
    PERSONAL,
    row.id,
  );
  return { ...row, original_name: sealed.evidenceName, description: sealed.evidenceDescription };
}

/** The row with its name and description opened (rows stored before sealing pass as they are). */
export async function openEvidenceRow<DB>(db: Kysely<DB>, row: EvidenceRow): Promise<EvidenceRow> {
  const opened = await openTexts(
    db,
    caseScope(row.case_id),
    { evidenceName: row.original_name, evidenceDescription: row.description },
    row.id,
  );
  return { ...row, original_name: opened.evidenceName, description: opened.evidenceDescription };
}
