/**
 * Several nohaven nodes as separate processes on 127.0.0.1 (federation tests, issue 6): each
 * with its own database (SQLite in its data folder, or a PostgreSQL database of its own), its
 * own port and base URL, its first-run administrator and an API token for it. A node can be
 * killed (SIGKILL, as a crash) and restarted on the same data.
 */
import {
  runCli,
  freePort,
  startNodeProcess,
  type CliRun,
  type StartedNode,
} from './cli-process.js';
import type { TestDatabase, TestDialect } from './dialects.js';

export interface ClusterNodeSpec {
  /** Short name used in test messages, e.g. `fr`. */
  readonly key: string;
  readonly nodeName: string;
  /** Name of the node's operating organisation. */
  readonly organization: string;
  readonly country: string;
  readonly dialect: TestDialect;
  /** Further NOHAVEN_* settings. */
  readonly env?: Record<string, string>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly json: unknown;
  readonly text: string;
}

export interface ClusterNode {
  readonly spec: ClusterNodeSpec;
  readonly url: string;
  readonly env: Record<string, string>;
  readonly adminPassword: string;
  /** API token of the first-run administrator. */
  readonly adminToken: string;
  /** Calls the node's HTTP API as its administrator (or with `token`). */
  api(method: string, path: string, body?: unknown, token?: string): Promise<ApiAnswer>;
  /** Runs `nohaven ARGS` against the node's data (as its operator would, on the same host). */
  cli(args: readonly string[], stdin?: string): Promise<CliRun>;
  /** Output of the current process so far. */
  output(): string;
  /** SIGKILL: the process dies at once, mid-whatever it was doing. */
  kill(): Promise<void>;
  /** Starts the node again on the same data, port and base URL. */
  restart(): Promise<void>;
  /** SIGTERM, then the database is dropped and the data folder removed. */
  dispose(): Promise<void>;
}

export async function startClusterNode(spec: ClusterNodeSpec): Promise<ClusterNode> {
  const db: TestDatabase = await spec.dialect.create({ migrate: false });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NOHAVEN_DATA_DIR: db.dataDir,
    NOHAVEN_NODE_NAME: spec.nodeName,
    NOHAVEN_ORG: spec.organization,
    NOHAVEN_COUNTRY: spec.country,
    NOHAVEN_PORT: String(port),
    NOHAVEN_HOST: '127.0.0.1',
    NOHAVEN_BASE_URL: url,
    ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    ...spec.env,
  };
  let process: StartedNode | null = null;
  try {
    process = await startNodeProcess(env);
  } catch (err) {
    await db.dispose();
    throw err;
  }
  const adminPassword = /password:\s+(\S+)/.exec(process.output())?.[1];
  if (!adminPassword) throw new Error(`${spec.key}: no first-run password:\n${process.output()}`);
  const cli = (args: readonly string[], stdin?: string) => runCli(args, env, stdin);
  const username = /user:\s+(\S+)/.exec(process.output())?.[1] ?? 'admin';
  // Through the API as the administrator would (a `nohaven token create` process costs seconds).
  const adminToken = await apiToken(url, username, adminPassword).catch(async (err: unknown) => {
    await process?.stop();
    await db.dispose();
    throw new Error(`${spec.key}: ${String(err)}`);
  });

  const node: ClusterNode = {
    spec,
    url,
    env,
    adminPassword,
    adminToken,
    async api(method, path, body, token = adminToken) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      return { status: res.status, json, text };
    },
    cli,
    output: () => process?.output() ?? '',
    async kill() {
      const child = process?.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      child.removeAllListeners('exit');
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
      process = null;
    },
    async restart() {
      if (process) await process.stop();
      process = await startNodeProcess(env);
    },
    async dispose() {
      try {
        if (process) await process.stop();
      } finally {
        process = null;
        await db.dispose();
      }
    },
  };
  return node;
}

/** Signs in with the password and creates an API token (the secret of the answer). */
export async function apiToken(url: string, username: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200)
    throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const created = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'cluster-test' }),
  });
  const text = await created.text();
  if (created.status !== 201) throw new Error(`token create answered ${created.status}: ${text}`);
  return (JSON.parse(text) as { token: string }).token;
}

/** Starts every node at once (they boot in parallel); disposes those started if one fails. */
export async function startCluster(specs: readonly ClusterNodeSpec[]): Promise<ClusterNode[]> {
  const started = await Promise.allSettled(specs.map((s) => startClusterNode(s)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(
      started.map((s) => (s.status === 'fulfilled' ? s.value.dispose() : undefined)),
    );
    throw failed.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<ClusterNode>).value);
}

/**
 * Peers every pair of `nodes` as two administrators would: each fetches the other's published
 * descriptor and adds it with the fingerprint it was told out of band (here: read from the
 * other node's own `GET /api/v1/federation/node`, which is what the operator reads aloud). Resolves
 * once every node lists every other as `active`.
 */
export async function peerAll(nodes: readonly ClusterNode[]): Promise<void> {
  const descriptors = new Map<ClusterNode, { nodeId: string; fingerprint: string }>();
  await Promise.all(
    nodes.map(async (n) => {
      const res = await n.api('GET', '/api/v1/federation/node');
      if (res.status !== 200) throw new Error(`${n.spec.key}: node descriptor ${res.text}`);
      descriptors.set(
        n,
        (res.json as { descriptor: { nodeId: string; fingerprint: string } }).descriptor,
      );
    }),
  );
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      for (const [a, b] of [
        [nodes[i]!, nodes[j]!],
        [nodes[j]!, nodes[i]!],
      ] as const) {
        const published = await fetch(`${b.url}/federation/v1/descriptor`);
        const descriptor = (await published.json()) as unknown;
        const added = await a.api('POST', '/api/v1/peers', {
          descriptor,
          fingerprint: descriptors.get(b)!.fingerprint,
        });
        if (added.status !== 201) throw new Error(`${a.spec.key} + ${b.spec.key}: ${added.text}`);
      }
    }
  }
  await waitFor(async () => {
    for (const n of nodes) {
      const res = await n.api('GET', '/api/v1/peers');
      const peers = (res.json as { peers: { state: string }[] }).peers;
      if (peers.filter((p) => p.state === 'active').length < nodes.length - 1) return false;
    }
    return true;
  }, 'every node to list every other as active');
}

/** Polls `check` every 100 ms until it holds; fails after `timeoutMs` naming `what`. */
export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
