import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNodeProcess } from './support/cli-process.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';

const SLOW = 120_000;

/** `nohaven start` as an operator runs it, on an ephemeral port; resolves once it listens. */
const start = startNodeProcess;

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
      expect(await first.stop()).toBe(0);

      const second = await start(env);
      expect(second.output()).not.toMatch(/password/);
      expect(await second.stop()).toBe(0);
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
