import type { Config } from './platform/config.js';
import type { TlsMaterial } from './platform/tls.js';
import type { DatabaseHandle } from './platform/database/connection.js';
import { createHttpServer, type HttpServer } from './platform/http/http-server.js';
import { systemClock, systemRandom, type Clock, type RandomSource } from './platform/ports.js';
import { createAuditLog, type AuditLog } from './audit/audit.service.js';
import { auditRoutes } from './audit/audit.routes.js';
import { createAuditSweep, type AuditSweep } from './audit/audit-sweep.js';
import {
  createCheckpointService,
  type CheckpointService,
} from './audit/audit-checkpoint.service.js';
import { auditCheckpointRoutes } from './audit/audit-checkpoint.routes.js';
import { createWitnessService, type WitnessService } from './audit/audit-witness.service.js';
import { auditWitnessRoutes } from './audit/audit-witness.routes.js';
import { createAuditExporter, type AuditExporter } from './audit/audit-export.service.js';
import { auditExportRoutes } from './audit/audit-export.routes.js';
import { createAuditAlertService, type AuditAlertService } from './audit/audit-alert.service.js';
import { auditAlertRoutes } from './audit/audit-alert.routes.js';
import { createHttpWitnessPort, type CheckpointWitnessPort } from './audit/audit-witness.port.js';
import { verifyWitnessed, type WitnessedVerifyOptions } from './audit/audit-witness.verify.js';
import type { WitnessedAuditReport } from './audit/audit-checkpoint.verify.js';
import type { PeerDirectory } from './federation/federation.types.js';
import { createAuthService, type AuthService } from './auth/auth.service.js';
import { authPlugin } from './auth/auth.plugin.js';
import { authRoutes } from './auth/auth.routes.js';
import {
  createObjectService,
  type ObjectService,
  type VersionIndexer,
} from './objects/object.service.js';
import { objectRoutes } from './objects/object.routes.js';
import { createNodeService, type NodeService } from './node/node.service.js';
import { nodeRoutes } from './node/node.routes.js';
import { webPlugin } from './platform/http/web.js';
import { createIntakeService, type IntakeService } from './intake/intake.service.js';
import { intakeRoutes } from './intake/intake.routes.js';
import { lazyEnrich } from './enrich/shared-enricher.js';
import { createReportService, type ReportService } from './reports/report.service.js';
import { reportRoutes } from './reports/report.routes.js';
import { createCollectionService, type CollectionService } from './taxii/collection.service.js';
import { collectionRoutes } from './taxii/collection.routes.js';
import { createTaxiiService, type TaxiiService } from './taxii/taxii.service.js';
import { taxiiRoutes } from './taxii/taxii.routes.js';
import { createBreakGlassService, type BreakGlassService } from './access/break-glass.service.js';
import { createReaderResolver } from './access/reader.service.js';
import { resolveRecipients } from './access/recipients.js';
import { audienceDirectory } from './access/directory.js';
import {
  createSharingGroupService,
  type SharingGroupService,
} from './access/sharing-group.service.js';
import { accessRoutes } from './access/access.routes.js';
import { createEventBus, type NodeEvents } from './notify/event-bus.js';
import { createStreamService, type StreamService } from './notify/stream.service.js';
import { streamRoutes } from './notify/stream.routes.js';
import { createObservableIndexer } from './correlate/observable-index.js';
import { patternKeys } from './correlate/pattern-keys.js';
import {
  createCorrelationService,
  type CorrelationService,
} from './correlate/correlation.service.js';
import {
  createAggregateSettingService,
  type AggregateSettingService,
} from './correlate/aggregate-setting.service.js';
import { correlationRoutes } from './correlate/correlation.routes.js';
import { createSightingService, type SightingService } from './correlate/sighting.service.js';
import { createContactService, type ContactService } from './route/contact.service.js';
import { createRoutingService, type RoutingService } from './route/routing.service.js';
import { routingRoutes } from './route/routing.routes.js';
import { createAlertService, type AlertService } from './alerts/alert.service.js';
import { createAlertWriter } from './alerts/alert-writer.js';
import { createOutbreakWatch, type OutbreakWatch } from './alerts/outbreak-watch.js';
import { alertRoutes } from './alerts/alert.routes.js';
import type { OutbreakSettings } from './correlate/outbreak-settings.js';
import { createCoverageService, type CoverageService } from './route/coverage.service.js';
import { coverageRoutes } from './route/coverage.routes.js';
import { createNotifications, type Notifications } from './notify/notifications.js';
import { deliveryRoutes } from './notify/delivery.routes.js';
import {
  createPeerServices,
  registerPeering,
  type PeerServices,
} from './federation/peer-services.js';
import { createChangeFeed, type ChangeFeed } from './federation/change-feed.service.js';
import {
  changeFeedAdminRoutes,
  changeFeedPeerRoutes,
  changeFeedRoutes,
} from './federation/change-feed.routes.js';
import { nodeFederationPorts, type NodeFederationPorts } from './federation/federation-ports.js';
import { requirePeer } from './federation/signed-request.hook.js';
import type { FederationPorts } from './federation/change-feed.types.js';
import type { PushSettings } from './federation/feed-push.js';
import type { NodeIdentity } from './federation/federation.types.js';
import { createCaseService, type CaseService } from './cases/case.service.js';
import { caseRoutes } from './cases/case.routes.js';
import { createEvidenceService, type EvidenceService } from './cases/evidence.service.js';
import { fileEvidenceStore } from './cases/evidence-store.js';
import {
  createEvidencePackageService,
  type EvidencePackageService,
} from './cases/evidence-package.service.js';
import { evidenceRoutes } from './cases/evidence.routes.js';
import { createCooperation, type Cooperation } from './cooperation/cooperation.module.js';
import type { CooperationSettings } from './cooperation/cooperation.settings.js';
import { loadCooperationSettings } from './cooperation/settings.loader.js';
import type { OutboxBackoff } from './cooperation/outbox.dispatcher.js';
import { requestRoutes } from './cooperation/request.routes.js';
import { createOversight, type Oversight } from './oversight/oversight.module.js';
import type { OversightSettings } from './oversight/oversight.settings.js';
import { loadOversightSettings } from './oversight/oversight-settings.loader.js';
import { oversightRoutes } from './oversight/oversight.routes.js';
import { exchangePortsOf } from './cooperation/exchange-ports.js';
import { cooperationExchangeRoutes } from './cooperation/exchange.routes.js';
import { createPrivacyVault, type PrivacyVault } from './privacy/privacy-vault.js';
import {
  createPrivacyAccessService,
  type PrivacyAccessService,
} from './privacy/privacy-access.service.js';
import type { PrivacySettings } from './privacy/privacy.settings.js';
import { privacyRoutes } from './privacy/privacy.routes.js';
import { createCaseSubjectService, type CaseSubjectService } from './cases/case-subject.service.js';
import { caseSubjectRoutes } from './cases/case-subject.routes.js';

