import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects, type TestDatabase } from './support/dialects.js';

const ROOT = join(import.meta.dirname, '..');
const SLOW = 120_000;

/** `nohaven start` as an operator runs it, on an ephemeral port; resolves once it listens. */
function start(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('NOHAVEN_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    cwd: ROOT,
    env: { ...base, NOHAVEN_PORT: '0', NOHAVEN_LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}: ${out}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.removeAllListeners('exit');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describeDialects('nohaven start', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await dialect.create({ migrate: false });
  });
  afterAll(async () => db?.dispose());

  it(
    'prints the first admin password once; it signs in; a restart prints no password',
    async () => {
      const env = {
        NOHAVEN_DATA_DIR: db.dataDir,
        NOHAVEN_NODE_NAME: 'Lyon CERT node',
        ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
      };
      const first = await start(env);
      const password = /password:\s+(\S+)/.exec(first.output())?.[1];
      expect(password).toBeDefined();
      const login = await fetch(`${first.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const node = await (await fetch(`${first.url}/api/v1/node`, { headers: { cookie } })).json();
      expect(node).toMatchObject({
        name: 'Lyon CERT node',
        counts: { byType: { 'marking-definition': 5 } },
      });
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      expect(await stop(first.child)).toBe(0);

      const second = await start(env);
      expect(second.output()).not.toMatch(/password/);
      expect(await stop(second.child)).toBe(0);
    },
    SLOW,
  );

  it(
    'refuses to start on a bad setting and names it',
    async () => {
      await expect(
        start({ NOHAVEN_DATA_DIR: db.dataDir, NOHAVEN_COUNTRY: 'Narnia' }),
      ).rejects.toThrow(/exited with 1.*NOHAVEN_COUNTRY/s);
    },
    SLOW,
  );
});
