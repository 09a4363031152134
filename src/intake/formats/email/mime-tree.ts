/**
 * A structural scan of a MIME message (RFC 2045, 2046, 5322): header fields, the part tree
 * and what is wrong with it. The maintained parser (postal-mime) decodes the content but
 * silently accepts a message cut short; this scan finds what an analyst must be told — a
 * multipart without its closing boundary (RFC 2046 section 5.1.1), base64 content cut in the
 * middle (RFC 2045 section 6.8), message/rfc822 nesting deeper than the limit — and gives the
 * ARF parser the parts of a multipart/report by position.
 *
 * Works on the message as a latin1 string, so that offsets are byte offsets.
 */
import { decodeWords } from 'postal-mime';

export interface HeaderField {
  /** Lower-case field name. */
  readonly name: string;
  /** Unfolded value, leading and trailing white space removed, encoded words left as they are. */
  readonly value: string;
}

export interface MimePart {
  /** Dotted position of the part (`1`, `1.2` …); `''` for the message itself. */
  readonly path: string;
  readonly headers: readonly HeaderField[];
  /** Lower-case media type (`text/plain` when the part has no Content-Type). */
  readonly contentType: string;
  /** Content-Type parameters, names lower-cased. */
  readonly params: Readonly<Record<string, string>>;
  /** The part's body (still transfer-encoded), as a latin1 string. */
  readonly body: string;
  readonly children: readonly MimePart[];
}

export interface MimeScan {
  readonly root: MimePart;
  /** Structural problems, each naming the part (and attachment name when there is one). */
  readonly issues: readonly MimeIssue[];
}

export interface MimeIssue {
  readonly path: string;
  /** The part's file name (Content-Disposition `filename` or Content-Type `name`), if any. */
  readonly filename?: string;
  /** `truncated`: the part's content is cut short and must not be used. */
  readonly kind: 'truncated' | 'structure' | 'depth';
  readonly reason: string;
}

/** Multipart nesting beyond this is refused whatever the options (stack safety). */
const MAX_MULTIPART_DEPTH = 32;
const HEADER_NAME = /^[!-9;-~]+$/;

/** Splits a header block into unfolded fields; lines that are not fields are skipped. */
export function parseHeaderBlock(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  let current: string | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    const colon = current.indexOf(':');
    const name = current.slice(0, colon).trim();
    if (colon > 0 && HEADER_NAME.test(name)) {
      fields.push({ name: name.toLowerCase(), value: current.slice(colon + 1).trim() });
    }
    current = undefined;
  };
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current !== undefined) current += ' ' + line.trim();
    else {
      flush();
      current = line;
    }
  }
  flush();
  return fields;
}

/** Offset where the header block ends and the offset where the body starts. */
function splitHeaderBody(raw: string): { headerEnd: number; bodyStart: number } {
  if (/^\r?\n/.test(raw)) return { headerEnd: 0, bodyStart: raw.indexOf('\n') + 1 };
  const m = /\r?\n\r?\n/.exec(raw);
  return m
    ? { headerEnd: m.index, bodyStart: m.index + m[0].length }
    : { headerEnd: raw.length, bodyStart: raw.length };
}

