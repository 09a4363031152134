import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { deterministicScoId } from '../../src/stix/ids.js';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import { TLP_IDS } from '../support/stix-fixtures.js';
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
const PASSWORD = 'correct horse battery staple';
const URL = 'http://love-letter-for-you.net/LOVE-LETTER-FOR-YOU.TXT.vbs';
const suite = hasChromium ? describe : describe.skip;

/*
 * The dashboard in a real Chromium (issue 5, items 3 and 7): an analyst in Hong Kong has the
 * dashboard open when three organisations in two countries report the same URL; the outbreak
 * alert appears without a reload, and the analyst acknowledges it for their organisation.
 */
suite(
  hasChromium ? 'web UI: dashboard' : `web UI: dashboard (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    const reporters: Actor[] = [];
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
      const root = node.actor('admin');
      for (const [name, country] of [
        ['HK bank', 'HK'],
        ['PH ISP', 'PH'],
        ['HK AV lab', 'HK'],
      ] as const) {
        const org = await node.services.auth.createOrganization(root, {
          name,
          sector: 'industry',
          country,
        });
        reporters.push({
          kind: 'service',
          name: 'reporter',
          organizationId: org.id,
          role: 'analyst',
        });
        if (name === 'HK bank')
          await node.services.auth.createUser(root, {
            username: 'hana',
            role: 'analyst',
            organization: org.id,
            password: PASSWORD,
          });
      }
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

    /** A TLP:GREEN STIX report of the URL by `actor`'s organisation. */
    const report = async (actor: Actor) => {
      const u = { type: 'url', spec_version: '2.1', value: URL };
      const sco = { ...u, id: deterministicScoId(u), object_marking_refs: [TLP_IDS.green] };
      const now = new Date().toISOString();
      const summary = await node.services.objects.ingest(
        actor,
        [
          {
            type: 'report',
            spec_version: '2.1',
            id: `report--${crypto.randomUUID()}`,
            created: now,
            modified: now,
            name: 'Love letter',
            published: now,
            report_types: ['campaign'],
            object_refs: [sco.id],
            object_marking_refs: [TLP_IDS.green],
          },
          sco,
        ],
        { mode: 'atomic' },
      );
      expect(summary.rejected).toEqual([]);
      await node.services.outbreak.idle();
    };

    it(
      'shows an outbreak alert as it fires, live, and acknowledges it',
      async () => {
        const page = await signIn();
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Dashboard' })
          .click();
        await page.getByText('No open outbreak alert concerns you.').waitFor(SETTLE);
        await page.getByTestId('queue-summary').waitFor(SETTLE);
        expect(await page.getByTestId('queue-summary').textContent()).toBe(
          'New findings routed to your organisation: 0',
        );
        expect(await page.getByRole('link', { name: 'Open my queue' }).getAttribute('href')).toBe(
          '/queue',
        );

        for (const actor of reporters) await report(actor);
        // No reload: the live stream's `alert` event brings it.
        await page.getByRole('heading', { level: 3, name: URL }).waitFor(SETTLE);
        const card = page.getByTestId('alert');
        expect(await card.getByText('Severity: medium').count()).toBe(1);
        expect(await card.getByText('3 reports from 3 organisations').count()).toBe(1);
        expect(await card.getByText('Countries: Hong Kong (HK), Philippines (PH)').count()).toBe(1);
        expect(await page.getByTestId('alert-announcement').textContent()).toBe(
          `Outbreak alert: ${URL}`,
        );
        expect(await axeViolations(page, 'dashboard')).toEqual([]);
        await screenshot(page, 'dashboard-alert');

        await card.getByRole('button', { name: 'Acknowledge' }).click();
        await card.getByText(/^Acknowledged by user:hana at /).waitFor(SETTLE);
        expect(await card.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
        const { entries } = await node.services.audit.list(node.actor('admin'), {
          action: 'alert.acknowledge',
        });
        expect(entries.map((e) => e.actor)).toEqual(['user:hana']);
      },
      SLOW,
    );

    const signIn = () => signInPage(browser, base, 'hana', PASSWORD, cleanups);
  },
);