/** Everything a node process is built from; tests pass their own clock and database. */
export interface AppDeps {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  /** Fastify logger; off unless given. */
  readonly logger?: boolean | { level: string };
  /** Folder of the built web UI; null serves no UI (API-only tests). */
  readonly webRoot?: string | null;
  /** Certificate and key to serve HTTPS with (from `readTlsMaterial`); absent: plain HTTP. */
  readonly tls?: TlsMaterial | null;
  /**
   * Replaces the observable index writer (`null`: no index rows are written). Only for
   * benchmarks that measure what indexing costs an import; a node always indexes.
   */
  readonly indexer?: VersionIndexer | null;
  /** Live stream tuning (tests): heartbeat interval and per-subscriber queue bound. */
  readonly stream?: { readonly heartbeatMs?: number; readonly queueLimit?: number };
  /** Outbreak detector thresholds (default: `DEFAULT_OUTBREAK_SETTINGS`). */
  readonly outbreak?: OutbreakSettings;
  /** Outbound HTTP of federation (tests); default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Node identity, peers, signed transport and peer authentication (and, for tests, push
   * timeouts and back-off); absent: no federation.
   */
  readonly federation?: FederationPorts & { readonly push?: Partial<PushSettings> };
  /**
   * Replaces this node's own identity where it signs alone (evidence packages) — tests; absent:
   * the identity `nohaven start` made in the data folder, if any.
   */
  readonly identity?: NodeIdentity;
  /** Replaces the node's peers as witnesses of its checkpoints (tests); absent: its own peers. */
  readonly peers?: PeerDirectory;
  /** Carries checkpoints to witnesses (default: HTTP with `fetch`). */
  readonly witnessPort?: CheckpointWitnessPort;
  /** Legal-cooperation settings (tests); absent: read from `config.cooperationFile`. */
  readonly cooperation?: CooperationSettings;
  /** Retention and transparency settings (tests); absent: read from `config.oversightFile`. */
  readonly oversight?: OversightSettings;
  /** Back-off of the legal-cooperation outbox (tests); absent: the default. */
  readonly cooperationBackoff?: OutboxBackoff;
  /** Roles per data category and bulk-access thresholds (tests); absent: the defaults. */
  readonly privacy?: Partial<PrivacySettings>;
}

