/**
 * The outbreak early warning wired to the node (issue 5, item 3): every committed batch of
 * stored objects (`objects.stored`) is turned into detector reports (`alert-feed.ts`), and each
 * detector event is stored as a version of the alert's note (`alert-writer.ts`), which publishes
 * `alert.changed` after commit. Work runs one event after another, off the publisher's path:
 * the storing request has already been answered when its reports are read back.
 *
 * Detector state lives in this process. On `start` it is rebuilt by replaying the reports
 * stored within the detector's horizon (quiet period plus the longest window) without storing
 * what the replay decides; alert ids are derived from key and trip time, so the replay reopens
 * the stored alerts under their own ids. A stored open alert the replay does not reopen has
 * fallen quiet while the node was down: it is closed. Several processes on one PostgreSQL
 * database each see only the reports they store themselves (a documented limit).
 */
import type { Kysely } from 'kysely';
import { clusterKeyId } from '../correlate/outbreak-report.js';
import { createOutbreakDetector, type OutbreakDetector } from '../correlate/outbreak-detector.js';
import type { OutbreakAlert, OutbreakEvent } from '../correlate/outbreak-alert.js';
import {
  DEFAULT_OUTBREAK_SETTINGS,
  type OutbreakSettings,
} from '../correlate/outbreak-settings.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { Database } from '../platform/database/schema.js';
import type { Clock } from '../platform/ports.js';
import { alertPropertiesOf } from './alert-extension.js';
import {
  feedable,
  outbreakReportOf,
  reportRoots,
  type FedReport,
  type StoredRow,
} from './alert-feed.js';
import { alertFeedRepository as feedRepo } from './alert-feed.repository.js';
import { alertRepository } from './alert.repository.js';
import type { AlertWriter } from './alert-writer.js';
import {
  aggregateId,
  aggregateOf,
  detectorReportOf,
  parseAggregateReport,
  reporterPseudonym,
  type AggregateReport,
} from './federated-report.js';
import { federatedReportRepository as remoteRepo } from './federated-report.repository.js';

export interface OutbreakWatch {
  /**
   * Rebuilds the detector, subscribes to stored objects and starts the sweep timer. `onError`
   * hears what could not be handled (a report or an alert that failed to store).
   */
  start(onError?: (err: unknown) => void): Promise<void>;
  stop(): void;
  /** Moves the detector to the clock's now: closes quiet alerts, sends held updates. */
  sweep(): Promise<void>;
  /** Resolves once every event received so far has been handled (tests, benchmarks). */
  idle(): Promise<void>;
  readonly detector: OutbreakDetector;
  /**
   * Federated early warning (issue 6, item 6), outgoing: hears the aggregate of every local
   * report that may leave the node — fed to the detector, and distributed `connected` or `all`
   * — once it is committed and counted. Needs `deps.federation`. Returns the unsubscriber.
   */
  onAggregate(listener: (report: AggregateReport) => void): () => void;
  /**
   * Incoming: counts a peer's aggregate (checked with `parseAggregateReport`, which throws
   * `NH_ERR_VALIDATION` naming the field), stores it for restarts, and stores any alert event
   * it causes. Resolves false for a duplicate or an aggregate of this node's own (relayed back).
   */
  observeAggregate(report: unknown): Promise<boolean>;
}

/** Distributions whose reports may be counted by peers' detectors. */
const FEDERATED_DISTRIBUTIONS: readonly string[] = ['connected', 'all'];

/** Most observables remembered for the `object_refs` of alerts (key id → observable id). */
const MAX_SOURCES = 100_000;
/** Most report rows replayed on start. */
const MAX_REPLAY_ROWS = 200_000;
const REPLAY_PAGE = 1000;

