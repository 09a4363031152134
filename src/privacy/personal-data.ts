/**
 * What personal data is, for the node (issue 8, items 1 and 2): a small fixed list of data
 * categories that schemas mark fields with, and the purposes for which a sealed field may be
 * opened. Pure data and functions.
 */

/**
 * - `subscriber`: subscriber information and the identifiers it is asked for (BC Art 18(3)):
 *   IP addresses with times, e-mail addresses, account names, telephone numbers.
 * - `identity`: who a person is — names of suspects, victims, witnesses, persons to hear.
 * - `contact`: where a person is reached — postal address, location.
 * - `traffic`: traffic data of a communication (BC Art 1(d)).
 * - `content`: the content of communications.
 * - `free-text`: descriptions that may name or describe people.
 */
export const DATA_CATEGORIES = [
  'subscriber',
  'identity',
  'contact',
  'traffic',
  'content',
  'free-text',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export function isDataCategory(value: string): value is DataCategory {
  return (DATA_CATEGORIES as readonly string[]).includes(value);
}

/** Why a sealed field is opened: a code from this list, plus free text. */
export const PURPOSE_CODES = [
  'investigation',
  'prosecution',
  'request-execution',
  'victim-support',
  'data-subject-request',
  'oversight-review',
] as const;
export type PurposeCode = (typeof PURPOSE_CODES)[number];

export function isPurposeCode(value: string): value is PurposeCode {
  return (PURPOSE_CODES as readonly string[]).includes(value);
}

/** What an API view shows in place of a sealed value. */
export interface SealedMarker {
  readonly sealed: true;
  readonly category: string;
}

export function isSealedMarker(value: unknown): value is SealedMarker {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { sealed?: unknown }).sealed === true &&
    typeof (value as { category?: unknown }).category === 'string'
  );
}

/** `values` with each present `personal` field shown as `{ sealed: true, category }`. */
export function maskPersonal(
  values: Readonly<Record<string, unknown>>,
  personal: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const [code, category] of personal) {
    if (out[code] !== undefined && out[code] !== null) out[code] = { sealed: true, category };
  }
  return out;
}

/**
 * A form sent back with sealed markers (the reader never opened them) keeps the stored values
 * of those fields.
 */
export function keepSealedValues(
  input: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  for (const [code, v] of Object.entries(out)) if (isSealedMarker(v)) out[code] = stored[code];
  return out;
}
