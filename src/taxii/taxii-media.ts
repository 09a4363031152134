/**
 * TAXII 2.1 media types (TAXII 2.1 §1.6.8): every request and response body is
 * `application/taxii+json;version=2.1`; a media type without `version` means the latest version
 * the server supports, which here is 2.1.
 */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const TAXII_VERSION = '2.1';
/** STIX objects travel inside TAXII envelopes; manifests name their media type. */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

function parseRange(text: string): MediaRange | null {
  const [head, ...rest] = text.split(';');
  const type = head?.trim().toLowerCase() ?? '';
  if (!/^[a-z0-9!#$&^_.+*-]+\/[a-z0-9!#$&^_.+*-]+$/.test(type)) return null;
  const params = new Map<string, string>();
  let q = 1;
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const value = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'q') q = Number(value);
    else params.set(key, value);
  }
  return { type, params, q: Number.isFinite(q) ? q : 0 };
}

function isTaxii21(range: MediaRange): boolean {
  if (range.type !== 'application/taxii+json') return false;
  const version = range.params.get('version');
  return version === undefined || version === TAXII_VERSION;
}

/**
 * Whether an `Accept` header admits a TAXII 2.1 response: a missing header, a TAXII media
 * type of version 2.1 (or without version), or a wildcard; a range with `q=0` refuses.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept
    .split(',')
    .map(parseRange)
    .some(
      (r) =>
        r !== null && r.q > 0 && (isTaxii21(r) || r.type === '*/*' || r.type === 'application/*'),
    );
}

/** Whether a request `Content-Type` is TAXII 2.1 (with or without the `version` parameter). */
export function isTaxiiContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const range = parseRange(contentType);
  return range !== null && isTaxii21(range);
}
