import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import {
  axeViolations,
  CHROMIUM,
  hasChromium,
  isolatedContext,
  launchChromium,
} from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './ui-build.js';

/** The import page in a real Chromium against a real node on 127.0.0.1 (SQLite). */
const suite = hasChromium ? describe : describe.skip;
const SLOW = 90_000;
const SETTLE = { timeout: 10_000 };
const FEED = '203.0.113.5\nnot-an-ip\n203.0.113.6\n';
const REASON = 'source.ip: invalid IP address "not-an-ip"';

suite(hasChromium ? 'import page' : `import page (skipped: ${CHROMIUM} is not installed)`, () => {
  let node: TestNode;
  let browser: Browser;
  let base: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ensureUiBuilt();
    const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
    if (!sqlite) throw new Error('the SQLite test dialect is not available');
    node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
    await node.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  async function openImportPage(): Promise<Page> {
    const { context, blocked } = await isolatedContext(browser, {});
    cleanups.push(async () => {
      await context.close();
      expect(blocked, 'requests outside 127.0.0.1').toEqual([]);
    });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('User name').fill(node.adminUsername);
    await page.getByLabel('Password').fill(node.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Import a file' }).waitFor();
    await page.getByLabel('Format').waitFor(SETTLE);
    return page;
  }

  async function choose(page: Page, name: string, text: string): Promise<void> {
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(text),
    });
  }

  async function count(types?: string[]): Promise<number> {
    const n = await node.services.objects.list(node.actor('admin'), { types, limit: 1000 });
    return n.items.length;
  }
  const ipCount = () => count(['ipv4-addr']);

  const result = (page: Page) => page.getByRole('status').filter({ hasText: /./ }).last();

  it(
    'imports a feed with one broken line, storing the rest, and lists the problem by line',
    async () => {
      const [objectsBefore, ipsBefore] = [await count(), await ipCount()];
      const page = await openImportPage();
      expect(await axeViolations(page, 'import form')).toEqual([]);
      await choose(page, 'blocklist.txt', FEED);
      await page.getByLabel('Format').selectOption('__feed');
      await page.getByLabel('Feed', { exact: true }).selectOption('blocklistde-imap');
      await page.getByLabel('Store the valid records').check();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const counts = page.locator('.import-counts');
      await counts.waitFor(SETTLE);
      expect(await page.locator('[data-count="import.records"]').textContent()).toBe('3');
      expect(await page.locator('[data-count="import.stored"]').textContent()).toBe(
        String((await count()) - objectsBefore),
      );
      expect(await ipCount()).toBe(ipsBefore + 2);
      expect(await page.locator('[data-count="import.problems"]').textContent()).toBe('1');
      const row = page.getByRole('row').filter({ hasText: REASON });
      expect(await row.getByRole('cell').allTextContents()).toEqual(['2', '2', '', REASON]);
      await page.getByRole('button', { name: 'Download problems as CSV' }).waitFor();
      expect(await axeViolations(page, 'import result')).toEqual([]);
      await page.getByRole('link', { name: 'View the objects' }).click();
      await page.getByRole('heading', { level: 1, name: 'Objects' }).waitFor();
    },
    SLOW,
  );

  it(
    'lists the repairs made to read a STIX bundle next to what was stored',
    async () => {
      const id = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
      const bundle = JSON.stringify({
        type: 'bundle',
        id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
        objects: [
          {
            type: 'indicator',
            spec_version: '2.1',
            id,
            created: '2026-11-01T10:00:00.000Z',
            modified: '2026-11-01T10:00:00.000Z',
            name: 'Repaired on the way in',
            pattern: "[ipv4-addr:value = '198.51.100.7']",
            pattern_type: 'stix',
            valid_from: '2026-11-01T10:00:00Z',
            x_vendor_case_ref: '',
          },
        ],
      });
      const page = await openImportPage();
      await choose(page, 'bundle.json', bundle);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.locator('.import-counts').waitFor(SETTLE);
      expect(await page.locator('[data-count="import.stored"]').textContent()).toBe('1');
      expect(await page.locator('[data-count="import.warnings"]').textContent()).toBe('1');
      await page.getByRole('heading', { name: 'Repairs made to read the file' }).waitFor(SETTLE);
      const row = page.getByRole('row').filter({ hasText: 'x_vendor_case_ref' });
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        '1',
        '',
        `${id}: dropped the empty custom reference "x_vendor_case_ref"`,
      ]);
      expect(await axeViolations(page, 'import result with repairs')).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses an all-or-nothing import with a problem: nothing stored, the problem listed',
    async () => {
      const before = await ipCount();
      const page = await openImportPage();
      await choose(page, 'blocklist.txt', FEED.replace('203.0.113.5', '198.51.100.7'));
      await page.getByLabel('Format').selectOption('__feed');
      await page.getByLabel('Feed', { exact: true }).selectOption('blocklistde-imap');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText(/Nothing was stored, because some records had problems/).waitFor(SETTLE);
      const row = page.getByRole('row').filter({ hasText: REASON });
      expect(await row.getByRole('cell').allTextContents()).toEqual(['2', '2', '', REASON]);
      expect(await ipCount()).toBe(before);
      expect(await result(page).textContent()).toContain('nothing was stored');
    },
    SLOW,
  );

  it(
    'names the formats it tried for a file in an unknown format',
    async () => {
      const page = await openImportPage();
      await choose(page, 'notes.txt', 'hello world\n');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('The file is not in a format this node can read.').waitFor(SETTLE);
      expect(await result(page).textContent()).toMatch(/not in a known format \(tried: stix/);
    },
    SLOW,
  );
});
