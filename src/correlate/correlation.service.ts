/**
 * Correlation of an object with everything else the reader may read (issue 5, item 1).
 *
 * The seeds are the object's own observable values and those of the observables it refers to
 * (an `observed-data`'s `object_refs`, a report's `object_refs` …), or an indicator's pattern
 * anchors. Each seed key is looked up in the observable index with its relations (the same
 * value, containing and contained networks, parent and sub-domains); the objects found, the
 * indicators whose patterns anchor on them, and the objects that refer to any of these
 * observables are the correlations. Every object returned passes the read policy within the
 * reader's own reach (break-glass does not extend to correlations); about what the reader may
 * not read, only the aggregate count of other reporting organisations and countries is told,
 * as far as their owners allow it.
 *
 * Correlation must not explode: a warninglisted seed value is not expanded, and a value with
 * more than `commonCap` index rows is flagged `common` and not expanded either.
 */
import type { Kysely } from 'kysely';
import type { ReaderResolver } from '../access/reader.service.js';
import type { ObjectService } from '../objects/object.service.js';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';
import { withinReachFilter, type ReadFilter } from '../policy/read-policy.js';
import { ENRICHMENT_EXTENSION_ID } from '../enrich/enrichment-extension.js';
import { aggregateOf, type Aggregate } from './aggregate.js';
import {
  correlationRepository as repo,
  lookupKey,
  organizationNames,
  sightingsOf,
  type KeyHit,
} from './correlation.repository.js';
import {
  identityRefsOf,
  locationRefsOf,
  sightingSummary,
  type SightingSummary,
} from './sighting-view.js';
import { patternMatches } from './pattern-keys.js';
import type { StixObject } from '../stix/index.js';
import {
  displayKey,
  type KeyKind,
  type KeyRelation,
  type ObservableKey,
} from './observable-keys.js';

/** How a correlated object relates to the object asked about. */
export type Relation = KeyRelation | 'pattern-match' | 'shared-anchor' | 'refers';

export interface CorrelationKey {
  readonly kind: KeyKind;
  /** The value as people write it. */
  readonly value: string;
  /** `indexed` — looked up; `common` — over the cap, not expanded; `warninglisted`. */
  readonly status: 'indexed' | 'common' | 'warninglisted';
  readonly warninglists: readonly string[];
}

export interface CorrelatedObject {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly modified: string;
  readonly tlp: string | null;
  readonly relation: Relation;
  /** The seed value through which it correlates (display form). */
  readonly via: string;
  /** The matched indexed value (display form), or the referenced observable's id. */
  readonly match: string;
}

export interface Correlations {
  readonly id: string;
  readonly keys: readonly CorrelationKey[];
  readonly related: readonly CorrelatedObject[];
  /** More correlations exist than `limit`. */
  readonly truncated: boolean;
  /** Other organisations (and their countries) that reported the seeds, as far as allowed. */
  readonly aggregate: Aggregate;
  /**
   * Sightings the reader may read of the object (an indicator), of the indicators whose patterns
   * match it, or of the indicators it refers to (issue 5, item 2), newest first.
   */
  readonly sightings: readonly SightingSummary[];
}

export interface CorrelationService {
  correlations(actor: Actor, id: string, options?: { limit?: number }): Promise<Correlations>;
}

