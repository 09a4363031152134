import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import { TLP_IDS } from '../support/stix-fixtures.js';
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
const suite = hasChromium ? describe : describe.skip;
const ADDRESS = '247@police.example.nl';

/*
 * Dead letters in a real Chromium (issue 5, "an SMTP server that refuses is retried and then
 * dead-lettered, visible in the UI"): an e-mail notification that cannot be sent (no SMTP
 * server configured, one attempt allowed) is listed with its error, and an admin retries it.
 */
suite(
  hasChromium ? 'web UI: deliveries' : `web UI: deliveries (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, {
        webRoot: WEB_DIST,
        env: {
          NOHAVEN_DELIVERY_POLL_MS: '0',
          NOHAVEN_DELIVERY_ATTEMPTS: '1',
          NOHAVEN_MAIL_BATCH_SECONDS: '0',
        },
      });
      await node.app.ready();
      const root = node.actor('admin');
      await node.services.contacts.create(root, {
        kind: 'poc',
        name: 'Netherlands 24/7',
        country: 'NL',
        channel: 'email',
        address: ADDRESS,
      });
      const finding = {
        type: 'domain-name',
        spec_version: '2.1',
        id: `domain-name--${randomUUID()}`,
        value: 'login.phish-nl.biz',
        object_marking_refs: [TLP_IDS.green],
      };
      const stored = await node.services.objects.ingest(root, [finding], { mode: 'atomic' });
      expect(stored.stored).toBe(1);
      await node.services.routing.routeByHand(root, [finding.id], { country: 'NL' });
      const { producer, worker } = node.services.notifications;
      await producer.settled();
      await worker.drain();
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
      'lists a dead letter with its error, and retries it',
      async () => {
        const page = await signInPage(
          browser,
          base,
          node.adminUsername,
          node.adminPassword,
          cleanups,
        );
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Deliveries' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor(SETTLE);
        await page.getByRole('rowheader', { name: ADDRESS }).waitFor(SETTLE);
        expect(
          await page.getByText('no SMTP server is configured (set NOHAVEN_SMTP_URL)').count(),
        ).toBe(1);
        expect(await page.getByRole('cell', { name: 'Routed finding' }).count()).toBe(1);
        expect(await axeViolations(page, 'deliveries')).toEqual([]);
        await screenshot(page, 'deliveries');

        await page.getByRole('button', { name: `Retry the delivery to ${ADDRESS}` }).click();
        await page.getByText(`The delivery to ${ADDRESS} is queued again.`).waitFor(SETTLE);
        await page.getByText('No dead letters').waitFor(SETTLE);
        const pending = await node.services.notifications.deliveries.list(node.actor('admin'), {
          state: 'pending',
        });
        expect(pending.map((d) => [d.address, d.attempts])).toEqual([[ADDRESS, 0]]);
      },
      SLOW,
    );
  },
);
