/**
 * The answers of the "report an incident" wizard (issue 4), as a person gives them: what
 * happened (an offence of the Convention's taxonomy, or "not sure"), when, who is affected,
 * what they saw, and the web addresses, e-mail addresses, IPs, phone numbers and files they
 * have. Every problem is a {@link ReportProblem} naming the field and carrying a stable code
 * the UI translates.
 */
import type { TlpLevel } from '../../stix/index.js';

export const AFFECTED = ['me', 'organisation', 'customers', 'others'] as const;
export type Affected = (typeof AFFECTED)[number];

export const OBSERVABLE_KINDS = ['url', 'domain', 'email', 'ip', 'phone'] as const;
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];

/** The offence choice for a person who cannot tell which offence it is. */
export const NOT_SURE = 'not-sure';

/** When it happened: at one moment, between two moments, or still going on. */
export type ReportWhen =
  | { readonly kind: 'at'; readonly at: string }
  | { readonly kind: 'between'; readonly from: string; readonly until: string }
  | { readonly kind: 'ongoing'; readonly since?: string };

export interface ReportAnswers {
  /** An offence code of `legal/offence-taxonomy.ts`, or {@link NOT_SURE}. */
  readonly offence: string;
  readonly when: ReportWhen;
  readonly affected: { readonly who: Affected; readonly count?: number };
  /** What the person saw, in their own words. */
  readonly whatHappened: string;
  readonly observables?: readonly { readonly type: ObservableKind; readonly value: string }[];
  /** TLP 2.0 level of everything the report creates; amber when absent. */
  readonly tlp?: TlpLevel;
}

/** A file the person attached (a document, a screenshot, or the e-mail itself as `.eml`). */
export interface ReportAttachment {
  readonly name: string;
  readonly mediaType?: string;
  readonly content: Uint8Array;
}

/** Limits on attachments; above them the report is refused (HTTP 413). */
export interface AttachmentLimits {
  readonly maxFiles: number;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = Object.freeze({
  maxFiles: 10,
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 25 * 1024 * 1024,
});

export const MAX_WHAT_HAPPENED = 20_000;
export const MAX_OBSERVABLES = 200;
export const MAX_AFFECTED_COUNT = 1_000_000_000;

/**
 * Stable problem codes; the UI shows `report.error.<code>` in the person's language, the API
 * also returns an English message.
 */
export type ReportProblemCode =
  | 'required'
  | 'unknown-offence'
  | 'invalid-time'
  | 'in-future'
  | 'range-reversed'
  | 'invalid-count'
  | 'too-long'
  | 'too-many-observables'
  | 'invalid-url'
  | 'invalid-domain'
  | 'invalid-email'
  | 'invalid-ip'
  | 'invalid-phone'
  | 'invalid-file-name'
  | 'invalid-base64'
  | 'empty-file'
  | 'too-many-files'
  | 'file-too-large'
  | 'total-too-large';

/** Codes that mean "too much" rather than "wrong" (HTTP 413 rather than 400). */
export const LIMIT_PROBLEMS: ReadonlySet<ReportProblemCode> = new Set([
  'too-many-files',
  'file-too-large',
  'total-too-large',
]);

export interface ReportProblem {
  /** JSON pointer of the answer in the request body, e.g. `/when/from`, `/attachments/1`. */
  readonly path: string;
  readonly code: ReportProblemCode;
  readonly message: string;
}
