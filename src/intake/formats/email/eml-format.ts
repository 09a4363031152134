/**
 * Plain e-mail messages (`.eml`, RFC 5322 + MIME), one or an mbox of several (issue 4,
 * "E-mail"): for instance a phishing or virus e-mail a victim forwards. Each message is one
 * record and becomes an `email-message` with its addresses, the IPs of its `Received` path,
 * the URLs of its bodies (and their domains) and each attachment as a hashed `file`; the
 * item's observation has the `email-message` as subject, seen at the message's Date.
 *
 * Detection order: this is the catch-all of the e-mail family. Try X-ARF (an `X-ARF: yes`
 * header, or X-ARF JSON) and ARF (top-level `multipart/report; report-type=feedback-report`)
 * first; any other message is plain e-mail.
 */
import type { IntakeParser } from '../../intake-item.js';
import { notEmailReason } from './email-detect.js';
import { buildMessageObjects, DEFAULT_EMAIL_LIMITS, type EmailLimits } from './email-objects.js';
import { createMessageParser } from './email-records.js';

export { DEFAULT_EMAIL_LIMITS, type EmailLimits } from './email-objects.js';

/** How the e-mail family formats present themselves to the format registry. */
export interface EmailFamilyFormat {
  readonly name: string;
  /** Recognises the format from the first ≤ 64 KiB of the input, decoded as text. */
  readonly detect: (head: string) => boolean;
  /** A parser with the given limits (defaults: {@link DEFAULT_EMAIL_LIMITS}). */
  readonly createParser: (limits?: Partial<EmailLimits>) => IntakeParser;
  /** A parser with the default limits. */
  readonly parse: IntakeParser;
}

export const EML_FORMAT = 'eml';

/** True when `head` is an e-mail message or an mbox (any e-mail: see the detection order). */
export function detectEml(head: string): boolean {
  return notEmailReason(head) === undefined;
}

export function createEmlParser(options: Partial<EmailLimits> = {}): IntakeParser {
  const limits: EmailLimits = { ...DEFAULT_EMAIL_LIMITS, ...options };
  return createMessageParser(EML_FORMAT, limits.maxMessageBytes, async (bytes, ctx) => {
    const { objects, messageRef, date, problems } = await buildMessageObjects(bytes, ctx, limits);
    const objectRefs = objects.map((o) => o.id);
    const observation = { subjectRef: messageRef, objectRefs, seen: date ?? ctx.now };
    return { ok: true, objects, observation, problems };
  });
}

export const emlFormat: EmailFamilyFormat = {
  name: EML_FORMAT,
  detect: detectEml,
  createParser: createEmlParser,
  parse: createEmlParser(),
};
