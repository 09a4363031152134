/**
 * Recognising e-mail text from its first bytes, shared by the e-mail family of formats.
 *
 * A head is an e-mail when, after an optional mbox `From ` line, it opens with an RFC 5322
 * header block: every line up to the first blank one is a header field or its folded
 * continuation, with at least two well-known field names among them. Binary data (NUL or
 * other C0 control characters) never is.
 */
import { parseHeaderBlock, type HeaderField } from './mime-tree.js';

const KNOWN_FIELDS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'received',
  'message-id',
  'mime-version',
  'return-path',
  'content-type',
  'content-transfer-encoding',
  'delivered-to',
  'reply-to',
  'sender',
  'x-mailer',
  'user-agent',
  'dkim-signature',
  'authentication-results',
  'received-spf',
  'x-original-to',
  'envelope-to',
  'x-arf',
  'x-xarf',
]);
const ANCHOR_FIELDS = ['from', 'received', 'message-id', 'mime-version', 'date', 'return-path'];
const FIELD_LINE = /^[!-9;-~]+[ \t]*:/;

/** Why `head` is not an e-mail message, or `undefined` when it looks like one. */
export function notEmailReason(head: string): string | undefined {
  let text = head.replace(/^\uFEFF/, '');
  if (text.trim() === '') return 'the input is empty';
  // eslint-disable-next-line no-control-regex
  const control = /[\x00-\x08\x0b\x0e-\x1f\x7f]/.exec(text.slice(0, 8192));
  if (control !== null) {
    const line = text.slice(0, control.index).split('\n').length;
    return `binary data (control character 0x${control[0].charCodeAt(0).toString(16).padStart(2, '0')} on line ${line}), not an e-mail message`;
  }
  if (text.startsWith('From ')) text = text.slice(text.indexOf('\n') + 1);
  const end = /\r?\n\r?\n/.exec(text);
  const lines = (end === null ? text : text.slice(0, end.index)).split(/\r?\n/);
  // Without a blank line the head may end inside a line; that last piece is not judged.
  if (end === null && lines.length > 1) lines.pop();
  const bad = lines.findIndex((l, i) => !FIELD_LINE.test(l) && !(i > 0 && /^[ \t]/.test(l)));
  if (bad >= 0) {
    return `line ${bad + 1} is not an RFC 5322 header field: "${lines[bad]!.slice(0, 60)}"`;
  }
  const names = new Set(parseHeaderBlock(lines.join('\n')).map((f) => f.name));
  const known = [...names].filter((n) => KNOWN_FIELDS.has(n)).length;
  if (known < 2 || !ANCHOR_FIELDS.some((n) => names.has(n))) {
    return 'no e-mail header fields (From, Received, Message-ID, Date …) at the start';
  }
  return undefined;
}

/** The header fields of the top-level message in `head` (mbox `From ` line skipped). */
export function headFields(head: string): HeaderField[] {
  let text = head.replace(/^\uFEFF/, '');
  if (text.startsWith('From ')) text = text.slice(text.indexOf('\n') + 1);
  const end = /\r?\n\r?\n/.exec(text);
  return parseHeaderBlock(end === null ? text : text.slice(0, end.index));
}

/** True when `head` starts with an e-mail message (or an mbox of them). */
export function isEmailHead(head: string): boolean {
  return notEmailReason(head) === undefined;
}
