import type { Kysely } from 'kysely';
import { vaultOf } from '../privacy/privacy-vault.js';
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

const isSealed = (v: string | null) => v !== null && v.startsWith('{"$sealed"');

/** The row as stored: `original_name` and `description` sealed (JSON of their envelopes). */
export async function sealEvidenceRow<DB>(db: Kysely<DB>, row: EvidenceRow): Promise<EvidenceRow> {
  const sealed = await vaultOf(db).seal(
    db,
    caseScope(row.case_id),
    { evidenceName: row.original_name, evidenceDescription: row.description },
    PERSONAL,
    row.id,
  );
  return {
    ...row,
    original_name: JSON.stringify(sealed.evidenceName),
    description: row.description === null ? null : JSON.stringify(sealed.evidenceDescription),
  };
}

/** The row with its name and description opened (rows stored before sealing pass as they are). */
export async function openEvidenceRow<DB>(db: Kysely<DB>, row: EvidenceRow): Promise<EvidenceRow> {
  if (!isSealed(row.original_name) && !isSealed(row.description)) return row;
  const stored: Record<string, unknown> = {};
  if (isSealed(row.original_name)) stored.evidenceName = JSON.parse(row.original_name);
  if (isSealed(row.description)) stored.evidenceDescription = JSON.parse(row.description!);
  const opened = await vaultOf(db).open(db, caseScope(row.case_id), stored, row.id);
  return {
    ...row,
    original_name: isSealed(row.original_name) ? String(opened.evidenceName) : row.original_name,
    description: isSealed(row.description) ? String(opened.evidenceDescription) : row.description,
  };
}
