/**
 * ARF abuse reports (RFC 5965, "An Extensible Format for Email Feedback Reports"), one e-mail
 * or an mbox of them, each one record. From the `message/feedback-report` part (section 3.1):
 * Source-IP (the record's subject), Original-Mail-From and Original-Rcpt-To (`email-addr`),
 * Reported-Domain (`domain-name`), Reported-URI (`url`); Arrival-Date (or the older
 * Received-Date) is when it was seen; Feedback-Type gives the classification labels
 * (`spam`, `phishing` … and `arf:<feedback-type>`). The third part, the original message
 * (`message/rfc822`) or its header (`text/rfc822-headers`), is parsed like a plain e-mail; a
 * redacted one (no header fields) is left out. The feedback report as sent is kept in a `note`
 * about the observables (last object of the record); the human-readable first part is not.
 *
 * Detection: an e-mail whose top-level Content-Type is `multipart/report` with
 * `report-type=feedback-report`. Check it after X-ARF (whose e-mails carry `X-ARF: yes` and are
 * `multipart/mixed`) and before plain e-mail, which accepts any message.
 */
import type { StixObject } from '../../../stix/index.js';
import type { IntakeContext, IntakeParser } from '../../intake-item.js';
import {
  domainObservable,
  emailObservable,
  ipObservable,
  urlObservable,
} from '../../observables.js';
import { headFields, notEmailReason } from '../email/email-detect.js';
import {
  buildMessageObjects,
  DEFAULT_EMAIL_LIMITS,
  type EmailLimits,
} from '../email/email-objects.js';
import { createMessageParser, messageHead, type MessageOutcome } from '../email/email-records.js';
import { parseMailDate } from '../email/email-values.js';
import type { EmailFamilyFormat } from '../email/eml-format.js';
import { decodedBody, headerValue, parseContentType, scanMime } from '../email/mime-tree.js';
import { reportNote } from '../email/report-note.js';
import { classificationOf, parseFeedbackReport } from './feedback-report.js';

export const ARF_FORMAT = 'arf';

const ORIGINAL_TYPES = new Set([
  'message/rfc822',
  'text/rfc822-headers',
  'text/rfc822-header',
  'message/global',
]);

function isFeedbackReportType(contentType: string | undefined): boolean {
  const { type, params } = parseContentType(contentType);
  return type === 'multipart/report' && params['report-type']?.toLowerCase() === 'feedback-report';
}

/** True when `head` is an e-mail (or mbox) whose first message is an ARF feedback report. */
export function detectArf(head: string): boolean {
  return (
    notEmailReason(head) === undefined &&
    isFeedbackReportType(headerValue(headFields(head), 'content-type'))
  );
}

class Collected {
  readonly objects = new Map<string, StixObject>();
  readonly problems: string[] = [];

  add(field: string, result: ReturnType<typeof ipObservable>): string | undefined {
    if (!result.ok) {
      this.problems.push(`${field}: ${result.reason}`);
      return undefined;
    }
    if (!this.objects.has(result.sco.id)) this.objects.set(result.sco.id, result.sco);
    return result.sco.id;
  }
}

async function buildArf(
  bytes: Buffer,
  ctx: IntakeContext,
  limits: EmailLimits,
): Promise<MessageOutcome> {
  const scan = scanMime(bytes.toString('latin1'), limits.maxNestingDepth);
  const root = scan.root;
  if (!isFeedbackReportType(headerValue(root.headers, 'content-type'))) {
    const found = root.contentType;
    return {
      ok: false,
      notInFormat: true,
      reason: `not an ARF report: top-level Content-Type is ${found}, not multipart/report; report-type=feedback-report`,
    };
  }
  const reportPart = root.children.find((c) => c.contentType === 'message/feedback-report');
  if (reportPart === undefined) {
    return { ok: false, reason: 'ARF report without a message/feedback-report part' };
  }
  const reportText = decodedBody(reportPart).toString('utf8');
  const parsed = parseFeedbackReport(reportText);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const report = parsed.report;
  const found = new Collected();
  // Structure problems outside the original message; those inside are its own to report.
  const original = root.children.find((c) => ORIGINAL_TYPES.has(c.contentType));
  for (const issue of scan.issues) {
    if (
      original === undefined ||
      !(issue.path === original.path || issue.path.startsWith(`${original.path}.`))
    ) {
      found.problems.push(issue.reason);
    }
  }

  const subjects: (string | undefined)[] = [];
  if (report.sourceIp !== undefined)
    subjects.push(found.add('Source-IP', ipObservable(report.sourceIp)));
  for (const uri of report.reportedUris)
    subjects.push(found.add('Reported-URI', urlObservable(uri)));
  for (const domain of report.reportedDomains)
    subjects.push(found.add('Reported-Domain', domainObservable(domain)));
  if (report.originalMailFrom !== undefined && report.originalMailFrom !== '') {
    found.add('Original-Mail-From', emailObservable(report.originalMailFrom));
  }
  for (const rcpt of report.originalRcptTo) found.add('Original-Rcpt-To', emailObservable(rcpt));

  let messageObjects: StixObject[] = [];
  let messageRef: string | undefined;
  if (original !== undefined) {
    const inner = decodedBody(original);
    if (notEmailReason(messageHead(inner)) === undefined) {
      const built = await buildMessageObjects(inner, ctx, limits, 0);
      messageObjects = built.objects;
      messageRef = built.messageRef;
      found.problems.push(...built.problems.map((p) => `original message: ${p}`));
    }
  }
  const subjectRef = subjects.find((s) => s !== undefined) ?? messageRef;
  if (subjectRef === undefined) {
    const reasons = found.problems.length > 0 ? `: ${found.problems.join('; ')}` : '';
    return {
      ok: false,
      reason: `ARF report names no valid Source-IP, Reported-URI or Reported-Domain and carries no original message${reasons}`,
    };
  }
  let seen = ctx.now;
  if (report.arrivalDate !== undefined) {
    const date = parseMailDate(report.arrivalDate);
    if (date === undefined)
      found.problems.push(`Arrival-Date: unparsable date "${report.arrivalDate}"`);
    else seen = date;
  } else {
    seen = parseMailDate(headerValue(root.headers, 'date')) ?? ctx.now;
  }
  const objects = [...found.objects.values()];
  const ids = new Set(objects.map((o) => o.id));
  for (const object of messageObjects) {
    if (!ids.has(object.id)) {
      ids.add(object.id);
      objects.push(object);
    }
  }
  objects.sort((a, b) => (a.id === subjectRef ? -1 : b.id === subjectRef ? 1 : 0));
  const labels = [classificationOf(report.feedbackType), `arf:${report.feedbackType}`];
  const objectRefs = objects.map((o) => o.id);
  const by = report.userAgent === undefined ? '' : ` by ${report.userAgent}`;
  const note = reportNote(
    ctx,
    `ARF ${report.feedbackType} report${by}`,
    reportText.trim(),
    objectRefs,
  );
  return {
    ok: true,
    objects: [...objects, note],
    observation: { subjectRef, objectRefs, seen, labels },
    problems: found.problems,
  };
}

export function createArfParser(options: Partial<EmailLimits> = {}): IntakeParser {
  const limits: EmailLimits = { ...DEFAULT_EMAIL_LIMITS, ...options };
  return createMessageParser(ARF_FORMAT, limits.maxMessageBytes, (bytes, ctx) =>
    buildArf(bytes, ctx, limits),
  );
}

export const arfFormat: EmailFamilyFormat = {
  name: ARF_FORMAT,
  detect: detectArf,
  createParser: createArfParser,
  parse: createArfParser(),
};
