/**
 * The sighting writer (issue 5, item 2): after each commit that stored reports (`objects.stored`),
 * every reporting object — `observed-data`, `report`, `grouping`, `note` — that refers directly
 * to an existing indicator, or refers to an observable that an indicator's STIX pattern matches
 * (found through the observable index, confirmed by evaluating the pattern), creates or updates
 * the sighting of that indicator by the reporting organisation (see `sighting.ts`).
 *
 * Runs after commit, one event at a time in arrival order, off the publisher's path: the import
 * that triggered it is never failed or slowed (errors go to `onError`). `settled()` resolves
 * once everything published so far is processed. Work per event is bounded: ids are handled in
 * chunks, each with one query per table or index kind. Its own sightings and locations are not
 * reports and are ignored (no recursion).
 *
 * Only reports with an owner organisation are counted (built-in content is nobody's report), and
 * only for indicators that organisation may read: a sighting never tells an organisation of an
 * indicator it cannot read (so a RED indicator, read by named users only, has no sightings).
 * Within one process the writer is serial; two processes updating the same sighting at once
 * may each store a version, the later one winning.
 */
import type { Kysely } from 'kysely';
import type { ReaderResolver } from '../access/reader.service.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { ObjectService } from '../objects/object.service.js';
import { createObjectRepository, type Recipients } from '../objects/object.repository.js';
import type { Distribution } from '../objects/object.types.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import type { Clock } from '../platform/ports.js';
import { canRead, type Reader, type ReadableMeta } from '../policy/read-policy.js';
import { SCO_ID_CONTRIBUTING } from '../stix/ids.js';
import type { StixObject } from '../stix/index.js';
import { correlationRepository } from './correlation.repository.js';
import { observableKeys, relatedLookups } from './observable-keys.js';
import { patternMatches } from './pattern-keys.js';
import {
  countryLocation,
  nextSighting,
  seenOf,
  sightingId,
  sightingReach,
  type SightingReach,
} from './sighting.js';
import { sightingRepository as repo, type PolicyRow } from './sighting.repository.js';

/** Types whose new versions are reports that may sight an indicator. */
export const REPORT_TYPES: readonly string[] = ['observed-data', 'report', 'grouping', 'note'];
const SCO_TYPES: ReadonlySet<string> = new Set(Object.keys(SCO_ID_CONTRIBUTING));
const CHUNK = 500;
const ACTOR_NAME = 'sightings';

export interface SightingService {
  /** Resolves once every `objects.stored` event received so far has been processed. */
  settled(): Promise<void>;
  /** Stops listening to the event bus. */
  stop(): void;
}

export interface SightingServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly events: NodeEvents;
  readonly objects: ObjectService;
  readonly readers: ReaderResolver;
  readonly clock: Clock;
  /** The node organisation's identity id: `created_by_ref` of the sightings. */
  readonly nodeIdentity: () => Promise<string>;
  /** Told of a failure to process an event (the import that published it is unaffected). */
  readonly onError?: (err: unknown) => void;
}

/** One counted pair: a report and an indicator it sights. */
interface Pair {
  readonly report: PolicyRow;
  readonly reportObject: StixObject;
  readonly indicator: PolicyRow;
}

function typeOf(id: string): string {
  return id.slice(0, id.lastIndexOf('--'));
}

function metaOf(row: PolicyRow, recipients: Recipients | undefined): ReadableMeta {
  return {
    ownerOrgId: row.ownerOrgId,
    tlp: row.tlp,
    distribution: row.distribution,
    recipientOrgIds: recipients?.organizations ?? [],
    recipientUserIds: recipients?.users ?? [],
  };
}

