/**
 * Intake (issue 4): one code path from any supported input to the store, used by the REST
 * endpoint, `nohaven import`, the web UI's import page and the report wizard. Input bytes →
 * format (named, or detected from content) → parser → shared pipeline (enrichment,
 * de-duplication, policy defaults) → object store, streaming end to end.
 */
import type { Actor } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { BatchCommit, ObjectService } from '../objects/object.service.js';
import type { Distribution, IngestMode } from '../objects/object.types.js';
import { TLP, type StixObject, type TlpLevel } from '../stix/index.js';
import type { FeedDefinition } from './feeds/feed-definition.js';
import { feedIntakeParser } from './feeds/feed-intake.js';
import { tlpMarkingRef } from './feeds/feed-to-stix.js';
import { DETECTION_BYTES, detectFormat, formatNamed, INTAKE_FORMATS } from './formats/registry.js';
import {
  IntakeFormatError,
  type IntakeContext,
  type IntakeDistribution,
  type IntakeParser,
} from './intake-item.js';
import { createIntakePipeline, observationFolder } from './intake-pipeline.js';
import type { RoutingService } from '../route/routing.service.js';
import { ROUTABLE_TYPES } from '../route/routing-rules.js';

export interface IntakeProgress {
  /** Input bytes read so far. */
  readonly bytes: number;
  /** Records (feed lines, MISP attributes, messages, bundle objects …) read so far. */
  readonly records: number;
  /** STIX objects handed to the store so far. */
  readonly objects: number;
  /** Broken records so far. */
  readonly errors: number;
}

export interface ImportRequest {
  /** A format name (see {@link IntakeService.formats}); absent or `auto`: detected from content. */
  readonly format?: string;
  /** A feed definition: the input is that feed (no detection). */
  readonly feed?: FeedDefinition;
  readonly mode: IngestMode;
  readonly distribution?: Distribution;
  /** Marking for the objects the import creates when the input sets none (default amber). */
  readonly tlp?: TlpLevel;
  readonly onProgress?: (progress: IntakeProgress) => void;
  readonly onCommit?: (batch: BatchCommit) => void;
}

/** One problem of an import: the record (and line) it concerns and why. */
export interface RecordProblem {
  readonly record: number;
  readonly line?: number;
  /** Id of the STIX object concerned, for objects the store rejected. */
  readonly id?: string;
  readonly reason: string;
}

export interface ImportSummary {
  readonly format: string;
  readonly records: number;
  /** STIX objects produced and handed to the store. */
  readonly objects: number;
  readonly stored: number;
  /** Versions already stored (same id and version). */
  readonly duplicates: number;
  /** Reports folded into an observation (same observable, same source, same window). */
  readonly folded: number;
  /** Broken records and rejected objects (at most 10,000 listed; see `problemCount`). */
  readonly problems: readonly RecordProblem[];
  readonly problemCount: number;
  /** Repairs made to read the input (e.g. an empty custom reference dropped), by record. */
  readonly warnings: readonly { record: number; line?: number; message: string }[];
  readonly warningCount: number;
  /** True when nothing was stored: the import was all-or-nothing and something was wrong. */
  readonly rolledBack: boolean;
}

export interface IntakeServiceDeps {
  readonly objects: ObjectService;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly dedupWindowSeconds: number;
  /** Offline enrichment of cyber-observables; absent: none. */
  readonly enrich?: (object: StixObject) => StixObject;
  /** Routing to responsibility (issue 5, item 4) of the stored findings; absent: none. */
  readonly routing?: Pick<RoutingService, 'hasContacts' | 'routeAfterImport'>;
}

export interface IntakeService {
  formats(): { name: string; description: string }[];
  import(
    actor: Actor,
    input: AsyncIterable<Uint8Array | string>,
    request: ImportRequest,
  ): Promise<ImportSummary>;
}

/** Strictness of distributions: a sharing group sits between the organisation and the node. */
function rank(d: Distribution): number {
  if (d.startsWith('sharing-group:')) return 1;
  return { organisation: 0, community: 2, connected: 3, all: 4 }[d as string] ?? 0;
}

/**
 * The stricter of the importer's distribution and the one a record asks for. A sharing group
 * named by the input (a MISP sharing group) is not one of this node's: the owner only, then.
 */
function stricter(base: Distribution, asked: IntakeDistribution | undefined): Distribution {
  if (asked === undefined || asked === base) return base;
  if (asked.startsWith('sharing-group:')) return 'organisation';
  return rank(asked as Distribution) < rank(base) ? (asked as Distribution) : base;
}

/** Reads the first `size` bytes, and gives back a stream that replays them before the rest. */
async function peek(
  input: AsyncIterable<Uint8Array | string>,
  size: number,
): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const iterator = input[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks).subarray(0, size);
  async function* stream(): AsyncGenerator<Uint8Array> {
    yield* chunks;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head, stream: stream() };
}