/** Parses `type/subtype; a=b; c="d"` into the lower-case type and its parameters. */
export function parseContentType(value: string | undefined): {
  type: string;
  params: Record<string, string>;
} {
  const params: Record<string, string> = {};
  if (value === undefined || value.trim() === '') return { type: 'text/plain', params };
  const [head = '', ...rest] = value.split(';');
  const paramText = rest.join(';');
  const re = /([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (let m = re.exec(paramText); m !== null; m = re.exec(paramText)) {
    const name = m[1]!.toLowerCase();
    const val = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    params[name] = val;
  }
  const type = head.trim().toLowerCase();
  return { type: /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'text/plain', params };
}

/** The first value of a header field, if present. */
export function headerValue(headers: readonly HeaderField[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}

/** Every value of a header field, in order. */
export function headerValues(headers: readonly HeaderField[], name: string): string[] {
  return headers.filter((h) => h.name === name).map((h) => h.value);
}

/** The file name a part declares, RFC 2231 `name*=charset''…` decoded (UTF-8 only). */
export function partFilename(part: MimePart): string | undefined {
  const disposition = parseContentType(
    `x/x; ${headerValue(part.headers, 'content-disposition')?.replace(/^[^;]*;?/, '') ?? ''}`,
  ).params;
  const star = disposition['filename*'] ?? part.params['name*'];
  if (star !== undefined) {
    const m = /^[^']*'[^']*'(.*)$/.exec(star);
    try {
      return decodeURIComponent(m?.[1] ?? star);
    } catch {
      return star;
    }
  }
  const plain = disposition.filename ?? part.params.name;
  return plain === undefined ? undefined : decodeWords(plain);
}

interface ScanState {
  readonly issues: MimeIssue[];
  readonly maxMessageDepth: number;
}

function issueFor(
  part: MimePart,
  reason: string,
  kind: MimeIssue['kind'] = 'structure',
): MimeIssue {
  const filename = partFilename(part);
  const issue: MimeIssue = { path: part.path, kind, reason };
  return filename === undefined ? issue : { ...issue, filename };
}

function partLabel(part: MimePart): string {
  const filename = partFilename(part);
  const where = part.path === '' ? 'the message' : `part ${part.path}`;
  return `${where} (${part.contentType}${filename === undefined ? '' : `, "${filename}"`})`;
}

function checkBase64(part: MimePart, state: ScanState): void {
  const encoding = headerValue(part.headers, 'content-transfer-encoding')?.toLowerCase();
  if (encoding !== 'base64') return;
  const text = part.body.replace(/[\s]+/g, '');
  if (/[^A-Za-z0-9+/=]/.test(text)) {
    state.issues.push(
      issueFor(part, `${partLabel(part)}: invalid characters in base64 content`, 'truncated'),
    );
  } else if (text.length % 4 !== 0 || /=[^=]/.test(text)) {
    state.issues.push(
      issueFor(
        part,
        `${partLabel(part)}: base64 content is truncated (${text.length} characters)`,
        'truncated',
      ),
    );
  }
}

function splitMultipart(body: string, boundary: string): { parts: string[]; closed: boolean } {
  const delimiter = `--${boundary}`;
  const starts: { start: number; end: number; close: boolean }[] = [];
  for (let at = body.indexOf(delimiter); at >= 0; at = body.indexOf(delimiter, at + 1)) {
    if (at > 0 && body[at - 1] !== '\n') continue;
    const after = at + delimiter.length;
    const close = body.startsWith('--', after);
    const lineEnd = body.indexOf('\n', after);
    const tail = body.slice(after + (close ? 2 : 0), lineEnd < 0 ? body.length : lineEnd);
    if (tail.trim() !== '') continue;
    // The CRLF before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1).
    const start = at - (body[at - 2] === '\r' ? 2 : at > 0 ? 1 : 0);
    starts.push({ start: Math.max(start, 0), end: lineEnd < 0 ? body.length : lineEnd + 1, close });
    if (close) break;
  }
  const parts: string[] = [];
  for (let i = 0; i < starts.length; i += 1) {
    const current = starts[i]!;
    if (current.close) break;
    const next = starts[i + 1];
    parts.push(body.slice(current.end, next === undefined ? body.length : next.start));
  }
  return { parts, closed: starts.some((s) => s.close) };
}

function scanPart(
  raw: string,
  path: string,
  depth: number,
  nesting: number,
  state: ScanState,
): MimePart {
  const { headerEnd, bodyStart } = splitHeaderBody(raw);
  const headers = parseHeaderBlock(raw.slice(0, headerEnd));
  const { type, params } = parseContentType(headerValue(headers, 'content-type'));
  const body = raw.slice(bodyStart);
  const children: MimePart[] = [];
  const part: MimePart = { path, headers, contentType: type, params, body, children };
  const childPath = (i: number): string => (path === '' ? `${i + 1}` : `${path}.${i + 1}`);
  if (type.startsWith('multipart/')) {
    const boundary = params.boundary;
    if (boundary === undefined || boundary === '') {
      state.issues.push(
        issueFor(part, `${partLabel(part)}: multipart without a boundary parameter`),
      );
      return part;
    }
    if (nesting >= MAX_MULTIPART_DEPTH) {
      state.issues.push(
        issueFor(part, `${partLabel(part)}: multipart nesting deeper than ${MAX_MULTIPART_DEPTH}`),
      );
      return part;
    }
    const { parts, closed } = splitMultipart(body, boundary);
    if (parts.length === 0) {
      state.issues.push(
        issueFor(part, `${partLabel(part)}: no part found for boundary "${boundary}"`),
      );
    } else if (!closed) {
      state.issues.push(
        issueFor(
          part,
          `${partLabel(part)}: closing boundary "--${boundary}--" missing; the message is truncated`,
        ),
      );
    }
    parts.forEach((text, i) =>
      children.push(scanPart(text, childPath(i), depth, nesting + 1, state)),
    );
  } else if (type === 'message/rfc822' || type === 'message/global') {
    if (depth >= state.maxMessageDepth) {
      state.issues.push(
        issueFor(
          part,
          `${partLabel(part)}: message/rfc822 nested deeper than ${state.maxMessageDepth} levels; kept as a file, not parsed`,
          'depth',
        ),
      );
      return part;
    }
    const encoding = headerValue(headers, 'content-transfer-encoding')?.toLowerCase();
    const inner = encoding === 'base64' ? Buffer.from(body, 'base64').toString('latin1') : body;
    children.push(scanPart(inner, childPath(0), depth + 1, nesting + 1, state));
  } else {
    checkBase64(part, state);
  }
  return part;
}

/**
 * Scans `raw` (the message bytes as latin1). `maxMessageDepth` bounds how many message/rfc822
 * parts may be nested inside each other; deeper ones are reported and not descended into.
 */
export function scanMime(raw: string, maxMessageDepth: number): MimeScan {
  const state: ScanState = { issues: [], maxMessageDepth };
  const root = scanPart(raw, '', 0, 0, state);
  return { root, issues: state.issues };
}

/** A leaf part's body with its Content-Transfer-Encoding (base64, quoted-printable) undone. */
export function decodedBody(part: MimePart): Buffer {
  const encoding = headerValue(part.headers, 'content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body, 'base64');
  if (encoding === 'quoted-printable') {
    const text = part.body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(text, 'latin1');
  }
  return Buffer.from(part.body, 'latin1');
}
