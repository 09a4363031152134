import type { Writable } from 'node:stream';
import { createServices, type AppDeps } from '../app.js';
import type { Config } from '../platform/config.js';
import { loadConfig } from '../platform/config.loader.js';
import { openDatabase } from '../platform/database/connection.js';
import { migrateToLatest } from '../platform/database/migrate.js';
import { firstRunNotice, prepareNode } from '../node/node-setup.js';
import type { OpenedNode } from './command.js';

/**
 * Opens the node a CLI command works on: loads the configuration, opens and migrates the
 * database, wires the services, and — on a node never started before — creates the node
 * organisation and its administrator, printing the one-time password to `notices` (as
 * `nohaven start` would). Throws `ConfigError` for a bad setting. The caller must `close()` it.
 */
export async function openNode(
  env: NodeJS.ProcessEnv,
  configFile: string | undefined,
  notices: Writable,
): Promise<OpenedNode> {
  return openNodeWith(loadConfig(env, configFile), notices);
}

/** `overrides`: dependencies benchmarks and tests replace (see `AppDeps`). */
export async function openNodeWith(
  config: Config,
  notices: Writable,
  overrides: Pick<AppDeps, 'indexer' | 'identity' | 'witnessPort'> = {},
): Promise<OpenedNode> {
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    const services = createServices({ config, database, ...overrides });
    const firstRun = await prepareNode(services, config);
    if (firstRun) {
      notices.write(firstRunNotice(firstRun));
    }
    // The node's key, if `nohaven start` made it: operator commands sign with it too.
    await services.loadIdentity();
    const close = async (): Promise<void> => {
      // Sightings of the reports a command stored are written before the database closes.
      services.sightings.stop();
      await services.sightings.settled();
      await database.close();
    };
    return { config, database, services, close };
  } catch (err) {
    await database.close();
    throw err;
  }
}