/** The services of one node, wired once. */
export interface Services {
  readonly audit: AuditLog;
  /**
   * Reads this node's identity from the data folder, if `nohaven start` made it, for the
   * parts that sign synchronously (audit checkpoints, witness receipts, exports, the change
   * feed). `buildApp` and the CLI call it once; resolves whether the node has one.
   */
  loadIdentity(): Promise<boolean>;
  /** Signed audit checkpoints and their witnesses (issue 8, item 4). */
  readonly checkpoints: CheckpointService;
  /** This node as a witness of other nodes' checkpoints. */
  readonly witness: WitnessService;
  /** The chain, the checkpoints and the witnesses' copies, compared. */
  verifyAudit(options?: WitnessedVerifyOptions): Promise<WitnessedAuditReport>;
  /** Unusual-access alerts for oversight (issue 8, item 5). */
  readonly auditAlerts: AuditAlertService;
  /** The signed audit export (issue 8, item 5). */
  readonly auditExport: AuditExporter;
  /** Checkpoints due, witness outbox, alerts; started and stopped with the app. */
  readonly auditSweep: AuditSweep;
  readonly auth: AuthService;
  readonly objects: ObjectService;
  readonly node: NodeService;
  readonly intake: IntakeService;
  readonly reports: ReportService;
  readonly collections: CollectionService;
  readonly taxii: TaxiiService;
  readonly random: RandomSource;
  readonly sharingGroups: SharingGroupService;
  readonly breakGlass: BreakGlassService;
  readonly events: NodeEvents;
  readonly stream: StreamService;
  readonly correlations: CorrelationService;
  readonly aggregateSettings: AggregateSettingService;
  readonly contacts: ContactService;
  readonly routing: RoutingService;
  readonly alerts: AlertService;
  /** The outbreak detector fed by stored reports; started and stopped with the app. */
  readonly outbreak: OutbreakWatch;
  readonly coverage: CoverageService;
  readonly sightings: SightingService;
  readonly notifications: Notifications;
  /** Node identity, peers and their health (issue 6). */
  readonly federation: PeerServices;
  /**
   * The federation change feed. It runs once the node has its identity (made by `nohaven
   * start`); on ports given by `AppDeps.federation` (tests), from the start.
   */
  readonly feed: ChangeFeed;
  /** The feed's ports on this node's own identity and peers; null when `AppDeps.federation` is given. */
  readonly federationPorts: NodeFederationPorts | null;
  readonly cases: CaseService;
  readonly evidence: EvidenceService;
  readonly evidencePackages: EvidencePackageService;
  /** Legal cooperation requests, their clocks and outbox (issue 7). */
  readonly cooperation: Cooperation;
  /** Retention, transparency report, data-subject requests (issue 8, items 3, 6, 7). */
  readonly oversight: Oversight;
  /** Sealed personal data and its purpose-bound opening (issue 8, items 1 and 2). */
  readonly privacy: { readonly vault: PrivacyVault; readonly access: PrivacyAccessService };
  /** The people a case concerns, sealed (issue 8, item 1). */
  readonly caseSubjects: CaseSubjectService;
}

