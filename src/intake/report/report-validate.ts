/**
 * Checks the wizard's answers and attachments and turns them into normalised values: every
 * problem is reported (not just the first), each naming its field with a stable code.
 */
import { isOffenceCode } from '../../legal/offence-taxonomy.js';
import type { StixObject } from '../../stix/index.js';
import { domainObservable, emailObservable, ipObservable, urlObservable } from '../observables.js';
import {
  DEFAULT_ATTACHMENT_LIMITS,
  MAX_AFFECTED_COUNT,
  MAX_OBSERVABLES,
  MAX_WHAT_HAPPENED,
  NOT_SURE,
  type AttachmentLimits,
  type ObservableKind,
  type ReportAnswers,
  type ReportAttachment,
  type ReportProblem,
  type ReportProblemCode,
} from './report-answers.js';

/** RFC 3339 date-time with a time zone (`Z` or an offset), seconds optional. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
/** A phone number as people write it: optional `+`, digits and separators. */
const PHONE = /^\+?[\d\s()./-]+$/;
/** Control characters and path separators, which no file name needs. */
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\]/;
/** Some tolerance for the clock of the person's device. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The time window, normalised to UTC with milliseconds. */
export type TimeWindow =
  | { readonly kind: 'at'; readonly at: string }
  | { readonly kind: 'between'; readonly from: string; readonly until: string }
  | { readonly kind: 'ongoing'; readonly since?: string };

export interface CheckedReport {
  readonly answers: ReportAnswers;
  readonly window: TimeWindow;
  readonly whatHappened: string;
  /** Observables the person typed, normalised, first occurrence of each id kept. */
  readonly observables: readonly StixObject[];
  /** Phone numbers (STIX 2.1 has no phone observable: they go into the description). */
  readonly phones: readonly string[];
}

type Problems = ReportProblem[];

function problem(out: Problems, path: string, code: ReportProblemCode, message: string): void {
  out.push({ path, code, message });
}

/** UTC RFC 3339 with milliseconds, or undefined when `value` is not a real date-time. */
export function parseDateTime(value: string): string | undefined {
  const m = RFC3339.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0'] = m.map((x) => x ?? '');
  const time = new Date(value.trim());
  if (Number.isNaN(time.getTime())) return undefined;
  // Reject rollovers such as February 30 (Date would move them to March).
  const local = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s));
  if (
    local.getUTCMonth() !== +mo! - 1 ||
    local.getUTCDate() !== +d! ||
    +h! > 23 ||
    +mi! > 59 ||
    +s > 59
  ) {
    return undefined;
  }
  return time.toISOString();
}

function checkTime(
  out: Problems,
  path: string,
  value: string | undefined,
  now: number,
  required: boolean,
): string | undefined {
  if (value === undefined || value.trim() === '') {
    if (required) problem(out, path, 'required', 'say when it happened');
    return undefined;
  }
  const iso = parseDateTime(value);
  if (iso === undefined) {
    problem(out, path, 'invalid-time', `"${value}" is not a date and time (RFC 3339)`);
    return undefined;
  }
  if (Date.parse(iso) > now + FUTURE_TOLERANCE_MS) {
    problem(out, path, 'in-future', `${iso} is in the future`);
    return undefined;
  }
  return iso;
}

function checkWindow(out: Problems, answers: ReportAnswers, now: number): TimeWindow {
  const w = answers.when;
  if (w.kind === 'at') return { kind: 'at', at: checkTime(out, '/when/at', w.at, now, true) ?? '' };
  if (w.kind === 'ongoing') {
    const since = checkTime(out, '/when/since', w.since, now, false);
    return since === undefined ? { kind: 'ongoing' } : { kind: 'ongoing', since };
  }
  const from = checkTime(out, '/when/from', w.from, now, true);
  const until = checkTime(out, '/when/until', w.until, now, true);
  if (from !== undefined && until !== undefined && from > until) {
    problem(
      out,
      '/when/until',
      'range-reversed',
      `the end (${until}) is before the start (${from})`,
    );
  }
  return { kind: 'between', from: from ?? '', until: until ?? '' };
}

const BUILDERS: Readonly<
  Record<
    Exclude<ObservableKind, 'phone'>,
    [(v: string) => ReturnType<typeof ipObservable>, ReportProblemCode]
  >
> = {
  url: [urlObservable, 'invalid-url'],
  domain: [domainObservable, 'invalid-domain'],
  email: [(v) => emailObservable(v), 'invalid-email'],
  ip: [ipObservable, 'invalid-ip'],
};