export interface CorrelationServiceDeps {
  readonly db: Kysely<Database>;
  readonly objects: ObjectService;
  readonly readers: ReaderResolver;
  /** Index rows over which a value is "very common" and not expanded. */
  readonly commonCap: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
const MAX_SEEDS = 100;
const MAX_KEYS = 50;

interface Seed {
  readonly key: ObservableKey;
  readonly role: 'value' | 'pattern';
  readonly objectId: string;
  readonly content: string;
  readonly warninglists: readonly string[];
}

export function createCorrelationService(deps: CorrelationServiceDeps): CorrelationService {
  const { db } = deps;
  /**
   * Anchors only say a pattern may match: between an observable and an indicator, the pattern
   * is evaluated on the observable (STIX 2.1 §9) before the pair counts as a match.
   */
  async function verified(seed: Seed, hits: readonly KeyHit[]): Promise<(hit: KeyHit) => boolean> {
    const crossing = hits.filter((h) => (h.role === 'pattern') !== (seed.role === 'pattern'));
    if (crossing.length === 0) return () => true;
    const contents = await repo.contents(
      db,
      crossing.map((h) => h.id),
    );
    const seedObject = JSON.parse(seed.content) as StixObject;
    const ok = new Set(
      crossing
        .filter((h) => {
          const content = contents.get(h.id);
          if (content === undefined) return false;
          const other = JSON.parse(content) as StixObject;
          return seed.role === 'pattern'
            ? patternMatches(seedObject, other)
            : patternMatches(other, seedObject);
        })
        .map((h) => h.id),
    );
    return (hit) => (hit.role === 'pattern') === (seed.role === 'pattern') || ok.has(hit.id);
  }

  async function sightingsView(
    indicatorIds: readonly string[],
    filter: ReadFilter,
    limit: number,
  ): Promise<SightingSummary[]> {
    const rows = await sightingsOf(db, indicatorIds, filter, limit);
    if (rows.length === 0) return [];
    const contents = rows.map((r) => r.content);
    const [names, locations] = await Promise.all([
      organizationNames(db, identityRefsOf(contents)),
      repo.contents(db, locationRefsOf(contents)),
    ]);
    return rows.map((r) => sightingSummary(r, names, locations));
  }

  return {
    async correlations(actor, id, options = {}) {
      const limit = Math.min(Math.max(options.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
      // Reading the object itself goes through the object service: policy, audit, not-found.
      await deps.objects.get(actor, id);
      const latest = await repo.latest(db, id);
      if (!latest)
        return { id, keys: [], related: [], truncated: false, aggregate: none(), sightings: [] };
      const { reader } = await deps.readers.readerOf(actor);
      const filter = withinReachFilter(reader);

      const refs = (await repo.refsOf(db, latest.seq)).slice(0, MAX_SEEDS);
      const seeds = seedsOf(await repo.keysOf(db, [id, ...refs], filter)).slice(0, MAX_KEYS);
      const seedIds = new Set([id, ...seeds.map((s) => s.objectId)]);

      const keys: CorrelationKey[] = [];
      const found = new Map<string, CorrelatedObject>();
      const observables = new Set<string>();
      const indicators = new Set<string>();
      /** Seed observables not flagged: their referrers correlate too. */
      const expanded = new Set<string>();
      let truncated = false;
      const add = (o: CorrelatedObject) => {
        if (seedIds.has(o.id) || found.has(o.id)) return;
        if (found.size >= limit) truncated = true;
        else found.set(o.id, o);
      };

      for (const seed of seeds) {
        const entry = { kind: seed.key.kind, value: displayKey(seed.key) };
        if (seed.warninglists.length > 0) {
          keys.push({ ...entry, status: 'warninglisted', warninglists: seed.warninglists });
          continue;
        }
        const result = await lookupKey(db, seed.key, filter, {
          cap: deps.commonCap,
          limit: limit + 1,
        });
        if (result.common) {
          keys.push({ ...entry, status: 'common', warninglists: [] });
          continue;
        }
        keys.push({ ...entry, status: 'indexed', warninglists: [] });
        if (seed.role === 'value') expanded.add(seed.objectId);
        for (const { lookup, hits } of result.found) {
          const matching = await verified(seed, hits);
          for (const hit of hits) {
            if (!matching(hit)) continue;
            const relation = relationOf(seed.role, hit, lookup.relation);
            if (hit.role === 'value') observables.add(hit.id);
            else indicators.add(hit.id);
            add({ ...describe(hit), relation, via: entry.value, match: displayOf(hit) });
          }
        }
      }

      const observed = [...new Set([...expanded, ...observables])];
      for (const r of await repo.referrers(db, observed, filter, limit + seedIds.size + 1)) {
        if (r.id === id) continue;
        add({
          id: r.id,
          type: r.type,
          name: r.name,
          modified: r.modified,
          tlp: r.tlp,
          relation: 'refers',
          via: r.property,
          match: r.refId,
        });
      }
      const reporters = await repo.reporters(db, observed, [
        ...indicators,
        ...(latest.type === 'indicator' ? [id] : []),
      ]);
      const sighted = [
        ...(latest.type === 'indicator' ? [id] : []),
        ...refs.filter((r) => r.startsWith('indicator--')),
        ...[...found.values()]
          .filter((o) => o.relation === 'pattern-match' && o.type === 'indicator')
          .map((o) => o.id),
      ];
      return {
        id,
        keys,
        related: [...found.values()],
        truncated,
        aggregate: aggregateOf(reporters, actor.organizationId),
        sightings: await sightingsView([...new Set(sighted)], filter, limit),
      };
    },
  };
}

function none(): Aggregate {
  return { organizations: 0, countries: 0 };
}

function seedsOf(
  rows: readonly { id: string; content: string; kind: string; value: string; role: string }[],
): Seed[] {
  const lists = new Map<string, readonly string[]>();
  return rows.map((r) => {
    let warninglists = lists.get(r.id);
    if (warninglists === undefined) {
      warninglists = warninglistsOf(r.content);
      lists.set(r.id, warninglists);
    }
    return {
      key: { kind: r.kind as KeyKind, value: r.value },
      role: r.role === 'pattern' ? 'pattern' : 'value',
      objectId: r.id,
      content: r.content,
      warninglists,
    };
  });
}

/** The names of the warninglists the enrichment extension of an object records. */
function warninglistsOf(content: string): readonly string[] {
  if (!content.includes(ENRICHMENT_EXTENSION_ID)) return [];
  const object = JSON.parse(content) as { extensions?: Record<string, { warninglists?: unknown }> };
  const lists = object.extensions?.[ENRICHMENT_EXTENSION_ID]?.warninglists;
  return Array.isArray(lists) ? lists.filter((l): l is string => typeof l === 'string') : [];
}

function relationOf(seedRole: Seed['role'], hit: KeyHit, keyRelation: KeyRelation): Relation {
  if (seedRole === 'value' && hit.role === 'value') return keyRelation;
  if (seedRole === 'pattern' && hit.role === 'pattern') return 'shared-anchor';
  return 'pattern-match';
}

function describe(hit: KeyHit) {
  return { id: hit.id, type: hit.type, name: hit.name, modified: hit.modified, tlp: hit.tlp };
}

function displayOf(hit: KeyHit): string {
  return displayKey({ kind: hit.kind as KeyKind, value: hit.value });
}
