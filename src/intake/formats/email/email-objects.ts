/**
 * One e-mail message → STIX 2.1 cyber-observables (spec 6.6 `email-message`, 6.5
 * `email-addr`, 6.7 `file`, 6.4 `domain-name`, 6.8/6.9 IP addresses, 6.15 `url`).
 *
 * Decoding (transfer encodings, charsets, RFC 2047 words, addresses) is done by postal-mime;
 * structure checks (truncation, nesting) by {@link scanMime}. Attachments are hashed as they
 * are (MD5, SHA-1, SHA-256) and never unpacked: a zip bomb costs its compressed size only.
 * A `message/rfc822` attachment (a forwarded e-mail) is also parsed as a message of its own,
 * down to `maxNestingDepth`.
 */
import { createHash } from 'node:crypto';
import PostalMime, { type Address, type Email } from 'postal-mime';
import { deterministicScoId, type StixObject } from '../../../stix/index.js';
import {
  domainObservable,
  emailObservable,
  fileObservable,
  ipObservable,
  normalizeDomain,
  urlObservable,
  type ObservableResult,
} from '../../observables.js';
import type { IntakeContext } from '../../intake-item.js';
import { bodyUrls, parseMailDate, receivedIps } from './email-values.js';
import { headerValue, headerValues, scanMime, type MimeIssue } from './mime-tree.js';

/** Limits of the e-mail parsers; every one can be set per parser. */
export interface EmailLimits {
  /** Largest message read (bytes); a larger one is refused without being read whole. */
  readonly maxMessageBytes: number;
  /** Attachments imported per message; the ones beyond are reported, not hashed. */
  readonly maxAttachments: number;
  /** Largest attachment hashed (decoded bytes); a larger one is reported by name. */
  readonly maxAttachmentBytes: number;
  /** How deep message/rfc822 parts may nest inside each other and still be parsed. */
  readonly maxNestingDepth: number;
  /** URLs taken per message body (text and HTML together). */
  readonly maxUrls: number;
}

export const DEFAULT_EMAIL_LIMITS: EmailLimits = Object.freeze({
  maxMessageBytes: 25 * 1024 * 1024,
  maxAttachments: 100,
  maxAttachmentBytes: 20 * 1024 * 1024,
  maxNestingDepth: 3,
  maxUrls: 500,
});

/** Header fields kept in `additional_header_fields`, with the case written there. */
const EXTRA_HEADERS = [
  'Reply-To',
  'Return-Path',
  'In-Reply-To',
  'X-Mailer',
  'User-Agent',
  'X-Originating-IP',
  'Authentication-Results',
  'Received-SPF',
  'List-Unsubscribe',
] as const;

export interface MessageObjects {
  /** The `email-message` first, then every SCO it led to (no duplicates). */
  readonly objects: StixObject[];
  /** Id of the `email-message`. */
  readonly messageRef: string;
  /** The message's Date, RFC 3339 UTC with milliseconds, when it has a valid one. */
  readonly date?: string;
  /** What could not be imported (truncated parts, over-size attachments …), one reason each. */
  readonly problems: string[];
}

class ObjectSet {
  readonly byId = new Map<string, StixObject>();

  add(result: ObservableResult): string | undefined {
    if (!result.ok) return undefined;
    if (!this.byId.has(result.sco.id)) this.byId.set(result.sco.id, result.sco);
    return result.sco.id;
  }

  addObject(object: StixObject): void {
    if (!this.byId.has(object.id)) this.byId.set(object.id, object);
  }
}

function mailboxes(
  addresses: Address | readonly Address[] | undefined,
): { address: string; name: string }[] {
  if (addresses === undefined) return [];
  const list = Array.isArray(addresses) ? addresses : [addresses as Address];
  return list.flatMap((a) => (a.group !== undefined ? a.group : [a]));
}

function addressRefs(
  set: ObjectSet,
  addresses: Address | readonly Address[] | undefined,
): string[] {
  const refs = mailboxes(addresses).flatMap(
    (m) => set.add(emailObservable(m.address, m.name)) ?? [],
  );
  return [...new Set(refs)];
}

/** `file` for attachment bytes: MD5, SHA-1 and SHA-256 of the bytes as they are. */
export function fileOfBytes(
  bytes: Uint8Array,
  name?: string | null,
  mimeType?: string,
): ObservableResult {
  const digest = (algorithm: string): string => createHash(algorithm).update(bytes).digest('hex');
  return fileObservable({
    hashes: { MD5: digest('md5'), 'SHA-1': digest('sha1'), 'SHA-256': digest('sha256') },
    name: name ?? undefined,
    size: bytes.byteLength,
    mimeType,
  });
}

function urlRefs(set: ObjectSet, email: Email, limit: number): void {
  for (const href of bodyUrls(email.text, email.html, limit)) {
    const url = urlObservable(href);
    if (!set.add(url) || !url.ok) continue;
    const host = new URL(String(url.sco.value)).hostname.replace(/^\[|\]$/g, '');
    if (normalizeDomain(host) !== undefined) set.add(domainObservable(host));
    else set.add(ipObservable(host));
  }
}

