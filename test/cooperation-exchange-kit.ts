import { buildApp, createServices, type AppDeps, type Services } from '../src/app.js';
import { DEFAULT_COOPERATION_SETTINGS } from '../src/cooperation/cooperation.settings.js';
import { prepareNode } from '../src/node/node-setup.js';
import type { Actor } from '../src/platform/actor.js';
import { parseConfig } from '../src/platform/config.js';
import type { HttpServer } from '../src/platform/http/http-server.js';
import type { Clock } from '../src/platform/ports.js';
import { freePort } from './support/cli-process.js';
import type { TestDatabase, TestDialect } from './support/dialects.js';

/**
 * Nodes for the exchange of legal requests (issue 7, item 5): each a real app on its own
 * database listening on 127.0.0.1, with its own node identity and the real signed federation
 * channel, that can go down and come back on the same database and port. No background worker:
 * tests dispatch the outbox themselves, in fake time.
 */
export interface ExchangeNode {
  readonly url: string;
  readonly db: TestDatabase;
  readonly services: Services;
  readonly app: HttpServer;
  readonly root: Actor;
  /** Users' API tokens by user name. */
  readonly tokens: Record<string, string>;
  /** Creates an organisation of this node and its users (role by user name); returns its id. */
  organization(name: string, country: string, users: Record<string, string>): Promise<string>;
  call(
    user: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
  ): Promise<Awaited<ReturnType<HttpServer['inject']>>>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function exchangeNode(
  dialect: TestDialect,
  name: string,
  country: string,
  clock: Clock,
  options: { webRoot?: string } = {},
): Promise<ExchangeNode> {
  const db = await dialect.create();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    NOHAVEN_DATA_DIR: db.dataDir,
    NOHAVEN_NODE_NAME: name,
    NOHAVEN_ORG: `${name} operator`,
    NOHAVEN_COUNTRY: country,
    NOHAVEN_SECTOR: 'law-enforcement',
    NOHAVEN_BASE_URL: url,
    NOHAVEN_PORT: '0',
    ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
  });
  const deps: AppDeps = {
    config,
    database: db.handle,
    clock,
    // The built web UI, for browser tests of the exchange; none for the HTTP tests.
    webRoot: options.webRoot ?? null,
    cooperation: { ...DEFAULT_COOPERATION_SETTINGS, sweepIntervalMs: 0 },
    cooperationBackoff: { minMs: 60_000, maxMs: 600_000 },
  };
  let services = createServices(deps);
  const first = await prepareNode(services, config);
  if (!first) throw new Error('first run did not create the admin');
  let app = await buildApp(deps, services);
  await app.listen({ host: '127.0.0.1', port });
  await services.federation.identity.current();
  const root: Actor = {
    kind: 'service',
    name: 'test-admin',
    organizationId: first.organization.id,
    role: 'admin',
  };
  const tokens: Record<string, string> = {
    admin: (await services.auth.createTokenForUser(root, first.username, 't')).token,
  };
  let running = true;
  const stop = async () => {
    if (!running) return;
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
    running = false;
  };
  return {
    url,
    db,
    get services() {
      return services;
    },
    get app() {
      return app;
    },
    root,
    tokens,
    async organization(orgName, orgCountry, users) {
      const org = await services.auth.createOrganization(root, {
        name: orgName,
        sector: 'law-enforcement',
        country: orgCountry,
      });
      for (const [username, role] of Object.entries(users)) {
        await services.auth.createUser(root, {
          username,
          role,
          organization: orgName,
          password: 'exchange-password-1',
        });
        tokens[username] = (await services.auth.createTokenForUser(root, username, 't')).token;
      }
      return org.id;
    },
    async call(user, method, path, payload) {
      return app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${tokens[user]}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    },
    stop,
    async restart() {
      services = createServices(deps);
      app = await buildApp(deps, services);
      await app.listen({ host: '127.0.0.1', port });
      running = true;
    },
    async close() {
      await stop();
      await db.dispose();
    },
  };
}

/** Peers two nodes the way their administrators do: each adds the other's descriptor. */
export async function peerNodes(a: ExchangeNode, b: ExchangeNode): Promise<void> {
  const ad = (await a.services.federation.identity.current()).descriptor();
  const bd = (await b.services.federation.identity.current()).descriptor();
  const added = await a.call('admin', 'POST', '/api/v1/peers', {
    descriptorUrl: `${b.url}/federation/v1/descriptor`,
    fingerprint: bd.fingerprint,
  });
  if (added.statusCode !== 201) throw new Error(`peer add: ${added.body}`);
  const accepted = await b.call('admin', 'POST', '/api/v1/peers', {
    nodeId: ad.nodeId,
    fingerprint: ad.fingerprint,
  });
  if (accepted.statusCode !== 201 || accepted.json().state !== 'active')
    throw new Error(`peer accept: ${accepted.body}`);
}
