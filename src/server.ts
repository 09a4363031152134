import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { buildApp, createServices } from './app.js';
import type { Config } from './platform/config.js';
import { openDatabase } from './platform/database/connection.js';
import { migrateToLatest } from './platform/database/migrate.js';
import { readTlsMaterial } from './platform/tls.js';
import { fileClock } from './platform/clock-file.js';
import { firstRunNotice, prepareNode } from './node/node-setup.js';

/** The built web UI, next to the compiled server (`dist/` → `web/dist/`). */
export function defaultWebRoot(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = join(here, '..', 'web', 'dist');
  return existsSync(join(root, 'index.html')) ? root : null;
}

export interface RunningNode {
  /** The URL the node listens on (`https://…` when TLS is configured). */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Starts a node: opens and migrates the database, creates the node organisation and the first
 * admin on the very first start (printing the credentials once to `out`), and listens — with
 * HTTPS only when a TLS certificate and key are configured.
 */
export async function startNode(
  config: Config,
  options: { logger?: boolean | { level: string }; out?: Writable; webRoot?: string | null } = {},
): Promise<RunningNode> {
  const out = options.out ?? process.stdout;
  const tls = readTlsMaterial(config);
  // Tests only: the node's time comes from a file (refused here when unreadable).
  const clock = config.clockFile ? fileClock(config.clockFile) : undefined;
  if (clock)
    out.write(
      `WARNING: TEST CLOCK IN USE: this node's time is read from ${config.clockFile} (NOHAVEN_CLOCK_FILE), now ${clock.now().toISOString()}; never run a real node with it\n`,
    );
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    const deps = {
      config,
      database,
      clock,
      logger: options.logger ?? { level: config.logLevel },
      webRoot: options.webRoot === undefined ? defaultWebRoot() : options.webRoot,
      tls,
    };
    const services = createServices(deps);
    const firstRun = await prepareNode(services, config);
    if (firstRun) {
      out.write(firstRunNotice(firstRun));
    }
    // The node key is made at the first start; an unsafe or corrupt key file stops the start.
    await services.federation.identity.current();
    const app = await buildApp(deps, services);
    await app.listen({ host: config.host, port: config.port });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const address = `${tls ? 'https' : 'http'}://${host}:${port}`;
    out.write(
      `nohaven node "${config.nodeName}" listening on ${address} (database: ${database.capabilities.name}, UI: ${deps.webRoot ? 'on' : 'not built'})\n`,
    );
    return {
      address,
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
