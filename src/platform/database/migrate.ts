import {
  Migrator,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';
import type { DatabaseHandle } from './connection.js';
import type { DialectCapabilities } from './capabilities.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-access-policy.js';
import * as m0003 from './migrations/0003-taxii.js';
import * as m0004 from './migrations/0004-taxii-pull-state.js';
import * as m0005 from './migrations/0005-observable-index.js';
import * as m0006 from './migrations/0006-routing.js';
import * as m0007 from './migrations/0007-outbreak-alerts.js';
import * as m0008 from './migrations/0008-notification-delivery.js';
import * as m0009 from './migrations/0009-federation-peers.js';
import * as m0010 from './migrations/0010-federation-feed.js';
import * as m0011 from './migrations/0011-federated-outbreak.js';
import * as m0012 from './migrations/0012-cooperation.js';
import * as m0013 from './migrations/0013-audit-checkpoints.js';
import * as m0014 from './migrations/0014-cases-evidence.js';
import * as m0015 from './migrations/0015-cooperation-exchange.js';
import * as m0016 from './migrations/0016-privacy-seal.js';
import * as m0017 from './migrations/0017-oversight.js';
import * as m0019 from './migrations/0019-cooperation-custody.js';
import * as m0020 from './migrations/0020-privacy-index.js';

type VersionedMigration = { up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> };

/** Every migration, in order. Names never change once released. */
const MIGRATIONS: Readonly<Record<string, VersionedMigration>> = {
  '0001-initial': m0001,
  '0002-access-policy': m0002,
  '0003-taxii': m0003,
  '0004-taxii-pull-state': m0004,
  '0005-observable-index': m0005,
  '0006-routing': m0006,
  '0007-outbreak-alerts': m0007,
  '0008-notification-delivery': m0008,
  '0009-federation-peers': m0009,
  '0010-federation-feed': m0010,
  '0011-federated-outbreak': m0011,
  '0012-cooperation': m0012,
  '0013-audit-checkpoints': m0013,
  '0014-cases-evidence': m0014,
  '0015-cooperation-exchange': m0015,
  '0016-privacy-seal': m0016,
  '0017-oversight': m0017,
  '0019-cooperation-custody': m0019,
  '0020-privacy-index': m0020,
};

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly caps: DialectCapabilities) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (db) => m.up(db, this.caps) };
    }
    return out;
  }
}

/**
 * Brings the schema to the newest version. Safe when several processes start at once against
 * PostgreSQL: Kysely's migrator takes a lock table row inside a transaction.
 */
export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: handle.db,
    provider: new InCodeMigrationProvider(handle.capabilities),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Names of the migrations applied to the database, in order (the schema version is the last). */
export async function appliedMigrations(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({
    db: handle.db,
    provider: new InCodeMigrationProvider(handle.capabilities),
  });
  return (await migrator.getMigrations())
    .filter((m) => m.executedAt !== undefined)
    .map((m) => m.name);
}

/** Names of the migrations this version of nohaven ships, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);