export function createServices(deps: AppDeps): Services {
  const oversightSettings = deps.oversight ?? loadOversightSettings(deps.config.oversightFile);
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? systemRandom;
  const { db, capabilities } = deps.database;
  const audit = createAuditLog({ db, capabilities, clock });
  const vault = createPrivacyVault({
    db,
    keys: { dataDir: deps.config.dataDir, fromEnv: deps.config.masterKey },
    clock,
    random,
  });
  /** The database as the capabilities that store personal data see it: with the vault. */
  const sealedDb = db.withPlugin(vault.plugin);
  const auth = createAuthService({ db, capabilities, audit, clock, random });
  const events = createEventBus();
  const sharingGroups = createSharingGroupService({
    db,
    capabilities,
    audit,
    clock,
    random,
    events,
  });
  const breakGlass = createBreakGlassService({ db, capabilities, audit, clock, random });
  const readers = createReaderResolver({ sharingGroups, breakGlass });
  const objects = createObjectService({
    db,
    capabilities,
    audit,
    clock,
    events,
    readers,
    indexer:
      deps.indexer === undefined
        ? createObservableIndexer(capabilities, { patternKeys })
        : (deps.indexer ?? undefined),
    access: {
      checkDistribution: (actor, distribution) =>
        sharingGroups.checkDistribution(actor, distribution),
      // RED recipients may be users of organisations that active peers host (issue 6 §2).
      resolveRecipients: (input) =>
        resolveRecipients(db, input, {
          peerOrganizations: async () =>
            new Set(
              (await (deps.federation?.peers ?? federation.peers).active()).flatMap((p) =>
                p.organizations.map((o) => o.id),
              ),
            ),
        }),
      audienceDirectory: (actor, input) => audienceDirectory(db, actor, input),
    },
    // A deletion leaves a tombstone on the change feed (issue 6 §3; made below).
    removal: {
      within: (trx, objectId) => feed.removal.within(trx, objectId),
      after: (objectId) => feed.removal.after(objectId),
    },
  });
  const node = createNodeService({ config: deps.config, database: deps.database, objects });
  const enrich = lazyEnrich(deps.config);
  const contacts = createContactService({ db, capabilities, audit, clock, random });
  const routing = createRoutingService({
    db,
    capabilities,
    audit,
    clock,
    random,
    objects,
    contacts,
    events,
  });
  const notifications = createNotifications({
    db,
    capabilities,
    audit,
    clock,
    random,
    config: deps.config,
    events,
    objects,
    organizationId: () => node.organizationId(),
  });
  const intake = createIntakeService({
    objects,
    clock,
    random,
    dedupWindowSeconds: deps.config.dedupWindowSeconds,
    enrich,
    routing,
  });
  const reports = createReportService({ objects, clock, random, enrich, routing });
  const collections = createCollectionService({ db, capabilities, audit, clock, random });
  const taxii = createTaxiiService({
    db,
    capabilities,
    clock,
    random,
    objects,
    collections,
    routing,
  });
  const correlations = createCorrelationService({
    db,
    objects,
    readers,
    commonCap: deps.config.correlationCap,
  });
  const aggregateSettings = createAggregateSettingService({ db, capabilities, audit, clock });
  // The peer view shows each peer's lag, which the change feed (made below) knows.
  let feedLag: ChangeFeed['lag'] = async () => null;
  const federation = createPeerServices({
    config: deps.config,
    db,
    capabilities,
    audit,
    clock,
    random,
    events,
    organizationId: () => node.organizationId(),
    fetch: deps.fetch,
    lag: (nodeId) => feedLag(nodeId),
    // A narrowed policy withdraws what the peer may no longer hold.
    policyChanged: async (peer) => {
      await feed.withdrawals.reconsiderPeer(peer);
    },
  });
  /** The identity loaded by `loadIdentity` (or given by the deps). */
  let loaded: NodeIdentity | undefined = deps.identity;
  const currentIdentity = () => loaded;
  const federationPorts = deps.federation ? null : nodeFederationPorts(federation, currentIdentity);
  const feed = createChangeFeed({
    db,
    capabilities,
    clock,
    random,
    audit,
    events,
    objects,
    ports: deps.federation ?? federationPorts!.ports,
    push: deps.federation?.push,
    warn: (message, details) => process.emitWarning(`${message}: ${JSON.stringify(details)}`),
    // The outbreak watch is made below; the feed only uses it once started.
    aggregates: {
      onAggregate: (listener) => outbreak.onAggregate(listener),
      observeAggregate: (report) => outbreak.observeAggregate(report),
    },
  });
  feedLag = (nodeId) => feed.lag(nodeId);
  const outbreak = createOutbreakWatch({
    db,
    clock,
    events,
    settings: deps.outbreak ?? deps.config.outbreak,
    // Federated early warning once the node has its identity (made by `nohaven start`).
    federation: async () => {
      if (deps.federation) return { nodeId: deps.federation.identity.nodeId };
      const identity = await federation.identity.existing();
      return identity && { nodeId: identity.nodeId };
    },
    writer: createAlertWriter({
      db,
      capabilities,
      objects,
      events,
      organizationId: () => node.organizationId(),
    }),
  });
  const alerts = createAlertService({ db, capabilities, audit, clock, events, objects, readers });
  const sightings = createSightingService({
    db,
    capabilities,
    events,
    objects,
    readers,
    clock,
    nodeIdentity: () => node.organizationId(),
    onError: (err) => process.emitWarning(`sightings: ${String(err)}`),
  });
  /** The identity that signs what this node produces (evidence packages). */
  const ownIdentity = async (): Promise<NodeIdentity | null> =>
    deps.identity ?? (await federation.identity.existing());
  const cases = createCaseService({
    db: sealedDb,
    capabilities,
    audit,
    clock,
    random,
    objects,
    breakGlass,
  });
  const evidenceStore = fileEvidenceStore(deps.config.dataDir);
  const evidence = createEvidenceService({
    db: sealedDb,
    capabilities,
    audit,
    clock,
    random,
    cases,
    store: evidenceStore,
    maxBytes: deps.config.evidenceMaxBytes,
    nodeId: async () => (await ownIdentity())?.nodeId ?? null,
  });
  const evidencePackages = createEvidencePackageService({
    db,
    capabilities,
    audit,
    clock,
    random,
    cases,
    evidence,
    identity: ownIdentity,
  });
  const witnessPort =
    deps.witnessPort ?? createHttpWitnessPort({ timeoutMs: deps.config.webhookTimeoutMs });
  const checkpoints = createCheckpointService({
    db,
    capabilities,
    audit,
    clock,
    random,
    identity: currentIdentity,
    peers: deps.peers ?? federation.peers,
    witnesses: witnessPort,
    witnessUrls: deps.config.auditWitnesses,
    intervalSeconds: deps.config.auditCheckpointSeconds,
    retryBaseMs: deps.config.auditWitnessRetrySeconds * 1000,
    sweepActor: async () => ({
      kind: 'service',
      name: 'audit-checkpoint',
      role: 'admin',
      organizationId: await node.organizationId(),
    }),
  });
  const witness = createWitnessService({
    db,
    capabilities,
    audit,
    clock,
    random,
    identity: currentIdentity,
    peers: deps.peers ?? federation.peers,
  });
  const auditAlerts = createAuditAlertService({
    db,
    clock,
    random,
    events,
    settings: {
      windowSeconds: deps.config.auditAlertWindowSeconds,
      bulkReads: deps.config.auditAlertBulkReads,
      rateFactor: deps.config.auditAlertRateFactor,
      rateMinimum: deps.config.auditAlertRateMinimum,
      baselineDays: deps.config.auditAlertBaselineDays,
      workingHours: deps.config.auditAlertWorkingHours,
    },
  });
  const auditSweep = createAuditSweep({
    pollMs: deps.config.auditPollMs,
    tasks: [() => checkpoints.tick(), () => auditAlerts.tick()],
    onError: (err) => process.emitWarning(`audit sweep: ${String(err)}`),
  });
  return {
    async loadIdentity() {
      loaded ??= (await federation.identity.existing()) ?? undefined;
      return loaded !== undefined;
    },
    checkpoints,
    witness,
    auditAlerts,
    auditExport: createAuditExporter({ db, audit, clock, identity: currentIdentity }),
    auditSweep,
    verifyAudit: (options) =>
      verifyWitnessed(
        {
          db,
          audit,
          identity: currentIdentity,
          witnesses: witnessPort,
          witnessUrls: deps.config.auditWitnesses,
        },
        options,
      ),
    audit,
    auth,
    objects,
    node,
    intake,
    reports,
    collections,
    taxii,
    random,
    sharingGroups,
    breakGlass,
    events,
    stream: createStreamService({ db, capabilities, audit, events, readers, auditAlerts }),
    correlations,
    aggregateSettings,
    contacts,
    routing,
    alerts,
    outbreak,
    coverage: createCoverageService({ db, clock }),
    sightings,
    notifications,
    federation,
    feed,
    federationPorts,
    cases,
    evidence,
    evidencePackages,
    caseSubjects: createCaseSubjectService({
      db: sealedDb,
      capabilities,
      audit,
      clock,
      random,
      cases,
    }),
    privacy: {
      vault,
      access: createPrivacyAccessService({
        db: sealedDb,
        capabilities,
        audit,
        clock,
        random,
        events,
        settings: { ...oversightSettings.privacy, ...deps.privacy },
      }),
    },
    cooperation: createCooperation({
      db: sealedDb,
      capabilities,
      audit,
      clock,
      random,
      events,
      settings: deps.cooperation ?? loadCooperationSettings(deps.config.cooperationFile),
      // Requests to organisations of peers travel over the node's own federation channel.
      exchange: deps.federation ? undefined : exchangePortsOf(federation),
      backoff: deps.cooperationBackoff,
    }),
    oversight: createOversight({
      db: sealedDb,
      capabilities,
      audit,
      clock,
      random,
      settings: oversightSettings,
      withdraw: (objectId) => feed.withdrawals.afterRetention(objectId),
      evidenceStore,
      organizationId: () => node.organizationId(),
      onError: (err) => process.emitWarning(`retention: ${String(err)}`),
    }),
  };
}

