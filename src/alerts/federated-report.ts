/**
 * Federated early warning (issue 6, item 6): outbreak reports cross node boundaries as
 * aggregates — when, from which country, which clustering values — without revealing which
 * organisation reported. The reporter is a keyed pseudonym (HMAC-SHA-256 of its organisation
 * id under a secret that never leaves its node), so a detector elsewhere counts distinct
 * organisations without learning who they are.
 *
 * The pseudonym is stable: a peer can tell that two aggregates come from the same (unnamed)
 * organisation, which the distinct-organisation count needs. It reveals neither the
 * organisation nor, across nodes, any link (each node has its own secret).
 *
 * Pure: no I/O (the secret and the ids are passed in).
 */
import { createHash, createHmac } from 'node:crypto';
import { DomainError, type ErrorDetail } from '../platform/errors.js';
import { isCountryCode } from '../platform/countries.js';
import { isNodeId } from '../federation/descriptor.js';
import {
  parseRfc3339,
  type ClusterKey,
  type OutbreakReport,
} from '../correlate/outbreak-report.js';
import { MAX_KEYS } from './alert-feed.js';

/** One report as it travels to peers. */
export interface AggregateReport {
  /** Deterministic: the same stored report always gives the same id (idempotent apply). */
  readonly id: string;
  /** The node the report was made on. */
  readonly origin: string;
  /** RFC 3339 time of the report. */
  readonly at: string;
  /** `anon--<base64url>`: the reporter's pseudonym on its node. */
  readonly reporter: string;
  /** ISO 3166-1 alpha-2 country of the reporter, or null when unknown. */
  readonly country: string | null;
  /** At most {@link MAX_KEYS} clustering values; benign (warninglisted) values included. */
  readonly keys: readonly ClusterKey[];
}

const PSEUDONYM = /^anon--[A-Za-z0-9_-]{22}$/;
const AGGREGATE_ID = /^aggregate--[A-Za-z0-9_-]{43}$/;
/** Longest clustering value carried (a long URL); longer values are not sent. */
export const MAX_KEY_LENGTH = 2048;

/** The pseudonym of an organisation under its node's secret. */
export function reporterPseudonym(secret: Buffer, organisationId: string): string {
  const mac = createHmac('sha256', secret).update(organisationId).digest();
  return `anon--${mac.subarray(0, 16).toString('base64url')}`;
}

/** The id of the aggregate of one stored report version on one node. */
export function aggregateId(origin: string, reportId: string, reportVersion: string): string {
  const digest = createHash('sha256').update(`${origin}\n${reportId}\n${reportVersion}`);
  return `aggregate--${digest.digest('base64url')}`;
}

/** The aggregate a local detector report becomes when it leaves the node. */
export function aggregateOf(
  report: OutbreakReport,
  ids: { readonly origin: string; readonly id: string; readonly reporter: string },
): AggregateReport {
  return {
    id: ids.id,
    origin: ids.origin,
    at: report.at,
    reporter: ids.reporter,
    country: report.country,
    keys: report.keys
      .filter((k) => k.value.length <= MAX_KEY_LENGTH)
      .slice(0, MAX_KEYS)
      .map((k) => (k.benign === undefined ? { kind: k.kind, value: k.value } : { ...k })),
  };
}

/**
 * Checks an aggregate received from a peer; throws `NH_ERR_VALIDATION` naming every bad member.
 * Nothing of a refused aggregate reaches the detector.
 */
export function parseAggregateReport(value: unknown): AggregateReport {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DomainError('NH_ERR_VALIDATION', 'an aggregate report must be a JSON object');
  const a = value as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  const bad = (path: string, message: string) => problems.push({ path, message });
  if (typeof a.id !== 'string' || !AGGREGATE_ID.test(a.id)) bad('/id', 'must be aggregate--<id>');
  if (!isNodeId(a.origin)) bad('/origin', 'must be node--<uuid>');
  if (parseRfc3339(a.at) === null) bad('/at', 'must be an RFC 3339 date-time');
  if (typeof a.reporter !== 'string' || !PSEUDONYM.test(a.reporter))
    bad('/reporter', 'must be a pseudonym anon--<22 base64url characters>');
  if (a.country !== null && (typeof a.country !== 'string' || !isCountryCode(a.country)))
    bad('/country', 'must be an ISO 3166-1 alpha-2 code or null');
  if (!Array.isArray(a.keys) || a.keys.length === 0 || a.keys.length > MAX_KEYS) {
    bad('/keys', `must be an array of 1 to ${MAX_KEYS} clustering values`);
  } else {
    a.keys.forEach((k: unknown, i) => {
      const key = (k ?? {}) as Record<string, unknown>;
      if (typeof key.kind !== 'string' || !/^[a-z0-9-]{1,32}$/.test(key.kind))
        bad(`/keys/${i}/kind`, 'must be a key kind such as url or file-sha256');
      if (
        typeof key.value !== 'string' ||
        key.value.trim() === '' ||
        key.value.length > MAX_KEY_LENGTH
      )
        bad(
          `/keys/${i}/value`,
          `must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
        );
      if (key.benign !== undefined && typeof key.benign !== 'string')
        bad(`/keys/${i}/benign`, 'must be a warninglist name');
    });
  }
  if (problems.length > 0)
    throw new DomainError('NH_ERR_VALIDATION', 'the aggregate report is not valid', problems);
  return a as unknown as AggregateReport;
}

/**
 * The detector report of a peer's aggregate: the reporter is counted under its pseudonym,
 * qualified by the origin node so that pseudonyms of different nodes never collide.
 */
export function detectorReportOf(aggregate: AggregateReport): OutbreakReport {
  return {
    at: aggregate.at,
    organisationId: `${aggregate.origin}/${aggregate.reporter}`,
    country: aggregate.country,
    keys: aggregate.keys,
  };
}