export function createOutbreakWatch(deps: {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly events: NodeEvents;
  readonly writer: AlertWriter;
  readonly settings?: OutbreakSettings;
  /** How often quiet alerts are closed and held updates sent (default 15 s). */
  readonly sweepMs?: number;
  /**
   * This node's federation identity (its node id), once known; absent or null: aggregates
   * are neither sent nor accepted.
   */
  readonly federation?: () => Promise<{ readonly nodeId: string } | null>;
}): OutbreakWatch {
  const { db, writer } = deps;
  const settings = deps.settings ?? DEFAULT_OUTBREAK_SETTINGS;
  const detector = createOutbreakDetector({ clock: deps.clock, settings });
  /** The observable that carried each key lately, for the alert's `object_refs`. */
  const sources = new Map<string, string>();
  let chain: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let onError: ((err: unknown) => void) | undefined;
  const aggregateListeners = new Set<(report: AggregateReport) => void>();
  let federation: { readonly nodeId: string; readonly secret: Buffer } | null = null;

  function remember(report: FedReport) {
    for (const s of report.sources) {
      const id = clusterKeyId(s.key);
      sources.delete(id);
      sources.set(id, s.objectId);
      if (sources.size > MAX_SOURCES) sources.delete(sources.keys().next().value as string);
    }
  }

  function refsOf(alert: OutbreakAlert): string[] {
    const refs = new Set<string>();
    for (const k of alert.keys) {
      const ref = sources.get(clusterKeyId(k));
      if (ref) refs.add(ref);
    }
    return [...refs];
  }

  async function store(events: readonly OutbreakEvent[]) {
    for (const e of events) await writer.write(e.type, e.alert, e.at, refsOf(e.alert));
  }

  /** The detector reports of stored rows, in the order they were stored. */
  async function reportsOf(rows: readonly StoredRow[]): Promise<FedReport[]> {
    const roots = reportRoots(rows);
    if (roots.length === 0) return [];
    const reporters = await feedRepo.reporters(
      db,
      roots.map((r) => r.row.ownerOrgId as string),
    );
    const fed = roots.filter((r) => feedable(r.row, reporters.get(r.row.ownerOrgId as string)));
    if (fed.length === 0) return [];
    const keys = await feedRepo.observableKeys(
      db,
      fed.flatMap((r) => r.refs),
    );
    const out: FedReport[] = [];
    for (const root of fed) {
      const report = outbreakReportOf(root, reporters.get(root.row.ownerOrgId as string)!, keys);
      if (report) out.push(report);
    }
    return out.sort((a, b) => Date.parse(a.report.at) - Date.parse(b.report.at));
  }

  function observe(report: FedReport): OutbreakEvent[] {
    remember(report);
    try {
      return detector.observe(report.report);
    } catch (err) {
      // A report the detector refuses (say, an organisation with a malformed country) changes
      // nothing; the others still count.
      onError?.(err);
      return [];
    }
  }

  async function feed(ids: readonly string[]) {
    if (ids.every((id) => writer.isOwn(id))) return;
    const reports = await reportsOf(await feedRepo.storedRows(db, ids));
    for (const r of reports) {
      await store(observe(r));
      publishAggregate(r);
    }
  }

  function publishAggregate(r: FedReport) {
    if (!federation || aggregateListeners.size === 0) return;
    if (!FEDERATED_DISTRIBUTIONS.includes(r.root.distribution)) return;
    const aggregate = aggregateOf(r.report, {
      origin: federation.nodeId,
      id: aggregateId(federation.nodeId, r.root.id, r.root.dateAdded),
      reporter: reporterPseudonym(federation.secret, r.report.organisationId),
    });
    if (aggregate.keys.length === 0) return;
    for (const listener of aggregateListeners) {
      try {
        listener(aggregate);
      } catch (err) {
        onError?.(err);
      }
    }
  }

  function observeRemote(aggregate: AggregateReport): OutbreakEvent[] {
    try {
      return detector.observe(detectorReportOf(aggregate));
    } catch (err) {
      onError?.(err);
      return [];
    }
  }

  function enqueue(work: () => Promise<void>) {
    chain = chain.then(work).catch((err: unknown) => onError?.(err));
  }

  /** The oldest report time the detector can still count (quiet period plus longest window). */
  function horizonStart(): string {
    const s = settings;
    const horizonMs =
      (s.quietPeriodSeconds + Math.max(s.spreadWindowSeconds, 2 * s.growthWindowSeconds)) * 1000;
    return new Date(deps.clock.now().getTime() - horizonMs).toISOString();
  }

  /** The sweep: closes quiet alerts, sends held updates, forgets aggregates past the horizon. */
  async function tick() {
    await store(detector.tick());
    await remoteRepo.prune(db, horizonStart());
  }

  async function rebuild() {
    const since = horizonStart();
    const rows: StoredRow[] = [];
    let after = 0;
    while (rows.length < MAX_REPLAY_ROWS) {
      const page = await feedRepo.storedSince(db, since, after, REPLAY_PAGE);
      rows.push(...page.map((p) => p.row));
      const last = page[page.length - 1];
      if (!last || page.length < REPLAY_PAGE) break;
      after = last.seq;
    }
    // Replayed decisions are already stored: only the detector's state is rebuilt. Local
    // reports and peers' aggregates are replayed together, in report time order.
    const local = await reportsOf(rows);
    const remote = await remoteRepo.since(db, since, MAX_REPLAY_ROWS);
    const replay = [
      ...local.map((r) => ({ atMs: Date.parse(r.report.at), run: () => observe(r) })),
      ...remote.map((a) => ({ atMs: Date.parse(a.at.toUpperCase()), run: () => observeRemote(a) })),
    ].sort((a, b) => a.atMs - b.atMs);
    for (const r of replay) r.run();
    await remoteRepo.prune(db, since);
    detector.tick();
    for (const row of await alertRepository.open(db)) {
      const uuid = row.id.slice('note--'.length);
      if (detector.alert(uuid)) continue;
      const stored = await db
        .selectFrom('stix_objects')
        .select('content')
        .where('id', '=', row.id)
        .where('is_latest', '=', 1)
        .executeTakeFirst();
      const note = stored ? (JSON.parse(stored.content) as { object_refs?: string[] }) : null;
      const p = note ? alertPropertiesOf(note as never) : undefined;
      if (!p) continue;
      const now = deps.clock.now().toISOString();
      const closed: OutbreakAlert = {
        id: uuid,
        status: 'closed',
        severity: p.alert_severity,
        openedAt: p.opened_at,
        firstSeen: p.first_seen,
        lastSeen: p.last_seen,
        closedAt: now,
        reportCount: p.report_count,
        organisations: row.organisations,
        countries: row.countries,
        keys: p.keys,
        trigger: p.trigger,
      };
      await writer.write('closed', closed, now, note?.object_refs ?? []);
    }
  }

  return {
    detector,
    async start(errors) {
      if (unsubscribe) return;
      onError = errors;
      const own = (await deps.federation?.()) ?? null;
      federation = own
        ? { nodeId: own.nodeId, secret: await remoteRepo.pseudonymSecret(db) }
        : null;
      unsubscribe = deps.events.subscribe((event) => {
        if (event.kind === 'objects.stored') {
          const ids = event.ids;
          enqueue(() => feed(ids));
        }
      });
      enqueue(rebuild);
      await chain;
      timer = setInterval(() => enqueue(tick), deps.sweepMs ?? 15_000);
      timer.unref();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
      if (timer) clearInterval(timer);
      timer = null;
    },
    sweep() {
      enqueue(tick);
      return chain;
    },
    idle: () => chain,
    onAggregate(listener) {
      aggregateListeners.add(listener);
      return () => aggregateListeners.delete(listener);
    },
    async observeAggregate(input) {
      const aggregate = parseAggregateReport(input);
      if (!federation || aggregate.origin === federation.nodeId) return false;
      if (!(await remoteRepo.store(db, aggregate, deps.clock.now().toISOString()))) return false;
      enqueue(() => store(observeRemote(aggregate)));
      return true;
    },
  };
}
