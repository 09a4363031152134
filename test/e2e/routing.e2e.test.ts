import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import { TLP_IDS, bundle } from '../support/stix-fixtures.js';
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
 * Routing to responsibility in a real Chromium (issue 5, item 4): a finding imported by the
 * CERT reaches the network owner's queue, explained; the owner acknowledges and actions it; an
 * admin imports a contacts file and sees the bad line named.
 */
suite(
  hasChromium ? 'web UI: routing' : `web UI: routing (skipped: ${CHROMIUM} is not installed)`,
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
      const root = node.actor('admin');
      const host = await node.services.auth.createOrganization(root, {
        name: 'Host NL',
        sector: 'industry',
        country: 'NL',
      });
      await node.services.auth.createUser(root, {
        username: 'hilde',
        role: 'contact-point',
        organization: host.id,
        password: PASSWORD,
      });
      await node.services.contacts.create(root, {
        kind: 'abuse',
        name: 'SURF abuse',
        network: '145.100.0.0/16',
        channel: 'nohaven',
        address: host.id,
      });
      const ip = {
        type: 'ipv4-addr',
        spec_version: '2.1',
        id: `ipv4-addr--${randomUUID()}`,
        value: '145.100.0.1',
        object_marking_refs: [TLP_IDS.green],
      };
      async function* input() {
        yield JSON.stringify(bundle([ip]));
      }
      const summary = await node.services.intake.import(node.actor('analyst'), input(), {
        mode: 'atomic',
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
      'shows the network owner its queue with the reason, and moves an item to actioned',
      async () => {
        const page = await signIn('hilde', PASSWORD);
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'My queue' })
          .click();
        await page.getByRole('heading', { level: 2, name: '145.100.0.1' }).waitFor(SETTLE);
        expect(
          await page
            .getByText('Routed to SURF abuse: 145.100.0.1 is in the network 145.100.0.0/16')
            .count(),
        ).toBe(1);
        expect(await page.getByText('State: New').count()).toBe(1);
        expect(await axeViolations(page, 'queue')).toEqual([]);
        await screenshot(page, 'routing-queue');

        await page.getByRole('button', { name: 'Acknowledge' }).click();
        await page.getByText('State: Acknowledged').waitFor(SETTLE);
        await page.getByRole('button', { name: 'Mark as actioned' }).click();
        await page.getByText('State: Actioned').waitFor(SETTLE);
        expect(await page.getByRole('button', { name: 'Reject' }).count()).toBe(0);
        const { entries } = await node.services.audit.list(node.actor('admin'), { limit: 1000 });
        expect(
          entries
            .filter((e) => e.action.startsWith('routing.') && e.target !== null)
            .map((e) => [e.action, e.actor]),
        ).toEqual([
          ['routing.acknowledge', 'user:hilde'],
          ['routing.action', 'user:hilde'],
        ]);
      },
      SLOW,
    );

    it(
      'lets an admin import a contacts file and names the line that was skipped',
      async () => {
        const page = await signIn(node.adminUsername, node.adminPassword);
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Contacts' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Contact directory' }).waitFor(SETTLE);
        await page.getByRole('rowheader', { name: 'SURF abuse' }).waitFor(SETTLE);
        const csv = [
          'kind,name,country,channel,address',
          'poc,Netherlands 24/7,NL,email,247@police.example',
          'poc,Nowhere 24/7,XX,email,247@nowhere.example',
        ].join('\n');
        await page
          .getByLabel('CSV or JSON file')
          .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.getByText('Stored 1 of 2 records.').waitFor(SETTLE);
        expect(
          await page
            .getByText('Line 3, country: "XX" is not an ISO 3166-1 alpha-2 country code')
            .count(),
        ).toBe(1);
        await page.getByRole('rowheader', { name: 'Netherlands 24/7' }).waitFor(SETTLE);
        expect(await axeViolations(page, 'contacts')).toEqual([]);
        await screenshot(page, 'routing-contacts');
      },
      SLOW,
    );
  },
);
