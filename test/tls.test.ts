import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { cliArgs } from './support/cli-bundle.js';

const ROOT = join(import.meta.dirname, '..');
const SLOW = 180_000;
const TAXII = 'application/taxii+json;version=2.1';

/** A throwaway self-signed certificate for 127.0.0.1 and its key, made by the openssl CLI. */
function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    '/usr/bin/openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** `nohaven start` on an ephemeral port; resolves with the printed URL once it listens. */
function start(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('NOHAVEN_')),
  );
  const child = spawn(process.execPath, cliArgs(['start']), {
    cwd: ROOT,
    env: { ...base, NOHAVEN_PORT: '0', NOHAVEN_LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (https?:\/\/127\.0\.0\.1:\d+)/.exec(out);
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

/** One GET with node:http(s), so the test can trust its own CA; resolves status and body. */
function get(
  url: string,
  headers: Record<string, string>,
  ca?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers, ...(ca ? { ca } : {}) }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

describeDialects('nohaven start with TLS', (dialect) => {
  let db: TestDatabase;
  let dir: string;
  let good: { cert: string; key: string };
  let other: { cert: string; key: string };
  beforeAll(async () => {
    db = await dialect.create({ migrate: false });
    dir = mkdtempSync(join(tmpdir(), 'nohaven-tls-'));
    good = selfSigned(dir, 'node');
    other = selfSigned(dir, 'other');
  });
  afterAll(async () => {
    await db?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const env = (extra: Record<string, string>): Record<string, string> => ({
    NOHAVEN_DATA_DIR: db.dataDir,
    ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    ...extra,
  });

  it(
    'serves TAXII discovery over HTTPS with the configured certificate; plain HTTP fails',
    async () => {
      const node = await start(
        env({ NOHAVEN_TLS_CERT_FILE: good.cert, NOHAVEN_TLS_KEY_FILE: good.key }),
      );
      try {
        expect(node.url).toMatch(/^https:\/\//);
        const password = /password:\s+(\S+)/.exec(node.output())?.[1];
        expect(password).toBeDefined();
        const ca = readFileSync(good.cert, 'utf8');
        const authorization = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
        const discovery = await get(`${node.url}/taxii2/`, { accept: TAXII, authorization }, ca);
        expect(discovery.status).toBe(200);
        const body = JSON.parse(discovery.body) as { default: string; api_roots: string[] };
        expect(body.default).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/taxii2\/nohaven\/$/);

        // Without trusting the throwaway CA, the handshake is refused.
        await expect(get(`${node.url}/taxii2/`, { accept: TAXII })).rejects.toThrow(
          /self[- ]signed/i,
        );
        // Plain HTTP on the same port gets no HTTP answer.
        const plain = node.url.replace(/^https:/, 'http:');
        await expect(get(`${plain}/taxii2/`, { accept: TAXII, authorization })).rejects.toThrow();
      } finally {
        expect(await stop(node.child)).toBe(0);
      }
    },
    SLOW,
  );

  it(
    'refuses to start with a key that does not match the certificate, naming the setting',
    async () => {
      await expect(
        start(env({ NOHAVEN_TLS_CERT_FILE: good.cert, NOHAVEN_TLS_KEY_FILE: other.key })),
      ).rejects.toThrow(/exited with 1.*NOHAVEN_TLS_KEY_FILE.*does not match the certificate/s);
    },
    SLOW,
  );

  it(
    'refuses to start with a missing certificate file or only one of the two settings',
    async () => {
      const missing = join(dir, 'absent.crt');
      await expect(
        start(env({ NOHAVEN_TLS_CERT_FILE: missing, NOHAVEN_TLS_KEY_FILE: good.key })),
      ).rejects.toThrow(/exited with 1.*NOHAVEN_TLS_CERT_FILE: cannot read .*absent\.crt/s);
      await expect(start(env({ NOHAVEN_TLS_CERT_FILE: good.cert }))).rejects.toThrow(
        /exited with 1.*NOHAVEN_TLS_KEY_FILE: must be set together with NOHAVEN_TLS_CERT_FILE/s,
      );
      const notPem = join(dir, 'not-a-cert.crt');
      writeFileSync(notPem, 'hello');
      await expect(
        start(env({ NOHAVEN_TLS_CERT_FILE: notPem, NOHAVEN_TLS_KEY_FILE: good.key })),
      ).rejects.toThrow(/exited with 1.*NOHAVEN_TLS_CERT_FILE: .*is not a PEM certificate/s);
    },
    SLOW,
  );
});
