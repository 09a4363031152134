/**
 * The machine-readable part of an ARF report (RFC 5965 section 3.1, `message/feedback-report`):
 * a block of header-like fields, and the classification its Feedback-Type stands for.
 */
import { parseHeaderBlock } from '../email/mime-tree.js';

/** The fields of a feedback report; multi-valued ones (Original-Rcpt-To …) keep every value. */
export interface FeedbackReport {
  /** Lower-case Feedback-Type (`abuse`, `fraud`, `virus`, `auth-failure`, `not-spam` …). */
  readonly feedbackType: string;
  readonly userAgent?: string;
  readonly version?: string;
  readonly sourceIp?: string;
  readonly originalMailFrom?: string;
  readonly originalRcptTo: readonly string[];
  readonly arrivalDate?: string;
  readonly reportedDomains: readonly string[];
  readonly reportedUris: readonly string[];
  readonly authenticationResults: readonly string[];
  /** Every field, lower-case names, for what the report carries beyond the above. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
}

/**
 * IntelMQ `classification.type` for each Feedback-Type (RFC 5965 section 7.3 registry, RFC
 * 6591 `auth-failure`, RFC 6650). `not-spam` and `opt-out` are complaints that are no abuse:
 * they get `other`, like unregistered types.
 */
const CLASSIFICATION: Readonly<Record<string, string>> = {
  abuse: 'spam',
  fraud: 'phishing',
  virus: 'malware-distribution',
  'auth-failure': 'masquerade',
  other: 'other',
  'not-spam': 'other',
  'opt-out': 'other',
};

/** The IntelMQ classification type of a Feedback-Type (lower-case). */
export function classificationOf(feedbackType: string): string {
  return CLASSIFICATION[feedbackType] ?? 'other';
}

/** Removes `<…>` around an address or URI (RFC 5965 allows both forms). */
export function unbracket(value: string): string {
  return value
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
}

/**
 * Reads the fields; `undefined` plus a reason when the report lacks Feedback-Type, the one
 * field every consumer needs (User-Agent and Version, also required by RFC 5965, are often
 * missing or wrong in real reports, so their absence is tolerated).
 */
export function parseFeedbackReport(
  text: string,
): { ok: true; report: FeedbackReport } | { ok: false; reason: string } {
  const fields = new Map<string, string[]>();
  for (const { name, value } of parseHeaderBlock(text.replace(/^\s*\r?\n/, ''))) {
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  const one = (name: string): string | undefined => {
    const v = fields.get(name)?.find((x) => x.trim() !== '');
    return v === undefined ? undefined : v.trim();
  };
  const all = (name: string): string[] =>
    (fields.get(name) ?? []).map(unbracket).filter((v) => v !== '');
  const feedbackType = one('feedback-type')?.toLowerCase();
  if (feedbackType === undefined)
    return { ok: false, reason: 'feedback report lacks Feedback-Type' };
  const report: FeedbackReport = {
    feedbackType,
    userAgent: one('user-agent'),
    version: one('version'),
    sourceIp: one('source-ip'),
    originalMailFrom: one('original-mail-from') && unbracket(one('original-mail-from')!),
    originalRcptTo: all('original-rcpt-to'),
    arrivalDate: one('arrival-date') ?? one('received-date'),
    reportedDomains: all('reported-domain'),
    reportedUris: all('reported-uri'),
    authenticationResults: all('authentication-results'),
    fields,
  };
  return { ok: true, report };
}