/**
 * Builds the node's HTTP application without listening (tests use `app.inject()`; only
 * `server.ts` listens).
 */
export async function buildApp(
  deps: AppDeps,
  services: Services = createServices(deps),
): Promise<HttpServer> {
  const app = await createHttpServer({
    config: deps.config,
    logger: deps.logger ?? false,
    tls: deps.tls ?? null,
  });
  await app.register(authPlugin, { auth: services.auth, basicAuthPrefixes: ['/taxii2/'] });
  await app.register(nodeRoutes, { node: services.node });
  await app.register(authRoutes, {
    prefix: '/api/v1',
    auth: services.auth,
    httpsBaseUrl: deps.config.baseUrl.startsWith('https:'),
  });
  await services.loadIdentity();
  // A missing or wrong master key stops the node here (issue 8, item 1).
  await services.privacy.vault.ready();
  await app.register(auditRoutes, {
    prefix: '/api/v1/audit',
    audit: services.audit,
    verify: () => services.verifyAudit(),
  });
  await app.register(auditCheckpointRoutes, {
    prefix: '/api/v1/audit',
    checkpoints: services.checkpoints,
    witness: services.witness,
  });
  await app.register(auditExportRoutes, {
    prefix: '/api/v1/audit',
    exporter: services.auditExport,
  });
  await app.register(auditAlertRoutes, { prefix: '/api/v1/audit', alerts: services.auditAlerts });
  await app.register(auditWitnessRoutes, {
    prefix: '/federation/v1/audit-witness',
    witness: services.witness,
  });
  app.addHook('onReady', async () => services.auditSweep.start());
  app.addHook('onClose', () => services.auditSweep.stop());
  await app.register(objectRoutes, { prefix: '/api/v1/objects', objects: services.objects });
  await app.register(intakeRoutes, {
    prefix: '/api/v1/imports',
    intake: services.intake,
    maxBytes: deps.config.bodyLimit,
  });
  await app.register(reportRoutes, { prefix: '/api/v1/reports', reports: services.reports });
  await app.register(collectionRoutes, {
    prefix: '/api/v1/collections',
    collections: services.collections,
  });
  await app.register(taxiiRoutes, {
    prefix: '/taxii2',
    taxii: services.taxii,
    random: services.random,
    title: deps.config.nodeName,
    baseUrl: deps.config.baseUrl,
    maxContentLength: deps.config.bodyLimit,
  });
  await app.register(accessRoutes, {
    prefix: '/api/v1',
    sharingGroups: services.sharingGroups,
    breakGlass: services.breakGlass,
  });
  await app.register(streamRoutes, {
    prefix: '/api/v1',
    stream: services.stream,
    heartbeatMs: deps.stream?.heartbeatMs,
    queueLimit: deps.stream?.queueLimit,
  });
  await app.register(correlationRoutes, {
    prefix: '/api/v1',
    correlations: services.correlations,
    aggregateSettings: services.aggregateSettings,
  });
  await app.register(routingRoutes, {
    prefix: '/api/v1',
    contacts: services.contacts,
    routing: services.routing,
    maxBytes: deps.config.bodyLimit,
  });
  await app.register(alertRoutes, { prefix: '/api/v1', alerts: services.alerts });
  app.addHook('onReady', () =>
    services.outbreak.start((err) => app.log.error({ err }, 'outbreak early warning')),
  );
  app.addHook('onClose', async () => services.outbreak.stop());
  // The sighting writer finishes the reports already stored before the database closes.
  app.addHook('onClose', async () => {
    services.sightings.stop();
    await services.sightings.settled();
  });
  await app.register(coverageRoutes, { prefix: '/api/v1', coverage: services.coverage });
  await app.register(deliveryRoutes, {
    prefix: '/api/v1',
    deliveries: services.notifications.deliveries,
  });
  await app.register(caseRoutes, { prefix: '/api/v1', cases: services.cases });
  await app.register(evidenceRoutes, {
    prefix: '/api/v1',
    evidence: services.evidence,
    packages: services.evidencePackages,
    maxBytes: deps.config.evidenceMaxBytes,
  });
  app.addHook('onReady', () => services.notifications.start());
  app.addHook('onClose', () => services.notifications.stop());
  const { feed, federationPorts } = services;
  const clock = deps.clock ?? systemClock;
  if (deps.federation) {
    // Ports given (tests): the feed's routes verify requests with the given check.
    await registerPeering(app, services.federation, deps.config, clock);
    await app.register(changeFeedRoutes, {
      feed,
      authenticatePeer: deps.federation.authenticatePeer,
    });
    app.addHook('onReady', () => feed.start());
  } else {
    // The node's own: the feed's routes sit inside the signed `/federation/v1` scope.
    await registerPeering(app, services.federation, deps.config, clock, [
      async (scope) => {
        await scope.register(changeFeedPeerRoutes, {
          feed,
          authenticatePeer: async (request) => requirePeer(request),
          base: '',
        });
      },
      async (scope) => {
        await scope.register(cooperationExchangeRoutes, {
          receive: (peer, envelope) => services.cooperation.receive(peer, envelope),
        });
      },
    ]);
    await app.register(changeFeedAdminRoutes, { feed });
    app.addHook('onReady', async () => {
      if (federationPorts!.ready()) await feed.start();
      else app.log.warn('federation change feed not started: this node has no identity yet');
    });
  }
  app.addHook('onClose', () => feed.stop());
  await app.register(requestRoutes, { prefix: '/api/v1', cooperation: services.cooperation });
  await app.register(privacyRoutes, { prefix: '/api/v1', access: services.privacy.access });
  await app.register(caseSubjectRoutes, { prefix: '/api/v1', subjects: services.caseSubjects });
  app.addHook('onReady', async () =>
    services.cooperation.start((err) => app.log.error({ err }, 'legal cooperation')),
  );
  app.addHook('onClose', () => services.cooperation.stop());
  await app.register(oversightRoutes, {
    prefix: '/api/v1',
    oversight: services.oversight,
    nodeName: deps.config.nodeName,
  });
  app.addHook('onReady', async () => services.oversight.sweep.start());
  app.addHook('onClose', () => services.oversight.sweep.stop());
  if (deps.webRoot) await app.register(webPlugin, { root: deps.webRoot });
  return app;
}