export function createSightingService(deps: SightingServiceDeps): SightingService {
  const { db } = deps;
  const objectRepo = createObjectRepository(deps.capabilities);
  let chain: Promise<void> = Promise.resolve();
  /** Countries whose `location` this process has stored (it never changes). */
  const locationsStored = new Set<string>();

  const unsubscribe = deps.events.subscribe((event) => {
    if (event.kind !== 'objects.stored') return;
    const ids = event.ids.filter((id) => REPORT_TYPES.includes(typeOf(id)));
    if (ids.length === 0) return;
    chain = chain.then(async () => {
      try {
        for (let i = 0; i < ids.length; i += CHUNK) await recordChunk(ids.slice(i, i + CHUNK));
      } catch (err) {
        deps.onError?.(err);
      }
    });
  });

  /** The indicators each report sights, confirmed. */
  async function pairsOf(reports: readonly PolicyRow[]): Promise<Pair[]> {
    const refs = await repo.refs(
      db,
      reports.map((r) => r.seq),
    );
    const observableIds = new Set<string>();
    const directIds = new Set<string>();
    for (const r of reports)
      for (const ref of refs.get(r.seq) ?? []) {
        if (typeOf(ref) === 'indicator') directIds.add(ref);
        else if (SCO_TYPES.has(typeOf(ref))) observableIds.add(ref);
      }
    const observables = new Map<string, StixObject>();
    for (const [id, content] of await correlationRepository.contents(db, [...observableIds]))
      observables.set(id, JSON.parse(content) as StixObject);

    // One index query per key kind for every observable of the chunk. The networks that contain
    // an address are 32 (128) lookups each: made only when some indicator anchors on a network.
    const networkKinds = new Set<string>();
    for (const kind of ['ipv4-net', 'ipv6-net'])
      if (await repo.anyPattern(db, kind)) networkKinds.add(kind);
    const valuesByKind = new Map<string, Set<string>>();
    const keysOf = new Map<string, { kind: string; value: string }[]>();
    for (const [id, observable] of observables) {
      const keys: { kind: string; value: string }[] = [];
      for (const key of observableKeys(observable))
        for (const lookup of relatedLookups(key)) {
          if (!('values' in lookup)) continue;
          if (lookup.relation === 'contains' && !networkKinds.has(lookup.kind)) continue;
          const set = valuesByKind.get(lookup.kind) ?? new Set<string>();
          for (const value of lookup.values) {
            set.add(value);
            keys.push({ kind: lookup.kind, value });
          }
          valuesByKind.set(lookup.kind, set);
        }
      keysOf.set(id, keys);
    }
    const hits = new Map<string, Map<string, string[]>>();
    for (const [kind, values] of valuesByKind)
      hits.set(kind, await repo.patternHits(db, kind, [...values]));
    const candidatesOf = new Map<string, Set<string>>();
    const indicatorIds = new Set(directIds);
    for (const [id, keys] of keysOf) {
      const set = new Set<string>();
      for (const k of keys) for (const ind of hits.get(k.kind)?.get(k.value) ?? []) set.add(ind);
      candidatesOf.set(id, set);
      for (const ind of set) indicatorIds.add(ind);
    }
    const indicators = new Map<string, { row: PolicyRow; object: StixObject }>();
    for (const row of await repo.latest(db, [...indicatorIds], ['indicator']))
      indicators.set(row.id, { row, object: JSON.parse(row.content) as StixObject });

    const pairs: Pair[] = [];
    for (const report of reports) {
      const reportObject = JSON.parse(report.content) as StixObject;
      const sighted = new Set<string>();
      for (const ref of refs.get(report.seq) ?? []) {
        if (indicators.has(ref)) sighted.add(ref);
        const observable = observables.get(ref);
        if (!observable) continue;
        for (const ind of candidatesOf.get(ref) ?? []) {
          const indicator = indicators.get(ind);
          if (indicator && !sighted.has(ind) && patternMatches(indicator.object, observable))
            sighted.add(ind);
        }
      }
      for (const ind of [...sighted].sort()) {
        const indicator = indicators.get(ind);
        if (indicator) pairs.push({ report, reportObject, indicator: indicator.row });
      }
    }
    return pairs;
  }

  async function recordChunk(ids: readonly string[]): Promise<void> {
    const reports = (await repo.latest(db, ids, REPORT_TYPES)).filter((r) => r.ownerOrgId !== null);
    if (reports.length === 0) return;
    const pairs = await pairsOf(reports);
    if (pairs.length === 0) return;

    const recipients = await objectRepo.recipientsOf(db, [
      ...new Set(pairs.flatMap((p) => [p.report.id, p.indicator.id])),
    ]);
    const organizations = [...new Set(pairs.map((p) => p.report.ownerOrgId as string))];
    const countries = await repo.countries(db, organizations);
    const readers = new Map<string, Reader>();
    for (const org of organizations)
      readers.set(org, (await deps.readers.readerOf(serviceActor(org))).reader);
    const nodeIdentity = await deps.nodeIdentity();
    const now = deps.clock.now().toISOString();

    /** Next version of each sighting, in the order first touched, with its owner and reach. */
    const next = new Map<
      string,
      { org: string; reach: SightingReach; object: StixObject | null }
    >();
    const planned: { id: string; org: string; reach: SightingReach; pair: Pair }[] = [];
    for (const pair of pairs) {
      const org = pair.report.ownerOrgId as string;
      const reader = readers.get(org);
      const indicatorMeta = metaOf(pair.indicator, recipients.get(pair.indicator.id));
      if (!reader || !canRead(reader, indicatorMeta)) continue;
      const reach = sightingReach(
        metaOf(pair.report, recipients.get(pair.report.id)),
        indicatorMeta,
      );
      planned.push({ id: sightingId(pair.indicator.id, org, reach), org, reach, pair });
    }
    const previous = await correlationRepository.contents(db, [
      ...new Set(planned.map((p) => p.id)),
    ]);
    for (const { id, org, reach, pair } of planned) {
      const seen = seenOf(pair.reportObject);
      if (!seen) continue;
      const before = next.get(id)?.object ?? parse(previous.get(id));
      const updated = nextSighting(before, {
        indicatorId: pair.indicator.id,
        organizationId: org,
        country: countries.get(org) ?? null,
        reach,
        createdBy: nodeIdentity,
        report: { id: pair.report.id, type: pair.report.type, ...seen },
        now,
      });
      if (updated) next.set(id, { org, reach, object: updated });
    }
    if (next.size === 0) return;

    const locations = [...new Set(organizations.map((o) => countries.get(o)).filter(isString))];
    const missing = locations.filter((c) => !locationsStored.has(c));
    if (missing.length > 0) {
      await deps.objects.ingest(
        serviceActor(nodeIdentity),
        missing.map((c) => countryLocation(c, nodeIdentity)),
        { mode: 'partial', distribution: 'community', builtIn: true },
      );
      for (const c of missing) locationsStored.add(c);
    }
    // One atomic store per owner and reach: they share distribution and recipients.
    const groups = new Map<string, { org: string; reach: SightingReach; objects: StixObject[] }>();
    for (const { org, reach, object } of next.values()) {
      if (!object) continue;
      const key = JSON.stringify([org, reach]);
      const group = groups.get(key) ?? { org, reach, objects: [] };
      group.objects.push(object);
      groups.set(key, group);
    }
    for (const { org, reach, objects } of groups.values()) {
      const names = await repo.usernames(db, reach.userIds);
      if (reach.tlp === 'red' && names.size === 0) continue;
      await deps.objects.ingest(serviceActor(org), objects, {
        mode: 'atomic',
        distribution: reach.distribution as Distribution,
        recipients: { usernames: [...names.values()] },
      });
    }
  }

  return {
    settled: () => chain,
    stop: unsubscribe,
  };
}

function serviceActor(organizationId: string): Actor {
  return { kind: 'service', name: ACTOR_NAME, organizationId, role: 'analyst' };
}

function parse(content: string | undefined): StixObject | undefined {
  return content === undefined ? undefined : (JSON.parse(content) as StixObject);
}

function isString(v: string | null | undefined): v is string {
  return typeof v === 'string';
}
