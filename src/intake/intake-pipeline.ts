/**
 * The shared intake pipeline (issue 4), after the format parsers and before storage: items in,
 * STIX objects out. It
 * - enriches every cyber-observable once per import (the enricher is injected),
 * - folds repeated observations of the same observable by the same source within the
 *   de-duplication window into one `observed-data` (count, first and last seen), whose id is
 *   derived from source, observable and window so that later imports fold into it too,
 * - collects per-record errors (with their record and line numbers),
 * - remembers each record's distribution for storage.
 * Memory stays bounded: open observations are flushed when there are `maxOpenObservations`,
 * and the set of observables already sent is cleared when it reaches `recentObservables`.
 */
import { SCO_ID_CONTRIBUTING } from '../stix/ids.js';
import { uuidV5, type StixObject } from '../stix/index.js';
import type {
  IntakeDistribution,
  IntakeItem,
  IntakeRecordError,
  Observation,
} from './intake-item.js';
import {
  OBSERVATION_EXTENSION_ID,
  observationExtensionOf,
  type ObservationExtension,
} from './observation-extension.js';

/** UUIDv5 namespace of folded observations' ids. */
const OBSERVATION_NAMESPACE = '3f0a4a52-9d7e-4c1b-8a55-2f1c5e7d9b13';
/** STIX 2.1 caps `number_observed` at 999,999,999. */
const MAX_NUMBER_OBSERVED = 999_999_999;
/** Errors kept with their details; beyond, only counted. */
export const MAX_REPORTED_ERRORS = 10_000;

export interface PipelineSettings {
  /** Who reports, and through what: `<organisation id>|feed:openphish`, `<org>|misp` … */
  readonly source: string;
  readonly dedupWindowMs: number;
  /** The intake time (RFC 3339, milliseconds). */
  readonly now: string;
  readonly createdByRef?: string;
  readonly enrich?: (object: StixObject) => StixObject;
  readonly maxOpenObservations?: number;
  readonly recentObservables?: number;
}

export interface PipelineReport {
  /** Records read (items from the parser). */
  records: number;
  /** Observations folded into an observation already open in this import. */
  folded: number;
  errorCount: number;
  readonly errors: IntakeRecordError[];
  warningCount: number;
  /** Repairs the parsers made, by record (at most {@link MAX_REPORTED_ERRORS}). */
  readonly warnings: { record: number; line?: number; message: string }[];
}

interface OpenObservation {
  readonly id: string;
  readonly windowStart: number;
  readonly objectRefs: Set<string>;
  readonly labels: Set<string>;
  readonly markings: readonly string[];
  readonly distribution?: IntakeDistribution;
  first: string;
  last: string;
  count: number;
}

export interface IntakePipeline {
  readonly report: PipelineReport;
  run(items: AsyncIterable<IntakeItem>): AsyncGenerator<StixObject>;
  /** The distribution the record of `object` asked for, if any. */
  distributionOf(object: StixObject): IntakeDistribution | undefined;
}

/** STIX 2.1 cyber-observable types (the enriched and de-duplicated ones). */
function isObservable(object: StixObject): boolean {
  return Object.hasOwn(SCO_ID_CONTRIBUTING, object.type);
}

function markingsOf(object: StixObject | undefined): readonly string[] {
  const refs = (object as { object_marking_refs?: unknown } | undefined)?.object_marking_refs;
  return Array.isArray(refs) ? (refs as string[]) : [];
}

