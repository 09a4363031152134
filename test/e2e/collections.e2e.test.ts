import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import {
  axeViolations,
  CHROMIUM,
  hasChromium,
  listenOnLoopback,
  signInPage,
  launchChromium,
  screenshot,
} from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './ui-build.js';

const SETTLE = { timeout: 10_000 };
const SLOW = 90_000;
const PASSWORD = 'correct horse battery staple';
const suite = hasChromium ? describe : describe.skip;

/* The TAXII collections admin page in a real Chromium: list, define, refuse, remove. */
suite(
  hasChromium
    ? 'web UI: TAXII collections'
    : `web UI: TAXII collections (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
      await node.services.auth.createUser(node.actor('admin'), {
        username: 'ana',
        role: 'analyst',
        password: PASSWORD,
      });
      base = await listenOnLoopback(node.app);
      browser = await launchChromium();
    });

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    afterAll(async () => {
      await browser?.close();
      await node?.close();
    });

    const signIn = (username: string, password: string): Promise<Page> =>
      signInPage(browser, base, username, password, cleanups);

    it(
      'lets an admin list, add and remove collections, with API errors next to the field',
      async () => {
        const page = await signIn(node.adminUsername, node.adminPassword);
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Collections' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'TAXII collections' }).waitFor(SETTLE);
        const before = (await node.services.collections.listAll(node.actor('admin'))).length;
        expect(before).toBeGreaterThan(0);
        await expect
          .poll(() => page.getByRole('button', { name: 'Remove collection' }).count(), SETTLE)
          .toBe(before);

        // The API refuses a type name that is not STIX; the message sits under that field.
        await page.getByLabel('Title', { exact: true }).fill('Phishing URLs');
        const types = page.getByLabel(/^Object types shown/);
        await types.fill('indicator, Not A Type');
        await page.getByRole('button', { name: 'Create collection' }).click();
        await page.getByText('"Not A Type" is not a STIX type name').waitFor(SETTLE);
        expect(await types.getAttribute('aria-invalid')).toBe('true');
        const describedBy = await types.getAttribute('aria-describedby');
        expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain(
          'is not a STIX type name',
        );

        await types.fill('indicator');
        await page.getByLabel('Description').fill('URLs reported by banks');
        await page.getByLabel('Highest TLP shown').selectOption('green');
        await page.getByLabel(/^Roles that may read/).fill('analyst, contact-point');
        await page.getByRole('button', { name: 'Create collection' }).click();
        const card = page.getByRole('region', { name: 'Phishing URLs' });
        await card.waitFor(SETTLE);
        const created = (await node.services.collections.listAll(node.actor('admin'))).find(
          (c) => c.title === 'Phishing URLs',
        )!;
        const text = (await card.textContent()) ?? '';
        expect(text).toContain('URLs reported by banks');
        expect(text).toContain(created.id);
        expect(text).toContain('objects of type indicator');
        expect(text).toContain('up to TLP:GREEN');
        expect(text).toContain('analyst, contact-point');
        expect(text).toContain(`${base}/taxii2/nohaven/collections/${created.id}/`);
        expect(await axeViolations(page, 'collections')).toEqual([]);
        await screenshot(page, 'collections');

        // Dismissing the confirmation keeps it; accepting removes it.
        page.once('dialog', (d) => void d.dismiss());
        await card.getByRole('button', { name: 'Remove collection' }).click();
        await expect.poll(() => card.count(), SETTLE).toBe(1);
        page.once('dialog', (d) => {
          expect(d.message()).toContain('Phishing URLs');
          void d.accept();
        });
        await card.getByRole('button', { name: 'Remove collection' }).click();
        await expect.poll(() => card.count(), SETTLE).toBe(0);
        const after = await node.services.collections.listAll(node.actor('admin'));
        expect(after.map((c) => c.id)).not.toContain(created.id);
      },
      SLOW,
    );

    it(
      'shows no collections or break-glass link to a non-admin',
      async () => {
        const page = await signIn('ana', PASSWORD);
        const nav = page.getByRole('navigation', { name: 'Main navigation' });
        await nav.getByRole('link', { name: 'Sharing groups' }).waitFor(SETTLE);
        expect(await nav.getByRole('link', { name: 'Collections' }).count()).toBe(0);
        expect(await nav.getByRole('link', { name: 'Break glass' }).count()).toBe(0);
        await page.goto(`${base}/collections`);
        await page.getByText('Only administrators manage collections.').waitFor(SETTLE);
      },
      SLOW,
    );
  },
);