function checkObservables(out: Problems, answers: ReportAnswers) {
  const list = answers.observables ?? [];
  const observables = new Map<string, StixObject>();
  const phones: string[] = [];
  if (list.length > MAX_OBSERVABLES) {
    problem(
      out,
      '/observables',
      'too-many-observables',
      `${list.length} observables; at most ${MAX_OBSERVABLES} per report`,
    );
    return { observables: [], phones };
  }
  list.forEach((o, i) => {
    const path = `/observables/${i}/value`;
    const value = o.value.trim();
    if (value === '') return problem(out, path, 'required', 'this entry is empty');
    if (o.type === 'phone') {
      const digits = value.replace(/\D/g, '').length;
      if (!PHONE.test(value) || digits < 3 || digits > 17) {
        return problem(out, path, 'invalid-phone', `"${value}" is not a phone number`);
      }
      if (!phones.includes(value)) phones.push(value);
      return;
    }
    const [build, code] = BUILDERS[o.type];
    const result = build(value);
    if (!result.ok) return problem(out, path, code, result.reason);
    if (!observables.has(result.sco.id)) observables.set(result.sco.id, result.sco);
  });
  return { observables: [...observables.values()], phones };
}

/**
 * Checks the answers (without the attachments). `now` is the report time (RFC 3339). Returns the
 * normalised report, or every problem found.
 */
export function checkAnswers(
  answers: ReportAnswers,
  now: string,
): { ok: true; report: CheckedReport } | { ok: false; problems: ReportProblem[] } {
  const out: Problems = [];
  if (answers.offence.trim() === '') {
    problem(out, '/offence', 'required', 'choose what happened');
  } else if (answers.offence !== NOT_SURE && !isOffenceCode(answers.offence)) {
    problem(
      out,
      '/offence',
      'unknown-offence',
      `"${answers.offence}" is not an offence of the taxonomy`,
    );
  }
  const window = checkWindow(out, answers, Date.parse(now));
  const count = answers.affected.count;
  if (
    count !== undefined &&
    !(Number.isInteger(count) && count >= 1 && count <= MAX_AFFECTED_COUNT)
  ) {
    problem(
      out,
      '/affected/count',
      'invalid-count',
      `${count} is not a whole number from 1 to ${MAX_AFFECTED_COUNT}`,
    );
  }
  const whatHappened = answers.whatHappened.trim();
  if (whatHappened === '') {
    problem(out, '/what_happened', 'required', 'describe what you saw');
  } else if (whatHappened.length > MAX_WHAT_HAPPENED) {
    problem(
      out,
      '/what_happened',
      'too-long',
      `${whatHappened.length} characters; at most ${MAX_WHAT_HAPPENED}`,
    );
  }
  const { observables, phones } = checkObservables(out, answers);
  if (out.length > 0) return { ok: false, problems: out };
  return { ok: true, report: { answers, window, whatHappened, observables, phones } };
}

/** Checks the attachments' names and sizes against `limits`. */
export function checkAttachments(
  attachments: readonly ReportAttachment[],
  limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
): ReportProblem[] {
  const out: Problems = [];
  if (attachments.length > limits.maxFiles) {
    problem(
      out,
      '/attachments',
      'too-many-files',
      `${attachments.length} files; at most ${limits.maxFiles} per report`,
    );
  }
  let total = 0;
  attachments.forEach((a, i) => {
    const size = a.content.byteLength;
    total += size;
    if (a.name.trim() === '' || UNSAFE_NAME.test(a.name)) {
      problem(out, `/attachments/${i}/name`, 'invalid-file-name', `"${a.name}" is not a file name`);
    }
    if (size === 0) problem(out, `/attachments/${i}/content`, 'empty-file', `"${a.name}" is empty`);
    if (size > limits.maxFileBytes) {
      problem(
        out,
        `/attachments/${i}/content`,
        'file-too-large',
        `"${a.name}" has ${size} bytes; at most ${limits.maxFileBytes} per file`,
      );
    }
  });
  if (total > limits.maxTotalBytes) {
    problem(
      out,
      '/attachments',
      'total-too-large',
      `the files have ${total} bytes together; at most ${limits.maxTotalBytes}`,
    );
  }
  return out;
}

/** Strict base64 (RFC 4648 §4, padding required); undefined when `text` is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  return Buffer.from(clean, 'base64');
}
