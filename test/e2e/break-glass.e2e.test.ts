import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import { TLP_IDS, indicator } from '../support/stix-fixtures.js';
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

/*
 * Break glass in a real Chromium: an admin of another organisation cannot read a TLP:AMBER+STRICT
 * object of the node's organisation until they open an audited window with a real reason.
 */
suite(
  hasChromium
    ? 'web UI: break glass'
    : `web UI: break glass (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    const cleanups: (() => Promise<void>)[] = [];
    const secret = indicator({
      name: 'Strictly held C2 address',
      object_marking_refs: [TLP_IDS.amberStrict],
    });

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
      const root = node.actor('admin');
      const outsider = await node.services.auth.createOrganization(root, {
        name: 'Outsider CERT',
        sector: 'cert',
        country: 'IT',
      });
      await node.services.auth.createUser(root, {
        username: 'olga',
        role: 'admin',
        organization: outsider.id,
        password: PASSWORD,
      });
      const summary = await node.services.objects.ingest(node.actor('analyst'), [secret], {
        mode: 'atomic',
        distribution: 'organisation',
      });
      expect(summary.stored).toBe(1);
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
      'refuses a short reason with the API error, then opens a window that reads beyond reach',
      async () => {
        const page = await signIn('olga', PASSWORD);
        await page.goto(`${base}/objects/${secret.id}`);
        await page
          .getByText('This object does not exist or you are not allowed to see it.')
          .waitFor(SETTLE);

        // The not-found page points an admin to break glass; the header links it too.
        expect(
          await page
            .getByRole('navigation', { name: 'Main navigation' })
            .getByRole('link', { name: 'Break glass' })
            .count(),
        ).toBe(1);
        await page.getByRole('link', { name: /^Outside your reach\?/ }).click();
        await page.getByRole('heading', { level: 1, name: 'Break glass' }).waitFor(SETTLE);
        const reason = page.getByLabel(/^Reason/);
        await reason.fill('because');
        await page.getByRole('button', { name: 'Open the window' }).click();
        await page.getByText(/at least 20 characters/).waitFor(SETTLE);
        expect(await reason.getAttribute('aria-invalid')).toBe('true');

        await reason.fill('court order 2026/17 for this case');
        await page.getByRole('button', { name: 'Open the window' }).click();
        await page.getByText(/The window is open until/).waitFor(SETTLE);
        expect(
          await page.getByText('Reason given: court order 2026/17 for this case').count(),
        ).toBe(1);
        expect(await axeViolations(page, 'break glass')).toEqual([]);
        await screenshot(page, 'break-glass');

        await page.goto(`${base}/objects/${secret.id}`);
        await page
          .getByRole('heading', { level: 1, name: 'Strictly held C2 address' })
          .waitFor(SETTLE);
        const { entries } = await node.services.audit.list(node.actor('admin'), { limit: 1000 });
        expect(
          entries.some((e) => e.action === 'object.read.break-glass' && e.target === secret.id),
        ).toBe(true);

        // Closing the window ends the extra reach.
        await page.goto(`${base}/break-glass`);
        await page.getByRole('button', { name: 'Close the window now' }).click();
        await page.getByRole('button', { name: 'Open the window' }).waitFor(SETTLE);
        await page.goto(`${base}/objects/${secret.id}`);
        await page
          .getByText('This object does not exist or you are not allowed to see it.')
          .waitFor(SETTLE);
      },
      SLOW,
    );
  },
);
