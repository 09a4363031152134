import { buildApp, createServices, type AppDeps, type Services } from '../../src/app.js';
import { prepareNode } from '../../src/node/node-setup.js';
import type { Actor } from '../../src/platform/actor.js';
import { parseConfig, type Config } from '../../src/platform/config.js';
import type { HttpServer } from '../../src/platform/http/http-server.js';
import { fixedClock, type Clock } from '../../src/platform/ports.js';
import type { TestDialect, TestDatabase } from './dialects.js';

export interface TestNode {
  readonly app: HttpServer;
  readonly services: Services;
  readonly config: Config;
  readonly db: TestDatabase;
  readonly adminUsername: string;
  readonly adminPassword: string;
  /** The node organisation's id. */
  readonly organizationId: string;
  /** A service actor with the given role in the node organisation. */
  actor(role?: Actor['role']): Actor;
  /** Signs in over HTTP and returns the `cookie` header value. */
  signIn(username?: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** A node on a fresh database of `dialect`, first run done, never listening unless asked. */
export async function makeTestNode(
  dialect: TestDialect,
  options: {
    clock?: Clock;
    webRoot?: string | null;
    env?: Record<string, string>;
    /** Further dependencies of the app (federation identity, …). */
    deps?: Partial<Omit<AppDeps, 'config' | 'database'>>;
  } = {},
): Promise<TestNode> {
  const db = await dialect.create();
  const config = parseConfig({
    NOHAVEN_DATA_DIR: db.dataDir,
    NOHAVEN_NODE_NAME: 'Test node',
    NOHAVEN_ORG: 'Test CERT',
    NOHAVEN_COUNTRY: 'FR',
    NOHAVEN_PORT: '0',
    ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    ...options.env,
  });
  const deps: AppDeps = {
    ...options.deps,
    config,
    database: db.handle,
    clock: options.clock,
    webRoot: options.webRoot ?? null,
  };
  const services = createServices(deps);
  const first = await prepareNode(services, config);
  if (!first) throw new Error('first run did not create the admin');
  const app = await buildApp(deps, services);
  const organizationId = first.organization.id;
  return {
    app,
    services,
    config,
    db,
    adminUsername: first.username,
    adminPassword: first.password,
    organizationId,
    actor: (role = 'analyst') => ({ kind: 'service', name: `test-${role}`, organizationId, role }),
    async signIn(username = first.username, password = first.password) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'nh_session');
      if (!cookie) throw new Error('no session cookie');
      return `nh_session=${cookie.value}`;
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

export { fixedClock };
