/**
 * What the outbreak detector is fed (issue 5, item 3), pure: stored objects → reports.
 *
 * One **report** is one stored, non-revoked newest version of
 * - an `incident` — the report wizard's: its observables are the targets of the `related-to`
 *   relationships stored with it (same `objects.stored` event);
 * - a `report` — its `object_refs`;
 * - an `observed-data` — its `object_refs` (each feed record of an intake import is one
 *   observation; a folded re-report is a new version of it, hence another report).
 * Sightings are not reports here (the sightings capability has its own); nor are notes, so the
 * node's own alert notes never feed the detector.
 *
 * A report feeds the detector only when its owner's aggregate-sharing setting counts it
 * (`aggregate.ts`) **and** it is marked CLEAR or GREEN (or unmarked) **and** shared with the
 * whole community: an alert names its keys to the community, so only values every organisation
 * could already read may reach one (an owner allowing AMBER counts allows counts, not values).
 *
 * Its organisation is the owner (the organisation that stored it), its country that
 * organisation's, its time the node's clock when it was stored (`date_added`), its keys those of
 * the observables it carries or refers to: file hashes, e-mail subject, URL, domain, IPv4/IPv6
 * and e-mail address, each with the first warninglist its enrichment records as `benign`.
 * Work is bounded: at most {@link MAX_REFS} observables and {@link MAX_KEYS} keys per report.
 */
import { countable } from '../correlate/aggregate.js';
import { displayKey, type KeyKind, type ObservableKey } from '../correlate/observable-keys.js';
import type { ClusterKey, ClusterKeyKind, OutbreakReport } from '../correlate/outbreak-report.js';
import { ENRICHMENT_EXTENSION_ID } from '../enrich/enrichment-extension.js';
import { NODE_WIDE_DISTRIBUTIONS } from '../policy/read-policy.js';

export const REPORT_TYPES: readonly string[] = ['incident', 'report', 'observed-data'];
export const MAX_REFS = 50;
export const MAX_KEYS = 20;
const FEEDABLE_TLP: ReadonlySet<string | null> = new Set([null, 'clear', 'green']);

/** The key kinds of each observable type that cluster reports, and their detector kind. */
const CLUSTER_KINDS: Readonly<Record<string, Partial<Record<KeyKind, ClusterKeyKind>>>> = {
  file: { sha256: 'file-sha256', md5: 'file-md5', sha1: 'file-sha1' },
  artifact: { sha256: 'file-sha256', md5: 'file-md5', sha1: 'file-sha1' },
  'email-message': { 'email-subject': 'email-subject' },
  url: { url: 'url' },
  'domain-name': { domain: 'domain' },
  'ipv4-addr': { ipv4: 'ipv4' },
  'ipv6-addr': { ipv6: 'ipv6' },
  'email-addr': { 'email-addr': 'email-addr' },
};

export const OBSERVABLE_TYPES: readonly string[] = Object.keys(CLUSTER_KINDS);

/** A stored version as the feed reads it. */
export interface StoredRow {
  readonly id: string;
  readonly type: string;
  readonly content: string;
  readonly ownerOrgId: string | null;
  readonly tlp: string | null;
  readonly distribution: string;
  readonly revoked: boolean;
  readonly dateAdded: string;
}

export interface ReportRoot {
  readonly row: StoredRow;
  /** Ids of the observables it carries or refers to (at most {@link MAX_REFS}). */
  readonly refs: readonly string[];
}

/** An organisation as the feed needs it. */
export interface Reporter {
  readonly country: string | null;
  readonly aggregateTlp: string | null;
}

/** An indexed key of an observable, with the observable's warninglists. */
export interface ObservableKeyRow {
  readonly objectId: string;
  readonly objectType: string;
  readonly key: ObservableKey;
  readonly warninglists: readonly string[];
}

const refsOf = (o: Record<string, unknown>): string[] =>
  Array.isArray(o.object_refs)
    ? o.object_refs.filter((r): r is string => typeof r === 'string')
    : [];

