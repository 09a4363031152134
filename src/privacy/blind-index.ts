import { createHmac } from 'node:crypto';

/**
 * A keyed blind index of the identifiers held in sealed fields (issue 8, items 1 and 7): a
 * data-subject request must find every record that names an e-mail address, an account or a
 * name, but those fields are ciphertext. Each identifier is normalised and stored only as
 * HMAC-SHA-256 under the node's index key, so an equality search needs no decryption, and a
 * dump of the database cannot test guesses (the key is not in it). Pure functions.
 *
 * The index key is a random 32-byte key wrapped by the master key like a data key (scope
 * {@link INDEX_KEY_SCOPE}): a master-key rotation re-wraps it with the data keys and the
 * tokens stay valid — re-indexing would mean opening every sealed value of the node.
 */
export const INDEX_KEY_SCOPE = 'privacy:blind-index';

/** Categories whose values are identifiers as a whole (an e-mail, an account, a name). */
export const IDENTIFIER_CATEGORIES: ReadonlySet<string> = new Set([
  'subscriber',
  'identity',
  'contact',
]);

/** Members of structured values that say what a value is rather than holding it. */
const LABEL_KEYS = new Set(['kind', 'type', 'lang', 'category']);

/** Unicode NFKC, lower case, inner whitespace collapsed, trimmed: `Jean  DUPONT` → `jean dupont`. */
export function normaliseIdentifier(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

function leaves(value: unknown, out: string[], key = ''): void {
  if (typeof value === 'string') {
    if (!LABEL_KEYS.has(key)) out.push(value);
  } else if (typeof value === 'number') {
    out.push(String(value));
  } else if (Array.isArray(value)) {
    for (const v of value) leaves(v, out, key);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, out, k);
  }
}

/**
 * The identifiers a field's value holds: for an identifier category, each string in it (an
 * `identifiers` list's values, not their kinds); for any category, the e-mail addresses its
 * text mentions. Normalised, at least 3 characters, without repeats.
 */
export function identifiersOf(value: unknown, category: string): string[] {
  const texts: string[] = [];
  leaves(value, texts);
  const found = new Set<string>();
  for (const t of texts) {
    if (IDENTIFIER_CATEGORIES.has(category)) found.add(normaliseIdentifier(t));
    for (const m of t.matchAll(EMAIL)) found.add(normaliseIdentifier(m[0]));
  }
  return [...found].filter((v) => v.length >= 3);
}

/** The token of a normalised identifier under `indexKey`. */
export function blindToken(indexKey: Buffer, identifier: string): string {
  return createHmac('sha256', indexKey)
    .update('nohaven-blind-index|')
    .update(normaliseIdentifier(identifier))
    .digest('hex');
}
