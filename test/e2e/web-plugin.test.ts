import { readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import { ensureUiBuilt, WEB_DIST } from './ui-build.js';

/** The web plugin through `app.inject()`: files, the index fallback and its limits, headers. */
describe('web UI serving', () => {
  let node: TestNode;
  const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  const sqlite = DIALECTS.find((d) => d.name === 'sqlite');

  beforeAll(async () => {
    ensureUiBuilt();
    if (!sqlite) throw new Error('the SQLite test dialect is not available');
    node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
  });
  afterAll(async () => {
    await node?.close();
  });

  it('serves index.html with the security headers at / and at any page address', async () => {
    for (const url of [
      '/',
      '/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f?x=1',
      '/tokens',
    ]) {
      const res = await node.app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root"></div>');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the hashed assets as long-lived files', async () => {
    const script = readdirSync(path.join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'));
    const res = await node.app.inject({ method: 'GET', url: `/assets/${script}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never answers API, TAXII or probe paths with the UI', async () => {
    for (const url of ['/api/v1/nothing-here', '/api/', '/taxii2/', '/taxii2/root/collections/']) {
      const res = await node.app.inject({ method: 'GET', url, headers: html });
      // TAXII asks for credentials first (401), as the TAXII error resource.
      expect(res.statusCode, url).toBe(url.startsWith('/taxii2/') ? 401 : 404);
      expect(res.headers['content-type'], url).toMatch(/json/);
    }
    const health = await node.app.inject({ method: 'GET', url: '/healthz', headers: html });
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('does not fall back for requests that do not want HTML or are not GET', async () => {
    const json = await node.app.inject({
      method: 'GET',
      url: '/objects',
      headers: { accept: 'application/json' },
    });
    expect(json.statusCode).toBe(404);
    expect(json.json()).toMatchObject({ error: { code: 'NH_ERR_NOT_FOUND' } });
    const post = await node.app.inject({ method: 'POST', url: '/objects', headers: html });
    expect(post.statusCode).toBe(404);
    const missingFile = await node.app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missingFile.statusCode).toBe(404);
  });

  it('refuses to start on a folder without a built UI, saying what to do', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'nohaven-web-'));
    try {
      await expect(makeTestNode(sqlite!, { webRoot: empty })).rejects.toThrow(/npm run build/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
