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

/* The objects page's live banner in a real Chromium: counts what the live stream delivers. */
suite(
  hasChromium
    ? 'web UI: live stream on the objects page'
    : `web UI: live stream (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    let otherOrg: string;
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
      const admin = node.actor('admin');
      await node.services.auth.createUser(admin, {
        username: 'ana',
        role: 'analyst',
        password: PASSWORD,
      });
      otherOrg = (
        await node.services.auth.createOrganization(admin, {
          name: 'Other ISP',
          sector: 'industry',
          country: 'DE',
        })
      ).id;
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
      'shows "new objects — show" for objects the user may read, without reload, and lists them on "Show"',
      async () => {
        const page = await signIn('ana', PASSWORD);
        const before = node.services.stream.size;
        await page.goto(`${base}/objects`);
        await page.getByRole('heading', { level: 1, name: 'Objects' }).waitFor(SETTLE);
        await expect.poll(() => node.services.stream.size, SETTLE).toBe(before + 1);

        // Not readable by ana (AMBER of another organisation): never counted.
        const foreign = indicator({
          name: 'Foreign amber indicator',
          object_marking_refs: [TLP_IDS.amber],
        });
        const stored = await node.services.objects.ingest(
          { kind: 'service', name: 'test-other', organizationId: otherOrg, role: 'analyst' },
          [foreign],
          { mode: 'atomic' },
        );
        expect(stored.stored).toBe(1);
        const fresh = [1, 2].map((n) =>
          indicator({ name: `Live indicator ${n}`, object_marking_refs: [TLP_IDS.green] }),
        );
        for (const o of fresh)
          await node.services.objects.ingest(node.actor('analyst'), [o], { mode: 'atomic' });

        const status = page.getByRole('status').filter({ hasText: 'New objects' });
        await status.getByText('New objects since this page was loaded: 2').waitFor(SETTLE);
        expect(await page.getByText('Live indicator 1').count()).toBe(0);
        expect(await axeViolations(page, 'objects-live')).toEqual([]);
        await screenshot(page, 'objects-live');

        await page.getByRole('button', { name: 'Show' }).click();
        await page.getByRole('link', { name: 'Live indicator 2' }).waitFor(SETTLE);
        await page.getByRole('link', { name: 'Live indicator 1' }).waitFor(SETTLE);
        expect(await page.getByText('Foreign amber indicator').count()).toBe(0);
        expect(await page.getByText(/New objects since this page was loaded/).count()).toBe(0);
      },
      SLOW,
    );
  },
);
