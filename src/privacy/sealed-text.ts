import type { Kysely } from 'kysely';
import { vaultOf } from './privacy-vault.js';

/**
 * Personal free text kept in a text column (a case title, a transition reason, a file name…):
 * stored as the JSON of its sealed envelope, opened at the repository boundary for readers who
 * passed the record's read policy (issue 8, item 1). Text stored before sealing is plain and
 * passes as it is; null and absent values stay as they are.
 */
type Texts = Record<string, string | null | undefined>;

/** Whether stored column text is a sealed envelope (not plain text from before sealing). */
export function isSealedText(v: string | null | undefined): v is string {
  return typeof v === 'string' && v.startsWith('{"$sealed"');
}

/** The `personal` values of `values` sealed under `scope`'s data key, as column text. */
export async function sealTexts<DB, T extends Texts>(
  db: Kysely<DB>,
  scope: string,
  values: T,
  personal: ReadonlyMap<string, string>,
  /** Binds the envelopes to one record of the scope. */
  record?: string,
): Promise<T> {
  const sealed = await vaultOf(db).seal(db, scope, values, personal, record);
  const out: Texts = { ...values };
  for (const code of personal.keys())
    if (typeof values[code] === 'string') out[code] = JSON.stringify(sealed[code]);
  return out as T;
}

/** `stored` with its sealed texts opened. */
export async function openTexts<DB, T extends Texts>(
  db: Kysely<DB>,
  scope: string,
  stored: T,
  record?: string,
): Promise<T> {
  const envelopes: Record<string, unknown> = {};
  for (const [code, v] of Object.entries(stored))
    if (isSealedText(v)) envelopes[code] = JSON.parse(v) as unknown;
  if (Object.keys(envelopes).length === 0) return stored;
  const opened = await vaultOf(db).open(db, scope, envelopes, record);
  const out: Texts = { ...stored };
  for (const code of Object.keys(envelopes)) out[code] = String(opened[code]);
  return out as T;
}
