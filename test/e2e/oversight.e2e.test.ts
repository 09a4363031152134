import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import { insertRequest } from '../support/oversight-fixtures.js';
import {
  axeViolations,
  CHROMIUM,
  hasChromium,
  launchChromium,
  listenOnLoopback,
  screenshot,
  signInPage,
} from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './ui-build.js';

const SETTLE = { timeout: 10_000 };
const SLOW = 90_000;
const suite = hasChromium ? describe : describe.skip;
const PASSWORD = 'olga-password-123';

/*
 * Oversight in a real Chromium (issue 8, items 5 and 6): the oversight officer reaches the
 * audit from the header, filters it, finds the signed export, then reads this year's
 * transparency report, where a single request shows as "< 5", and answers a data-subject
 * request (issue 8, item 7).
 */
suite(
  hasChromium ? 'web UI: oversight' : `web UI: oversight (skipped: ${CHROMIUM} is not installed)`,
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
      await node.app.ready();
      await node.services.auth.createUser(node.actor('admin'), {
        username: 'olga',
        role: 'oversight',
        password: PASSWORD,
      });
      const now = new Date().toISOString();
      await insertRequest(node.db.handle.db, {
        type: 'R4',
        state: 'received',
        urgency: 'emergency',
        requesterOrgId: node.organizationId,
        recipientOrgId: node.organizationId,
        createdAt: now,
        receivedAt: now,
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

    it(
      'lists and filters the audit, links the signed export, shows the transparency report and answers a data-subject request',
      async () => {
        const page = await signInPage(browser, base, 'olga', PASSWORD, cleanups);
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Oversight' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor(SETTLE);
        const table = page.getByRole('table', { name: 'Audit log' });
        await table.waitFor(SETTLE);
        expect(await table.getByRole('cell', { name: 'user.create', exact: true }).count()).toBe(1);

        await page.getByLabel('Action', { exact: true }).fill('user.create');
        await page.getByRole('button', { name: 'Show' }).click();
        await expect.poll(() => table.getByRole('row').count(), SETTLE).toBe(2); // the header row and the one entry
        expect(await table.getByRole('cell', { name: 'service:test-admin' }).count()).toBe(1);
        const exportLink = page.getByRole('link', {
          name: 'Download the signed export of this period',
        });
        expect(await exportLink.getAttribute('href')).toBe('/api/v1/audit/export');
        expect(await axeViolations(page, 'audit page')).toEqual([]);
        await screenshot(page, 'oversight-audit');

        await page
          .getByRole('navigation', { name: 'Oversight sections' })
          .getByRole('link', { name: 'Transparency report' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Transparency report' }).waitFor(SETTLE);
        await page.getByRole('heading', { level: 2, name: 'Requests sent: < 5' }).waitFor(SETTLE);
        const byType = page.getByRole('table', { name: 'By type' }).first();
        expect(await byType.getByRole('row').allTextContents()).toEqual(['R4< 5']);
        const print = page.getByRole('link', { name: 'Printable version' });
        expect(await print.getAttribute('href')).toMatch(
          /^\/api\/v1\/transparency\.html\?from=\d{4}-01-01&to=\d{4}-\d{2}-\d{2}$/,
        );
        expect(await axeViolations(page, 'transparency page')).toEqual([]);
        await screenshot(page, 'oversight-transparency');

        const html = await page.request.get(`${base}${await print.getAttribute('href')}`);
        expect(html.status()).toBe(200);
        expect(await html.text()).toContain('<h2>Requests sent: &lt; 5</h2>');

        // A data-subject request: the records about an account, then the decision.
        await page
          .getByRole('navigation', { name: 'Oversight sections' })
          .getByRole('link', { name: 'Data-subject requests' })
          .click();
        await page
          .getByRole('heading', { level: 1, name: 'Data-subject requests' })
          .waitFor(SETTLE);
        await page.getByLabel('E-mail address, account or name').fill('olga');
        await page.getByLabel('Kind of request').selectOption('access');
        await page.getByRole('button', { name: 'Search the node' }).click();
        const card = page.getByRole('region', { name: 'olga — Access' });
        await card.waitFor(SETTLE);
        expect(await card.getByRole('cell', { name: 'accounts' }).count()).toBe(1);
        await card.getByLabel('Decision').selectOption('access-given');
        await card.getByLabel('Legal ground').fill('GDPR Art 15');
        await card.getByRole('button', { name: 'Record the decision' }).click();
        await card
          .getByText(/^Access given on .* by user:olga\. Ground: GDPR Art 15$/)
          .waitFor(SETTLE);
        expect(await axeViolations(page, 'data-subject requests page')).toEqual([]);
      },
      SLOW,
    );
  },
);