export function createIntakePipeline(settings: PipelineSettings): IntakePipeline {
  const maxOpen = settings.maxOpenObservations ?? 50_000;
  const maxRecent = settings.recentObservables ?? 200_000;
  const windowMs = Math.max(1, settings.dedupWindowMs);
  const report: PipelineReport = {
    records: 0,
    folded: 0,
    errorCount: 0,
    errors: [],
    warningCount: 0,
    warnings: [],
  };
  const distributions = new WeakMap<object, IntakeDistribution>();
  const open = new Map<string, OpenObservation>();
  let recent = new Set<string>();

  function observationId(subjectRef: string, windowStart: number): string {
    return `observed-data--${uuidV5(OBSERVATION_NAMESPACE, `${settings.source}|${subjectRef}|${windowStart}`)}`;
  }

  function observe(
    obs: Observation,
    markings: readonly string[],
    distribution?: IntakeDistribution,
  ) {
    const seenMs = Date.parse(obs.seen);
    const windowStart = Math.floor(seenMs / windowMs) * windowMs;
    // Keyed by subject and window; the id (a SHA-1) is derived only when an observation opens.
    const key = `${obs.subjectRef}|${windowStart}`;
    const current = open.get(key);
    if (current) {
      report.folded += 1;
      current.count += 1;
      if (obs.seen < current.first) current.first = obs.seen;
      if (obs.seen > current.last) current.last = obs.seen;
      for (const ref of obs.objectRefs) current.objectRefs.add(ref);
      for (const label of obs.labels ?? []) current.labels.add(label);
      return;
    }
    open.set(key, {
      id: observationId(obs.subjectRef, windowStart),
      windowStart,
      objectRefs: new Set(obs.objectRefs),
      labels: new Set(obs.labels ?? []),
      markings,
      distribution,
      first: obs.seen,
      last: obs.seen,
      count: 1,
    });
  }

  function* flush(): Generator<StixObject> {
    for (const o of open.values()) {
      const extension: ObservationExtension = {
        extension_type: 'property-extension',
        source: settings.source,
        window_start: new Date(o.windowStart).toISOString(),
        window_end: new Date(o.windowStart + windowMs).toISOString(),
      };
      const object: Record<string, unknown> = {
        type: 'observed-data',
        spec_version: '2.1',
        id: o.id,
        created: settings.now,
        modified: settings.now,
        first_observed: o.first,
        last_observed: o.last,
        number_observed: Math.min(o.count, MAX_NUMBER_OBSERVED),
        object_refs: [...o.objectRefs],
      };
      if (settings.createdByRef !== undefined) object.created_by_ref = settings.createdByRef;
      if (o.labels.size > 0) object.labels = [...o.labels];
      if (o.markings.length > 0) object.object_marking_refs = [...o.markings];
      object.extensions = { [OBSERVATION_EXTENSION_ID]: extension };
      const stix = object as StixObject;
      if (o.distribution !== undefined) distributions.set(stix, o.distribution);
      yield stix;
    }
    open.clear();
  }

  function prepare(object: StixObject, distribution?: IntakeDistribution): StixObject | undefined {
    let out = object;
    if (isObservable(object)) {
      if (recent.has(object.id)) return undefined;
      if (recent.size >= maxRecent) recent = new Set();
      recent.add(object.id);
      if (settings.enrich) out = settings.enrich(object);
    }
    if (distribution !== undefined) distributions.set(out, distribution);
    return out;
  }

  return {
    report,
    distributionOf: (object) => distributions.get(object),
    async *run(items) {
      for await (const item of items) {
        report.records += 1;
        if (item.kind === 'error') {
          report.errorCount += 1;
          if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(item);
          continue;
        }
        for (const message of item.warnings ?? []) {
          report.warningCount += 1;
          if (report.warnings.length < MAX_REPORTED_ERRORS)
            report.warnings.push({ record: item.record, line: item.line, message });
        }
        for (const object of item.objects) {
          const prepared = prepare(object, item.distribution);
          if (prepared) yield prepared;
        }
        if (item.observation) {
          const subject = item.objects.find((o) => o.id === item.observation?.subjectRef);
          observe(item.observation, markingsOf(subject), item.distribution);
          if (open.size >= maxOpen) yield* flush();
        }
      }
      yield* flush();
    },
  };
}

/** One millisecond after `ts` (RFC 3339 with milliseconds). */
function after(ts: string): string {
  return new Date(Date.parse(ts) + 1).toISOString();
}

/**
 * Folds a new report of an observation into the stored one: counts add up, first/last seen
 * widen, references and labels unite; `created` stays, `modified` moves past the stored one.
 * Applies only to observed-data carrying the nohaven observation extension.
 */
export const observationFolder = {
  applies(object: unknown): boolean {
    return (
      observationExtensionOf(object) !== undefined &&
      (object as { type?: unknown }).type === 'observed-data'
    );
  },
  merge(incoming: StixObject, latest: StixObject): StixObject {
    const a = incoming as Record<string, unknown> & StixObject;
    const b = latest as Record<string, unknown> & StixObject;
    const str = (v: unknown) => String(v);
    const first = [str(a.first_observed), str(b.first_observed)].sort()[0]!;
    const last = [str(a.last_observed), str(b.last_observed)].sort()[1]!;
    const count = Math.min(
      Number(a.number_observed ?? 1) + Number(b.number_observed ?? 1),
      MAX_NUMBER_OBSERVED,
    );
    const refs = new Set([
      ...((b.object_refs as string[]) ?? []),
      ...((a.object_refs as string[]) ?? []),
    ]);
    const labels = new Set([...((b.labels as string[]) ?? []), ...((a.labels as string[]) ?? [])]);
    const modified = str(a.modified) > str(b.modified) ? str(a.modified) : after(str(b.modified));
    const merged: Record<string, unknown> = {
      ...b,
      modified,
      first_observed: first,
      last_observed: last,
      number_observed: count,
      object_refs: [...refs],
    };
    if (labels.size > 0) merged.labels = [...labels];
    return merged as StixObject;
  },
};