export function createIntakeService(deps: IntakeServiceDeps): IntakeService {
  return {
    formats: () => INTAKE_FORMATS.map((f) => ({ name: f.name, description: f.description })),

    async import(actor, input, request) {
      let bytes = 0;
      async function* counted(): AsyncGenerator<Uint8Array | string> {
        for await (const chunk of input) {
          bytes += chunk.length;
          yield chunk;
        }
      }
      let formatName: string;
      let source: AsyncIterable<Uint8Array | string> = counted();
      let parse: IntakeParser;
      if (request.feed) {
        formatName = `feed:${request.feed.name}`;
        parse = feedIntakeParser(request.feed);
      } else if (request.format !== undefined && request.format !== 'auto') {
        const format = formatNamed(request.format);
        if (!format) {
          throw new DomainError(
            'NH_ERR_VALIDATION',
            `unknown format "${request.format}" (known: ${INTAKE_FORMATS.map((f) => f.name).join(', ')}, or a feed)`,
            [{ path: 'format', message: 'unknown format' }],
          );
        }
        formatName = format.name;
        parse = format.parse;
      } else {
        const { head, stream } = await peek(source, DETECTION_BYTES);
        const detected = detectFormat(head);
        if (!detected.ok) {
          throw new DomainError(
            'NH_ERR_UNSUPPORTED_MEDIA_TYPE',
            `unknown input: ${detected.reason}`,
            [{ path: 'format', message: detected.reason }],
          );
        }
        formatName = detected.format.name;
        parse = detected.format.parse;
        source = stream;
      }

      const now = deps.clock.now().toISOString();
      const tlpRef = (request.tlp ? tlpMarkingRef(request.tlp) : undefined) ?? TLP.AMBER.id;
      const ctx: IntakeContext = {
        now,
        uuid: () => deps.random.uuid(),
        createdByRef: actor.organizationId,
        defaultMarkingRefs: [tlpRef],
      };
      const pipeline = createIntakePipeline({
        source: `${actor.organizationId}|${formatName}`,
        dedupWindowMs: deps.dedupWindowSeconds * 1000,
        now,
        createdByRef: actor.organizationId,
        enrich: deps.enrich,
      });
      // Routing (issue 5, item 4), 1/3: the findings to route, collected only when the
      // directory has contacts (a bulk import into a node without one keeps no list).
      const toRoute: string[] | null =
        deps.routing && (await deps.routing.hasContacts()) ? [] : null;
      // Which record each object handed to the store came from (for rejections).
      let recordOf = new Int32Array(1024);
      let objects = 0;
      let currentRecord = 0;
      async function* produced(): AsyncGenerator<StixObject> {
        for await (const object of pipeline.run(
          tapRecords(parse(source, ctx), (r) => (currentRecord = r)),
        )) {
          if (objects === recordOf.length) {
            const grown = new Int32Array(recordOf.length * 2);
            grown.set(recordOf);
            recordOf = grown;
          }
          recordOf[objects] = currentRecord;
          objects += 1;
          // Routing 2/3: observables, and observed-data (routed by what they refer to).
          if (toRoute && (ROUTABLE_TYPES.has(object.type) || object.type === 'observed-data'))
            toRoute.push(object.id);
          yield object;
        }
      }
      const base = request.distribution ?? 'community';
      let summary;
      try {
        summary = await deps.objects.ingest(actor, produced(), {
          mode: request.mode,
          distribution: base,
          distributionOf: (o) => stricter(base, pipeline.distributionOf(o)),
          fold: observationFolder,
          rollbackIf: () => pipeline.report.errorCount > 0,
          onProgress: () =>
            request.onProgress?.({
              bytes,
              records: pipeline.report.records,
              objects,
              errors: pipeline.report.errorCount,
            }),
          onCommit: request.onCommit,
        });
      } catch (err) {
        if (err instanceof IntakeFormatError) {
          throw new DomainError(
            'NH_ERR_VALIDATION',
            `not a valid ${err.format} input: ${err.message}`,
            [{ path: 'input', message: err.message }],
          );
        }
        throw err;
      }
      // Routing 3/3: after the import's objects are committed; never fails the import
      // (`routeAfterImport` logs and counts its failures). Rejected objects are not in the
      // store and are skipped.
      if (toRoute && toRoute.length > 0 && !summary.rolledBack)
        await deps.routing!.routeAfterImport(actor, toRoute);
      const problems: RecordProblem[] = [
        ...pipeline.report.errors.map((e) => ({
          record: e.record,
          ...(e.line !== undefined ? { line: e.line } : {}),
          reason: e.reason,
        })),
        ...summary.rejected.map((r) => ({
          record: recordOf[r.index] ?? 0,
          ...(r.id !== null ? { id: r.id } : {}),
          reason: r.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; '),
        })),
      ].sort((a, b) => a.record - b.record);
      return {
        format: formatName,
        records: pipeline.report.records,
        objects,
        stored: summary.stored,
        duplicates: summary.duplicates,
        folded: pipeline.report.folded,
        problems: problems.slice(0, 10_000),
        problemCount: pipeline.report.errorCount + summary.rejected.length,
        warnings: pipeline.report.warnings.map((w) =>
          w.line === undefined ? { record: w.record, message: w.message } : w,
        ),
        warningCount: pipeline.report.warningCount,
        rolledBack: summary.rolledBack,
      };
    },
  };
}

/** Passes items through, telling `see` the record number of each. */
async function* tapRecords<T extends { record: number }>(
  items: AsyncIterable<T>,
  see: (record: number) => void,
): AsyncGenerator<T> {
  for await (const item of items) {
    see(item.record);
    yield item;
  }
}