/** The report roots among the rows of one event, each with the observables it refers to. */
export function reportRoots(rows: readonly StoredRow[]): ReportRoot[] {
  const related = new Map<string, string[]>();
  for (const r of rows) {
    if (r.type !== 'relationship') continue;
    const o = JSON.parse(r.content) as Record<string, unknown>;
    if (typeof o.source_ref !== 'string' || typeof o.target_ref !== 'string') continue;
    const list = related.get(o.source_ref) ?? [];
    list.push(o.target_ref);
    related.set(o.source_ref, list);
  }
  const roots: ReportRoot[] = [];
  for (const row of rows) {
    if (!REPORT_TYPES.includes(row.type) || row.revoked || row.ownerOrgId === null) continue;
    const refs =
      row.type === 'incident'
        ? (related.get(row.id) ?? [])
        : refsOf(JSON.parse(row.content) as Record<string, unknown>);
    const observables = [...new Set(refs)].filter((id) =>
      OBSERVABLE_TYPES.includes(id.slice(0, id.indexOf('--'))),
    );
    if (observables.length > 0) roots.push({ row, refs: observables.slice(0, MAX_REFS) });
  }
  return roots;
}

/** Whether a report may feed the detector (see the module comment). */
export function feedable(row: StoredRow, reporter: Reporter | undefined): boolean {
  return (
    reporter !== undefined &&
    FEEDABLE_TLP.has(row.tlp) &&
    NODE_WIDE_DISTRIBUTIONS.includes(row.distribution) &&
    countable(row.tlp, reporter.aggregateTlp)
  );
}

/** The detector key of an observable's index key, or undefined when it does not cluster. */
export function clusterKeyOf(k: ObservableKeyRow): ClusterKey | undefined {
  const kind = CLUSTER_KINDS[k.objectType]?.[k.key.kind];
  if (kind === undefined) return undefined;
  const value = displayKey(k.key);
  const benign = k.warninglists[0];
  return benign === undefined ? { kind, value } : { kind, value, benign };
}

/** The names of the warninglists an observable's enrichment records (none when not enriched). */
export function warninglistsOf(content: string): string[] {
  if (!content.includes(ENRICHMENT_EXTENSION_ID)) return [];
  const o = JSON.parse(content) as { extensions?: Record<string, { warninglists?: unknown }> };
  const lists = o.extensions?.[ENRICHMENT_EXTENSION_ID]?.warninglists;
  return Array.isArray(lists) ? lists.filter((l): l is string => typeof l === 'string') : [];
}

/** A report for the detector, and the observable each of its keys came from. */
export interface FedReport {
  readonly report: OutbreakReport;
  /** The stored report root it was made from (for its federated aggregate). */
  readonly root: Pick<StoredRow, 'id' | 'dateAdded' | 'distribution'>;
  /** `clusterKeyId`-less pairs: the key and the id of the observable that carries it. */
  readonly sources: readonly { readonly key: ClusterKey; readonly objectId: string }[];
}

/** The detector report of a feedable root, or undefined when none of its observables clusters. */
export function outbreakReportOf(
  root: ReportRoot,
  reporter: Reporter,
  keysByObject: ReadonlyMap<string, readonly ObservableKeyRow[]>,
): FedReport | undefined {
  const sources: { key: ClusterKey; objectId: string }[] = [];
  for (const ref of root.refs) {
    for (const row of keysByObject.get(ref) ?? []) {
      const key = clusterKeyOf(row);
      if (key) sources.push({ key, objectId: ref });
      if (sources.length >= MAX_KEYS) break;
    }
    if (sources.length >= MAX_KEYS) break;
  }
  if (sources.length === 0 || root.row.ownerOrgId === null) return undefined;
  return {
    report: {
      at: root.row.dateAdded,
      organisationId: root.row.ownerOrgId,
      country: reporter.country,
      keys: sources.map((s) => s.key),
    },
    root: { id: root.row.id, dateAdded: root.row.dateAdded, distribution: root.row.distribution },
    sources,
  };
}