function additionalHeaders(email: Email): Record<string, string | string[]> | undefined {
  const out: Record<string, string | string[]> = {};
  for (const name of EXTRA_HEADERS) {
    const values = email.headers
      .filter((h) => h.key === name.toLowerCase())
      .map((h) => h.value.trim());
    if (values.length === 1) out[name] = values[0]!;
    else if (values.length > 1) out[name] = values;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function attachmentLabel(name: string | null, index: number): string {
  return name === null || name === ''
    ? `attachment ${index + 1} (unnamed)`
    : `attachment "${name}"`;
}

function isTruncated(issues: readonly MimeIssue[], name: string | null): boolean {
  return name !== null && issues.some((i) => i.kind === 'truncated' && i.filename === name);
}

/**
 * Builds the observables of one message. `raw` is the whole message; `depth` counts the
 * message/rfc822 parts it sits in (0 for the outer one). Throws only when postal-mime cannot
 * parse the message at all.
 */
export async function buildMessageObjects(
  raw: Uint8Array,
  ctx: IntakeContext,
  limits: EmailLimits,
  depth = 0,
): Promise<MessageObjects> {
  const scan = scanMime(
    Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1'),
    limits.maxNestingDepth - depth,
  );
  // Structure problems of nested messages are found by the outer scan already.
  const problems =
    depth === 0
      ? scan.issues.map((i) => (i.kind === 'truncated' ? `${i.reason}; not imported` : i.reason))
      : [];
  const email = await PostalMime.parse(raw, {
    forceRfc822Attachments: true,
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: 64,
  });
  const set = new ObjectSet();
  const message: Record<string, unknown> = {
    type: 'email-message',
    spec_version: '2.1',
    is_multipart: scan.root.contentType.startsWith('multipart/'),
  };
  const date = parseMailDate(headerValue(scan.root.headers, 'date'));
  if (date !== undefined) message.date = date;
  const contentType = headerValue(scan.root.headers, 'content-type');
  if (contentType !== undefined && contentType !== '') message.content_type = contentType;
  const from = addressRefs(set, email.from)[0];
  if (from !== undefined) message.from_ref = from;
  const sender = addressRefs(set, email.sender)[0];
  if (sender !== undefined) message.sender_ref = sender;
  for (const [key, list] of [
    ['to_refs', email.to],
    ['cc_refs', email.cc],
    ['bcc_refs', email.bcc],
  ] as const) {
    const refs = addressRefs(set, list);
    if (refs.length > 0) message[key] = refs;
  }
  addressRefs(set, email.replyTo);
  if (email.messageId !== undefined && email.messageId !== '') message.message_id = email.messageId;
  if (email.subject !== undefined) message.subject = email.subject;
  const received = headerValues(scan.root.headers, 'received');
  if (received.length > 0) message.received_lines = received;
  for (const line of received) for (const ip of receivedIps(line)) set.add(ipObservable(ip));
  for (const value of headerValues(scan.root.headers, 'x-originating-ip')) {
    set.add(ipObservable(value.replace(/^\[|\]$/g, '')));
  }
  const extra = additionalHeaders(email);
  if (extra !== undefined) message.additional_header_fields = extra;
  urlRefs(set, email, limits.maxUrls);

  const parts: Record<string, unknown>[] = [];
  if (email.text !== undefined && email.text !== '')
    parts.push({ content_type: 'text/plain', body: email.text });
  if (email.html !== undefined && email.html !== '')
    parts.push({ content_type: 'text/html', body: email.html });
  const attachments = email.attachments;
  if (attachments.length > limits.maxAttachments) {
    problems.push(
      `${attachments.length - limits.maxAttachments} attachment(s) beyond the limit of ${limits.maxAttachments} not imported`,
    );
  }
  const nested: MessageObjects[] = [];
  for (const [index, attachment] of attachments.slice(0, limits.maxAttachments).entries()) {
    const label = attachmentLabel(attachment.filename, index);
    const bytes = new Uint8Array(attachment.content as ArrayBuffer);
    if (isTruncated(scan.issues, attachment.filename)) continue;
    if (bytes.byteLength > limits.maxAttachmentBytes) {
      problems.push(
        `${label} is ${bytes.byteLength} bytes, over the limit of ${limits.maxAttachmentBytes}; not imported`,
      );
      continue;
    }
    const file = fileOfBytes(bytes, attachment.filename, attachment.mimeType);
    const ref = set.add(file);
    if (ref === undefined) continue;
    const part: Record<string, unknown> = { content_type: attachment.mimeType, body_raw_ref: ref };
    if (attachment.disposition !== null) part.content_disposition = attachment.disposition;
    parts.push(part);
    if (attachment.mimeType === 'message/rfc822' || attachment.mimeType === 'message/global') {
      // Deeper messages stay files; the scan has reported them.
      if (depth >= limits.maxNestingDepth) continue;
      const inner = await buildMessageObjects(bytes, ctx, limits, depth + 1);
      nested.push(inner);
      problems.push(...inner.problems.map((p) => `${label}: ${p}`));
    }
  }
  if (message.is_multipart === true) {
    if (parts.length > 0) message.body_multipart = parts;
  } else if (email.text !== undefined || email.html !== undefined) {
    message.body = email.text ?? email.html;
  }
  const id = deterministicScoId(message, ctx.uuid);
  const objects = [{ id, ...message } as StixObject, ...set.byId.values()];
  const seen = new Set(objects.map((o) => o.id));
  for (const inner of nested) {
    for (const object of inner.objects) {
      if (!seen.has(object.id)) {
        seen.add(object.id);
        objects.push(object);
      }
    }
  }
  return date === undefined
    ? { objects, messageRef: id, problems }
    : { objects, messageRef: id, date, problems };
}
