import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../src/audit/audit.service.js';
import { createAuthService, type AuthService } from '../src/auth/auth.service.js';
import { openDatabase } from '../src/platform/database/connection.js';
import type { HttpServer } from '../src/platform/http/http-server.js';
import { fixedClock, systemRandom } from '../src/platform/ports.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';

const T0 = '2026-05-01T10:00:00.000Z';

describeDialects('auth over HTTP', (dialect) => {
  let node: TestNode;
  let tdb: TestDatabase;
  let app: HttpServer;
  let auth: AuthService;
  let audit: AuditLog;
  let adminPassword: string;
  const clock = fixedClock(T0);

  beforeEach(async () => {
    clock.set(T0);
    node = await makeTestNode(dialect, { clock });
    ({ app } = node);
    tdb = node.db;
    ({ auth, audit } = node.services);
    adminPassword = node.adminPassword;
  });
  afterEach(async () => {
    await node.close();
  });

  function login(username: string, password: string) {
    return app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
  }
  async function cookieOf(username: string, password: string): Promise<string> {
    const res = await login(username, password);
    expect(res.statusCode).toBe(200);
    return `nh_session=${res.cookies.find((c) => c.name === 'nh_session')!.value}`;
  }
  async function addUser(username: string, role: string): Promise<string> {
    const password = `${username}-password-123`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: await cookieOf('admin', adminPassword) },
      payload: { username, role, password },
    });
    expect(res.statusCode).toBe(201);
    return password;
  }

  it('first run creates exactly one admin, once — also when two processes race', async () => {
    expect(adminPassword.length).toBeGreaterThanOrEqual(20);
    expect(await auth.ensureFirstRun({ organization: 'Test CERT', country: 'FR' })).toBeNull();
    const users = await auth.listUsers({
      kind: 'service',
      name: 't',
      role: 'admin',
      organizationId: '',
    });
    expect(users.map((u) => [u.username, u.role])).toEqual([['admin', 'admin']]);

    // Two processes starting at once on an empty database: exactly one creates the admin.
    const { db } = tdb.handle;
    await db.deleteFrom('users').execute();
    await db.deleteFrom('organizations').execute();
    const second = openDatabase({ url: tdb.url, dataDir: tdb.dataDir });
    try {
      const results = await Promise.all(
        [tdb.handle, second].map((h) => {
          const log = createAuditLog({ db: h.db, capabilities: h.capabilities, clock });
          const a = createAuthService({
            db: h.db,
            capabilities: h.capabilities,
            audit: log,
            clock,
            random: systemRandom,
          });
          return a.ensureFirstRun({ organization: 'Race CERT', country: null });
        }),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await db.selectFrom('users').select('username').execute()).toEqual([
        { username: 'admin' },
      ]);
      // first run, TLP markings, default TAXII collection
      expect(await audit.verify()).toEqual({ ok: true, entries: 4 });
    } finally {
      await second.close();
    }
  });

  it('refuses a wrong password and an unknown user alike (401 NH_ERR_BAD_CREDENTIALS)', async () => {
    const wrong = await login('admin', 'not-the-password');
    const unknown = await login('nobody', 'not-the-password');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: {
          code: 'NH_ERR_BAD_CREDENTIALS',
          message: 'the user name or password is wrong',
          details: [],
        },
      });
    }
  });

  it('locks the account after 5 failures for 15 minutes', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login('admin', 'wrong-password!')).statusCode).toBe(401);
    const locked = await login('admin', adminPassword);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('NH_ERR_ACCOUNT_LOCKED');
    expect(locked.json().error.message).toContain('2026-05-01T10:15:00.000Z');
    clock.advance(14 * 60_000);
    expect((await login('admin', adminPassword)).statusCode).toBe(423);
    clock.advance(60_000);
    expect((await login('admin', adminPassword)).statusCode).toBe(200);
  });

  it('marks the session cookie Secure when the node is served over https', async () => {
    const behindTls = await makeTestNode(dialect, {
      env: { NOHAVEN_BASE_URL: 'https://nohaven.cert.example' },
    });
    try {
      const res = await behindTls.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: behindTls.adminUsername, password: behindTls.adminPassword },
      });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toContain('Secure');
    } finally {
      await behindTls.close();
    }
  });

  it('sets a strict session cookie and ends it on logout', async () => {
    const res = await login('admin', adminPassword);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: {
        username: 'admin',
        role: 'admin',
        organization: { name: 'Test CERT', country: 'FR', sector: 'other' },
      },
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^nh_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain('Max-Age=43200');
    expect(setCookie).not.toContain('Secure'); // plain http here
    const cookie = setCookie.split(';')[0]!;
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(Object.keys(me.json().user).sort()).toEqual(['id', 'organization', 'role', 'username']);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } }))
        .statusCode,
    ).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('NH_ERR_UNAUTHENTICATED');
  });

  it('expires sessions after 12 hours', async () => {
    const cookie = await cookieOf('admin', adminPassword);
    clock.advance(12 * 3_600_000);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('shows an API token once; it works as Bearer until revoked', async () => {
    const cookie = await cookieOf('admin', adminPassword);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie },
      payload: { name: 'script' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    expect(token).toMatch(/^nh_[A-Za-z0-9_-]{43}$/);
    const list = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { cookie } });
    expect(list.json().tokens).toEqual([
      expect.objectContaining({ id, name: 'script', revokedAt: null }),
    ]);
    expect(list.body).not.toContain(token.slice(3));
    const bearer = { authorization: `Bearer ${token}` };
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('admin');
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: bearer,
    });
    expect(revoked.statusCode).toBe(204);
    const denied = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().error.code).toBe('NH_ERR_UNAUTHENTICATED');
    const bogus = await app.inject({
      method: 'GET',
      url: '/api/v1/organizations',
      headers: { authorization: 'Bearer nh_bogus' },
    });
    expect(bogus.statusCode).toBe(401);
  });

  it('lets only admins create users and organisations', async () => {
    const reporterPassword = await addUser('rita', 'reporter');
    const reporter = await cookieOf('rita', reporterPassword);
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: reporter },
      payload: { username: 'mallory', role: 'admin', password: 'a-long-password-1' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('NH_ERR_FORBIDDEN');
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: reporter } }))
        .statusCode,
    ).toBe(403);

    const admin = await cookieOf('admin', adminPassword);
    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: { username: 'rita', role: 'analyst', password: 'a-long-password-1' },
    });
    expect(dup.statusCode).toBe(409);
    const users = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie: admin },
    });
    expect(users.json().users.map((u: { username: string }) => u.username)).toEqual([
      'admin',
      'rita',
    ]);
    expect(users.body).not.toContain('scrypt');

    const org = { name: 'ISP Example', sector: 'industry', country: 'DE' };
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/organizations',
          headers: { cookie: reporter },
          payload: org,
        })
      ).statusCode,
    ).toBe(403);
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { cookie: admin },
      payload: org,
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().organization).toMatchObject({
      ...org,
      id: expect.stringMatching(/^identity--/),
    });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { cookie: admin },
      payload: { ...org, name: 'X', country: 'XX' },
    });
    expect(bad.statusCode).toBe(400);
    const orgs = await app.inject({
      method: 'GET',
      url: '/api/v1/organizations',
      headers: { cookie: reporter },
    });
    expect(orgs.json().organizations.map((o: { name: string }) => o.name)).toEqual([
      'ISP Example',
      'Test CERT',
    ]);
  });

  it('audits sign-ins and writes; the audit routes are for oversight and admin', async () => {
    await login('admin', 'wrong-password!');
    const password = await addUser('olga', 'oversight');
    const olga = await cookieOf('olga', password);
    await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: olga },
      payload: { name: 'export' },
    });

    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=100',
      headers: { cookie: olga },
    });
    expect(list.statusCode).toBe(200);
    const actions = list
      .json()
      .entries.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`);
    expect(actions).toEqual([
      'node.first-run service:first-run',
      'object.ingest service:node-setup',
      'collection.create service:node-setup',
      'auth.sign-in.failed anonymous',
      'auth.sign-in user:admin',
      'user.create user:admin',
      'auth.sign-in user:olga',
      'token.create user:olga',
    ]);
    const filtered = await app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=auth.sign-in&limit=1',
      headers: { cookie: olga },
    });
    expect(filtered.json()).toMatchObject({
      entries: [{ seq: 5, target: 'admin' }],
      nextAfterSeq: 5,
    });
    const verify = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/verify',
      headers: { cookie: olga },
    });
    expect(verify.json()).toMatchObject({ ok: true, entries: 8, problems: [], divergence: null });

    const rep = await cookieOf('rita', await addUser('rita', 'reporter'));
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: rep } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: { cookie: rep } }))
        .statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });

  it('rejects malformed bodies with 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('NH_ERR_VALIDATION');
    // A NUL character would reach PostgreSQL as an encoding error: refused up front, by name.
    const nul = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'ad\u0000min', password: 'whatever-password' },
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.details[0].path).toBe('body/username');
  });
});
