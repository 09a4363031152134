/**
 * The input of the outbreak detector (issue 5, item 3): one report of an incident by one
 * organisation, reduced to the values that cluster it — the same attachment hash, subject line,
 * URL or C2 address seen by others.
 *
 * Pure: no I/O. {@link parseOutbreakReport} checks a report before the detector touches its state,
 * so a bad report changes nothing.
 */
import { DomainError } from '../platform/errors.js';
import { isCountryCode } from '../platform/countries.js';

/** Kinds of value the intake step extracts; other kinds are accepted as given (`string`). */
export type ClusterKeyKind =
  | 'file-sha256'
  | 'file-md5'
  | 'file-sha1'
  | 'email-subject'
  | 'url'
  | 'domain'
  | 'ipv4'
  | 'ipv6'
  | 'email-addr'
  | 'asn'
  // Any other kind, kept open for intake formats added later (autocomplete keeps the list above).
  | (string & {});

/** One clustering value of a report. */
export interface ClusterKey {
  readonly kind: ClusterKeyKind;
  readonly value: string;
  /**
   * Name of the warninglist the value is on (enrichment, `warninglists.ts`). A benign key never
   * opens an alert and never joins one: a popular domain would glue unrelated outbreaks together.
   */
  readonly benign?: string;
}

/** One report, as the intake step hands it to the detector. */
export interface OutbreakReport {
  /** When the report was made: an RFC 3339 date-time (`Z` or a numeric offset). */
  readonly at: string;
  readonly organisationId: string;
  /** ISO 3166-1 alpha-2 code of the reporter's country, or null when unknown. */
  readonly country: string | null;
  readonly keys: readonly ClusterKey[];
}

/** A key of a checked report with its {@link clusterKeyId}. */
export interface ReportKey {
  readonly id: string;
  readonly key: ClusterKey;
}

/** A checked report: time in epoch milliseconds, country upper-case, keys with their ids. */
export interface ParsedReport {
  readonly atMs: number;
  readonly organisationId: string;
  readonly country: string | null;
  /** Distinct keys of the report, in first-appearance order. */
  readonly keys: readonly ReportKey[];
}

/** RFC 3339 section 5.6 `date-time` (a space for `T` is not allowed; lower-case `t`/`z` is). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Kinds whose values compare case-insensitively (hex digests, DNS names, e-mail addresses). */
const CASE_INSENSITIVE = new Set([
  'file-sha256',
  'file-md5',
  'file-sha1',
  'domain',
  'ipv6',
  'email-addr',
]);

/**
 * The identity of a key: kind and value, the value trimmed and lower-cased for kinds that are
 * case-insensitive. Two keys with the same id are the same cluster value.
 *
 * @example clusterKeyId({ kind: 'file-md5', value: 'ABC' }) === 'file-md5:abc'
 */
export function clusterKeyId(key: ClusterKey): string {
  const value = key.value.trim();
  return `${key.kind}:${CASE_INSENSITIVE.has(key.kind) ? value.toLowerCase() : value}`;
}

/** Parses an RFC 3339 date-time to epoch milliseconds; null when it is not one. */
export function parseRfc3339(value: unknown): number | null {
  if (typeof value !== 'string' || !RFC3339.test(value)) return null;
  const ms = Date.parse(value.toUpperCase());
  return Number.isNaN(ms) ? null : ms;
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('NH_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);
}

/**
 * Checks a report. Throws a `DomainError` `NH_ERR_VALIDATION` whose detail names the field
 * (`at`, `organisationId`, `country`, `keys/2/value` …).
 */
export function parseOutbreakReport(report: OutbreakReport): ParsedReport {
  const atMs = parseRfc3339(report.at);
  if (atMs === null) throw invalid('at', `"${String(report.at)}" is not an RFC 3339 date-time`);
  if (typeof report.organisationId !== 'string' || report.organisationId.trim() === '')
    throw invalid('organisationId', 'must be a non-empty string');
  let country: string | null = null;
  if (report.country !== null && report.country !== undefined) {
    country = typeof report.country === 'string' ? report.country.toUpperCase() : '';
    if (!isCountryCode(country))
      throw invalid(
        'country',
        `"${String(report.country)}" is not an ISO 3166-1 alpha-2 code (or null)`,
      );
  }
  if (!Array.isArray(report.keys)) throw invalid('keys', 'must be an array');
  const keys: ReportKey[] = [];
  const seen = new Set<string>();
  report.keys.forEach((key: ClusterKey, i) => {
    if (typeof key !== 'object' || key === null) throw invalid(`keys/${i}`, 'must be an object');
    if (typeof key.kind !== 'string' || key.kind.trim() === '')
      throw invalid(`keys/${i}/kind`, 'must be a non-empty string');
    if (typeof key.value !== 'string' || key.value.trim() === '')
      throw invalid(`keys/${i}/value`, 'must be a non-empty string');
    if (key.benign !== undefined && typeof key.benign !== 'string')
      throw invalid(`keys/${i}/benign`, 'must be a warninglist name');
    const id = clusterKeyId(key);
    if (seen.has(id)) return;
    seen.add(id);
    keys.push({ id, key });
  });
  return { atMs, organisationId: report.organisationId, country, keys };
}
