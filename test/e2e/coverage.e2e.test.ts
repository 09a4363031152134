import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { fixedClock, makeTestNode, type TestNode } from '../support/app.js';
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
const suite = hasChromium ? describe : describe.skip;

/*
 * Coverage in a real Chromium (issue 5, item 5): the Netherlands covered and answering, France
 * with a finding unanswered for two days, Germany with an abuse contact only. The map colours
 * each country by its level, the table lists every country with gaps first, the gaps name
 * France.
 */
suite(
  hasChromium ? 'web UI: coverage' : `web UI: coverage (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    const cleanups: (() => Promise<void>)[] = [];
    // The session cookie's expiry follows the node's clock: start from the real time.
    const clock = fixedClock(new Date());

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST, clock });
      const root = node.actor('admin');
      const host = await node.services.auth.createOrganization(root, {
        name: 'Host NL',
        sector: 'industry',
        country: 'NL',
      });
      const contacts = [
        { kind: 'abuse', name: 'SURF abuse', network: '145.100.0.0/16', address: host.id },
        { kind: 'poc', name: 'NL 24/7', country: 'NL', address: host.id },
        { kind: 'cert', name: 'NCSC-NL', country: 'NL', address: host.id },
        { kind: 'poc', name: 'France 24/7', country: 'FR', address: host.id },
        { kind: 'abuse', name: 'Transit abuse', asn: 'AS64500', country: 'DE', address: host.id },
      ];
      for (const c of contacts)
        await node.services.contacts.create(root, { ...c, channel: 'nohaven' });
      // SURF abuse names no country: give it the Netherlands, as its network is there.
      const surf = (await node.services.contacts.list(root, { text: 'SURF' }))[0]!;
      await node.services.contacts.update(root, surf.id, { ...surf, country: 'NL' });

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
      await node.services.intake.import(node.actor('analyst'), input(), { mode: 'atomic' });
      await node.services.routing.routeByHand(node.actor('analyst'), [ip.id], { country: 'FR' });
      const desk: Actor = {
        kind: 'service',
        name: 'test-desk',
        organizationId: host.id,
        role: 'contact-point',
      };
      const items = await node.services.routing.queue(desk, {});
      const nl = items.find((e) => e.item.contactName === 'NL 24/7')!;
      clock.advance(90_000);
      await node.services.routing.act(desk, nl.item.id, 'acknowledge');
      clock.advance(2 * 86_400_000);
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
      'colours the map by coverage, lists every country with gaps first, and names the gaps',
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
          .getByRole('link', { name: 'Coverage' })
          .click();
        await page
          .getByRole('heading', { level: 1, name: 'Coverage: no safe havens' })
          .waitFor(SETTLE);
        await page.locator('path[data-country="NL"]').waitFor(SETTLE);
        const levelOf = (code: string) =>
          page.locator(`path[data-country="${code}"]`).first().getAttribute('data-level');
        expect(await levelOf('NL')).toBe('covered');
        expect(await levelOf('FR')).toBe('unresponsive');
        expect(await levelOf('DE')).toBe('partial');
        expect(await levelOf('JP')).toBe('none');
        expect(await page.locator('path[data-country="FR"]').first().getAttribute('fill')).toBe(
          'url(#coverage-unresponsive)',
        );
        expect(await page.locator('path[data-level="covered"]').count()).toBe(1);

        // Focus a country: its title shows under the map.
        await page.locator('path[data-country="NL"]').focus();
        await page
          .locator('figcaption', {
            hasText: 'Netherlands (NL): Covered; 2 findings routed, 1 acknowledged',
          })
          .waitFor(SETTLE);

        // The legend names each level in words, not only by colour.
        const legend = page.getByRole('list', { name: 'Legend' });
        expect(await legend.getByText('No answer', { exact: true }).count()).toBe(1);
        expect(await legend.getByText('Covered', { exact: true }).count()).toBe(1);

        const table = page.getByRole('table', { name: 'Coverage by country' });
        expect(await table.getByRole('row').count()).toBe(250);
        const first = table.getByRole('row').nth(1);
        expect(await first.getByRole('rowheader').textContent()).toBe('France (FR)');
        const nl = table.getByRole('row', { name: /^Netherlands \(NL\)/ });
        expect((await nl.getByRole('cell').allTextContents()).map((s) => s.trim())).toEqual([
          'Covered',
          '1',
          '1',
          '1',
          '2',
          '1',
          '0',
          '0',
          '1',
          '90 sec',
          '2 days',
        ]);

        const gaps = page.getByRole('region', { name: 'Gaps' });
        expect(
          await gaps.getByText('France (FR): findings routed, none answered within 24 hr').count(),
        ).toBe(1);
        expect(await gaps.getByText('Countries without a 24/7 point of contact: 247').count()).toBe(
          1,
        );

        await page.getByLabel('Order of the table').selectOption('routed');
        await table
          .getByRole('row')
          .nth(1)
          .getByRole('rowheader', { name: 'Netherlands (NL)' })
          .waitFor(SETTLE);

        expect(await axeViolations(page, 'coverage')).toEqual([]);
        await screenshot(page, 'coverage');
      },
      SLOW,
    );
  },
);
