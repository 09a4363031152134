import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicScoId } from '../../src/stix/index.js';
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

const address = { type: 'ipv4-addr', spec_version: '2.1', value: '203.0.113.45' };
const addressId = deterministicScoId(address);
function observed(name: string): Record<string, unknown> {
  return {
    type: 'observed-data',
    spec_version: '2.1',
    id: `observed-data--${randomUUID()}`,
    created: '2026-03-01T09:00:00.000Z',
    modified: '2026-03-01T09:00:00.000Z',
    first_observed: '2026-03-01T08:00:00.000Z',
    last_observed: '2026-03-01T08:30:00.000Z',
    number_observed: 3,
    object_refs: [addressId],
    object_marking_refs: [TLP_IDS.green],
    labels: [name],
  };
}

/*
 * The correlation panel in a real Chromium (issue 5): an analyst opens their report of an
 * address and sees another organisation's report of it, and the aggregate count.
 */
suite(
  hasChromium
    ? 'web UI: correlations'
    : `web UI: correlations (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    const mine = observed('mine');
    const theirs = observed('theirs');
    const c2 = { type: 'ipv4-addr', spec_version: '2.1', value: '203.0.113.46' };
    const c2Id = deterministicScoId(c2);
    const c2Indicator = indicator({ pattern: "[ipv4-addr:value = '203.0.113.46']" });
    const c2Report = { ...observed('c2'), object_refs: [c2Id] };

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
      const root = node.actor('admin');
      const bank = await node.services.auth.createOrganization(root, {
        name: 'Bank',
        sector: 'industry',
        country: 'DE',
      });
      await node.services.auth.createUser(root, {
        username: 'ana',
        role: 'analyst',
        organization: 'Test CERT',
        password: PASSWORD,
      });
      const sco = { id: addressId, ...address };
      await node.services.objects.ingest(
        { kind: 'service', name: 'bank-feed', organizationId: bank.id, role: 'reporter' },
        [sco, theirs],
        { mode: 'atomic' },
      );
      await node.services.objects.ingest(node.actor('analyst'), [sco, mine], { mode: 'atomic' });
      // The CERT's indicator of a C2 address, then the bank's report of it: a sighting.
      await node.services.objects.ingest(node.actor('analyst'), [c2Indicator], { mode: 'atomic' });
      await node.services.objects.ingest(
        { kind: 'service', name: 'bank-feed', organizationId: bank.id, role: 'reporter' },
        [{ id: c2Id, ...c2 }, c2Report],
        { mode: 'atomic' },
      );
      await node.services.sightings.settled();
      base = await listenOnLoopback(node.app);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await node?.close();
    });

    it(
      'shows the other report of the same address, and how many others reported it',
      async () => {
        const cleanups: (() => Promise<void>)[] = [];
        try {
          const page = await signInPage(browser, base, 'ana', PASSWORD, cleanups);

          await page.goto(`${base}/objects/${String(mine.id)}`);
          const panel = page.getByRole('region', { name: 'Correlations' });
          await panel.getByText('203.0.113.45').waitFor(SETTLE);
          await panel
            .getByText('Other organisations that reported these values: 1, in 1 countries.')
            .waitFor(SETTLE);
          const link = panel.getByRole('link');
          await expect.poll(() => link.count(), SETTLE).toBe(1);
          expect(await panel.getByText('refers to a correlated observable').count()).toBe(1);
          expect(await axeViolations(page, 'correlations')).toEqual([]);
          await screenshot(page, 'correlations');

          await link.click();
          await page.waitForURL(`${base}/objects/${String(theirs.id)}`, SETTLE);
        } finally {
          for (const cleanup of cleanups) await cleanup();
        }
      },
      SLOW,
    );

    it(
      'shows on an indicator’s page who sighted it, how often and when',
      async () => {
        const cleanups: (() => Promise<void>)[] = [];
        try {
          const page = await signInPage(browser, base, 'ana', PASSWORD, cleanups);
          await page.goto(`${base}/objects/${String(c2Indicator.id)}`);
          const list = page.getByRole('list', {
            name: 'Who saw the indicator, how often and when',
          });
          await list.waitFor(SETTLE);
          const item = list.getByRole('listitem');
          await expect.poll(() => item.count(), SETTLE).toBe(1);
          const text = await item.textContent();
          expect(text).toContain('Bank');
          expect(text).toContain('Germany (DE)');
          expect(text).toContain('TLP:GREEN');
          expect(text).toContain('reports: 1; first seen Mar 1, 2026');
          expect(await axeViolations(page, 'sightings')).toEqual([]);
          await screenshot(page, 'sightings');
        } finally {
          for (const cleanup of cleanups) await cleanup();
        }
      },
      SLOW,
    );
  },
);
