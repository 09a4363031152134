import type { Kysely } from 'kysely';
import type { EvidenceStore } from '../cases/evidence-store.js';
import type { AuditLog } from '../audit/audit.service.js';
import { createAuditSweep, type AuditSweep } from '../audit/audit-sweep.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { OversightSettings } from './oversight.settings.js';
import { closedCaseSource, indicatorSource, preservedDataSource } from './retention-sources.js';
import { createRetentionService, type RetentionService } from './retention.service.js';
import { createTransparencyService, type TransparencyService } from './transparency.service.js';
import { DSR_SOURCES } from './dsr-sources.js';
import { createDsrService, type DsrService } from './dsr.service.js';

export interface OversightDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly settings: OversightSettings;
  /** Withdraws a deleted object from the peers holding it (the change feed). */
  readonly withdraw: (objectId: string) => Promise<unknown>;
  /** Where evidence files are; an erased case's files are deleted from it. */
  readonly evidenceStore: EvidenceStore;
  readonly organizationId: () => Promise<string>;
  readonly onError: (err: unknown) => void;
}

/** Retention, the transparency report and data-subject requests (issue 8, items 3, 6, 7). */
export interface Oversight {
  readonly settings: OversightSettings;
  readonly retention: RetentionService;
  /** Runs retention every `retentionSweepMs`; started and stopped with the app. */
  readonly sweep: AuditSweep;
  readonly transparency: TransparencyService;
  readonly dsr: DsrService;
}

export function createOversight(deps: OversightDeps): Oversight {
  const retention = createRetentionService({
    ...deps,
    rules: deps.settings.retention,
    sources: [
      preservedDataSource,
      closedCaseSource(deps.db, deps.evidenceStore),
      indicatorSource(deps.capabilities, deps.withdraw),
    ],
    batchSize: deps.settings.retentionBatchSize,
  });
  /** The retention job's own actor: named, and only as strong as the run needs. */
  const jobActor = async (): Promise<Actor> => ({
    kind: 'service',
    name: 'retention',
    role: 'oversight',
    organizationId: await deps.organizationId(),
  });
  const sweep = createAuditSweep({
    pollMs: deps.settings.retentionSweepMs,
    tasks: [
      async () => {
        const actor = await jobActor();
        while ((await retention.run(actor)).remaining > 0);
      },
    ],
    onError: deps.onError,
  });
  return {
    settings: deps.settings,
    retention,
    sweep,
    transparency: createTransparencyService({
      db: deps.db,
      clock: deps.clock,
      threshold: deps.settings.transparencyThreshold,
    }),
    dsr: createDsrService({ ...deps, sources: DSR_SOURCES }),
  };
}
