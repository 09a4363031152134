import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { freePort } from '../support/cli-process.js';
import { DIALECTS, POSTGRES_URL } from '../support/dialects.js';
import {
  axeViolations,
  CHROMIUM,
  hasChromium,
  launchChromium,
  screenshot,
  signInPage,
} from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './ui-build.js';

const SETTLE = { timeout: 10_000 };
/** The peer list refreshes every 10 s; a state change made elsewhere shows within one refresh. */
const REFRESH = { timeout: 25_000 };
const SLOW = 120_000;
const PASSWORD = 'correct horse battery staple 42';
const suite = hasChromium ? describe : describe.skip;

interface Descriptor {
  readonly nodeId: string;
  readonly name: string;
  readonly fingerprint: string;
}

/** A node listening on its own 127.0.0.1 port, its descriptor's base URL pointing there. */
async function startNode(
  dialectName: 'sqlite' | 'postgres',
  name: string,
  country: string,
  env: Record<string, string> = {},
): Promise<{ node: TestNode; base: string }> {
  const dialect = DIALECTS.find((d) => d.name === dialectName);
  if (!dialect) throw new Error(`the ${dialectName} test dialect is not available`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const node = await makeTestNode(dialect, {
    webRoot: WEB_DIST,
    env: {
      NOHAVEN_NODE_NAME: name,
      NOHAVEN_COUNTRY: country,
      NOHAVEN_BASE_URL: base,
      NOHAVEN_PORT: String(port),
      ...env,
    },
  });
  await node.app.listen({ host: '127.0.0.1', port });
  return { node, base };
}

async function descriptorOf(node: TestNode): Promise<Descriptor> {
  const res = await node.app.inject({
    method: 'GET',
    url: '/api/v1/federation/node',
    headers: { cookie: await node.signIn() },
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as { descriptor: Descriptor }).descriptor;
}

async function openFederation(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Federation' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Federation' }).waitFor(SETTLE);
}

/** The state badge in the peer table's row of the peer named `name`. */
function stateIn(page: Page, name: string) {
  return page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name }) })
    .locator('[data-state]');
}

/*
 * The federation page in a real Chromium (issue 6 item 7) between nodes on 127.0.0.1 — Paris on
 * SQLite, Tokyo on PostgreSQL when the suite has one: Paris's administrator pastes Tokyo's
 * descriptor, and a wrong fingerprint is refused next to the field; goes back, uploads the
 * descriptor as a file and types the fingerprint read out by telephone; sees "waiting for the
 * other side"; Tokyo's administrator accepts Paris on their own page; Paris's page, refreshing by
 * itself, shows "active"; Paris suspends Tokyo behind a confirmation; the page reads in French.
 * Berlin adds Ottawa by its descriptor's URL; Ottawa goes down; the stream's unreachable-peer
 * event raises the banner at once. Analysts have no federation page.
 */
suite(
  hasChromium ? 'web UI: federation' : `web UI: federation (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let paris: { node: TestNode; base: string };
    let tokyo: { node: TestNode; base: string };
    let browser: Browser;
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      paris = await startNode('sqlite', 'Paris node', 'FR');
      tokyo = await startNode(POSTGRES_URL ? 'postgres' : 'sqlite', 'Tokyo node', 'JP');
      await paris.node.services.auth.createUser(paris.node.actor('admin'), {
        username: 'ana',
        role: 'analyst',
        password: PASSWORD,
      });
      browser = await launchChromium();
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    afterAll(async () => {
      await browser?.close();
      await paris?.node.close();
      await tokyo?.node.close();
    });

    it(
      'peers two nodes: fingerprint checked, awaiting the other side, accepted there, active, suspended',
      async () => {
        const tokyoDescriptor = await descriptorOf(tokyo.node);
        const parisDescriptor = await descriptorOf(paris.node);
        const page = await signInPage(
          browser,
          paris.base,
          paris.node.adminUsername,
          paris.node.adminPassword,
          cleanups,
        );
        await openFederation(page);
        expect(await page.getByTestId('own-fingerprint').textContent()).toBe(
          parisDescriptor.fingerprint,
        );
        await page.getByText('This node has no peers yet.').waitFor(SETTLE);
        expect(await axeViolations(page, 'federation')).toEqual([]);

        // Step 1: the descriptor, pasted.
        await page.getByLabel('Descriptor (JSON text)').fill(JSON.stringify(tokyoDescriptor));
        await page.getByRole('button', { name: 'Next: compare the fingerprint' }).click();
        // Step 2: what the descriptor says, and the fingerprint to compare.
        await page
          .getByRole('heading', { name: 'Step 2 of 2: compare the fingerprint' })
          .waitFor(SETTLE);
        expect(await page.getByTestId('candidate-fingerprint').textContent()).toBe(
          tokyoDescriptor.fingerprint,
        );
        expect(await page.getByText('Japan (JP)').count()).toBe(1);
        expect(await axeViolations(page, 'federation-confirm')).toEqual([]);

        // A fingerprint that is not the key's is refused, and said next to the field.
        const fingerprintField = page.getByLabel(
          'Fingerprint read to you by the other administrator',
        );
        await fingerprintField.fill('SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
        await page.getByRole('button', { name: 'Add the peer' }).click();
        const fieldError = page.getByTestId('fingerprint-errors');
        await fieldError.waitFor(SETTLE);
        expect(await fingerprintField.getAttribute('aria-invalid')).toBe('true');
        expect(
          await page
            .getByRole('alert')
            .filter({ hasText: 'see the message next to the field' })
            .count(),
        ).toBe(1);
        expect(await fieldError.textContent()).toMatch(/fingerprint|match/i);
        await screenshot(page, 'federation-wrong-fingerprint');

        // Back to step 1, this time with the descriptor as a file; then the right fingerprint,
        // typed with the spaces of a telephone read-out.
        await page.getByRole('button', { name: 'Back' }).click();
        await page.getByLabel('Upload the file').check();
        await page.getByLabel('Descriptor file (.json)').setInputFiles({
          name: 'tokyo.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify(tokyoDescriptor, null, 2)),
        });
        await page.getByText('Read: tokyo.json').waitFor(SETTLE);
        await page.getByRole('button', { name: 'Next: compare the fingerprint' }).click();
        await page.getByTestId('candidate-fingerprint').waitFor(SETTLE);
        const spaced = tokyoDescriptor.fingerprint.replace(/(.{6})/g, '$1 ');
        await fingerprintField.fill(spaced);
        await page.getByRole('button', { name: 'Add the peer' }).click();
        await page
          .getByTestId('federation-status')
          .getByText('Tokyo node is added. State: Waiting for the other side.')
          .waitFor(SETTLE);
        await stateIn(page, 'Tokyo node')
          .filter({ hasText: 'Waiting for the other side' })
          .waitFor(SETTLE);

        // Tokyo's administrator sees Paris asking, and accepts it on their own page.
        const tokyoPage = await signInPage(
          browser,
          tokyo.base,
          tokyo.node.adminUsername,
          tokyo.node.adminPassword,
          cleanups,
        );
        await openFederation(tokyoPage);
        await stateIn(tokyoPage, 'Paris node').filter({ hasText: 'Asks to peer' }).waitFor(SETTLE);
        await tokyoPage
          .getByRole('button', { name: 'Accept the peering request of Paris node' })
          .click();
        await tokyoPage.getByRole('heading', { name: 'Accept Paris node' }).waitFor(SETTLE);
        expect(await tokyoPage.getByTestId('candidate-fingerprint').textContent()).toBe(
          parisDescriptor.fingerprint,
        );
        await tokyoPage
          .getByLabel(
            'I compared the fingerprint above with the one read to me: they are identical.',
          )
          .check();
        await tokyoPage.getByRole('button', { name: 'Accept the peer', exact: true }).click();
        await tokyoPage
          .getByTestId('federation-status')
          .getByText(/^Paris node is added\. State: /)
          .waitFor(SETTLE);
        await stateIn(tokyoPage, 'Paris node').filter({ hasText: 'Active' }).waitFor(REFRESH);

        // Paris's page, refreshing by itself, shows the peering active.
        await stateIn(page, 'Tokyo node').filter({ hasText: 'Active' }).waitFor(REFRESH);
        await screenshot(page, 'federation-active');

        // Suspend, behind a confirmation dialog.
        await page.getByRole('link', { name: 'Details of Tokyo node' }).click();
        await page.getByRole('heading', { level: 1, name: /Tokyo node/ }).waitFor(SETTLE);
        expect(page.url()).toBe(
          `${paris.base}/federation?peer=${encodeURIComponent(tokyoDescriptor.nodeId)}`,
        );
        await expect
          .poll(() => page.evaluate<string | undefined>('document.activeElement?.tagName'), SETTLE)
          .toBe('H1');
        await page.getByRole('button', { name: 'Suspend' }).click();
        const dialog = page.getByRole('dialog', { name: 'Suspend Tokyo node?' });
        await dialog.waitFor(SETTLE);
        expect(await axeViolations(page, 'federation-dialog')).toEqual([]);
        await dialog
          .getByLabel('Reason (optional, recorded in the audit log)')
          .fill('Maintenance agreed by telephone');
        await dialog.getByRole('button', { name: 'Suspend' }).click();
        await page.getByTestId('peer-status').getByText('Tokyo node: Suspended.').waitFor(SETTLE);
        await page.getByRole('heading', { level: 1, name: 'Tokyo node Suspended' }).waitFor(SETTLE);
        await page.getByRole('button', { name: 'Resume' }).waitFor(SETTLE);
        const audit = await paris.node.services.audit.list(paris.node.actor('admin'), {
          action: 'peer.suspend',
        });
        expect(audit.entries.map((e) => [e.actor, e.reason])).toEqual([
          [`user:${paris.node.adminUsername}`, 'Maintenance agreed by telephone'],
        ]);
        // The peer's address can be reloaded.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Tokyo node Suspended' }).waitFor(SETTLE);

        // Back on the list, the row says so too; and the page reads in French.
        await page.getByRole('link', { name: 'All peers' }).click();
        await stateIn(page, 'Tokyo node').filter({ hasText: 'Suspended' }).waitFor(SETTLE);
        await page.getByLabel('Language').selectOption('fr');
        await page.getByRole('heading', { level: 1, name: 'Fédération' }).waitFor(SETTLE);
        await stateIn(page, 'Tokyo node').filter({ hasText: 'Suspendu' }).waitFor(SETTLE);
        expect(await page.getByRole('columnheader', { name: 'Dernier succès' }).count()).toBe(1);
        expect(
          await page.getByRole('heading', { name: 'Comment fonctionne l’appairage' }).count(),
        ).toBe(1);
        expect(await axeViolations(page, 'federation-fr')).toEqual([]);
        await screenshot(page, 'federation');
      },
      SLOW,
    );

    it(
      'raises the alert, live, when a peer stays unreachable longer than the set time',
      async () => {
        // Two more nodes of their own: Berlin alerts after one second of outage.
        const berlin = await startNode('sqlite', 'Berlin node', 'DE', {
          NOHAVEN_PEER_UNREACHABLE_ALERT_SECONDS: '1',
        });
        const ottawa = await startNode('sqlite', 'Ottawa node', 'CA');
        cleanups.push(() => berlin.node.close());
        let ottawaOpen = true;
        cleanups.push(async () => {
          if (ottawaOpen) await ottawa.node.close();
        });
        const ottawaDescriptor = await descriptorOf(ottawa.node);
        const cookie = await berlin.node.signIn();

        // Berlin's administrator adds Ottawa by the address of its descriptor.
        const page = await signInPage(
          browser,
          berlin.base,
          berlin.node.adminUsername,
          berlin.node.adminPassword,
          cleanups,
        );
        await openFederation(page);
        await page.getByLabel('Enter its address (URL)').check();
        await page
          .getByLabel('Address of the descriptor')
          .fill(`${ottawa.base}/federation/v1/descriptor`);
        await page.getByRole('button', { name: 'Next: compare the fingerprint' }).click();
        await page
          .getByText(`The descriptor will be fetched from ${ottawa.base}/federation/v1/descriptor.`)
          .waitFor(SETTLE);
        await page
          .getByLabel('Fingerprint read to you by the other administrator')
          .fill(ottawaDescriptor.fingerprint);
        await page.getByRole('button', { name: 'Add the peer' }).click();
        await page
          .getByTestId('federation-status')
          .getByText('Ottawa node is added. State: Waiting for the other side.')
          .waitFor(SETTLE);
        await stateIn(page, 'Ottawa node')
          .filter({ hasText: 'Waiting for the other side' })
          .waitFor(SETTLE);
        expect(await page.getByTestId('unreachable-banner').textContent()).toBe('');

        // Ottawa goes down; Berlin's next exchange with it fails.
        await ottawa.node.close();
        ottawaOpen = false;
        const retried = await berlin.node.app.inject({
          method: 'POST',
          url: `/api/v1/peers/${ottawaDescriptor.nodeId}/retry`,
          headers: { cookie },
        });
        expect(retried.statusCode).toBe(200);
        expect(
          (retried.json() as { health: { lastError: string | null } }).health.lastError,
        ).not.toBeNull();

        // The stream's peer-unreachable event shows at once, and the list then says since when.
        const banner = page.getByTestId('unreachable-banner');
        await banner.getByText('Just reported: Ottawa node cannot be reached.').waitFor(REFRESH);
        await banner.getByText(/^Ottawa node has been unreachable since /).waitFor(SETTLE);
        expect(
          await page.getByRole('alert').filter({ hasText: 'A peer cannot be reached' }).count(),
        ).toBe(1);
        expect(await axeViolations(page, 'federation-unreachable')).toEqual([]);
        await screenshot(page, 'federation-unreachable');

        // The detail page tells the last error in full, and retrying from it reports the attempt.
        await page.getByRole('link', { name: 'Details of Ottawa node' }).click();
        await page.getByRole('heading', { level: 1, name: /Ottawa node/ }).waitFor(SETTLE);
        await page.getByText(/^Ottawa node has been unreachable since /).waitFor(SETTLE);
        await page.getByRole('button', { name: 'Try to reach it now' }).click();
        await page
          .getByTestId('peer-status')
          .getByText('This node is trying to reach Ottawa node again.')
          .waitFor(SETTLE);
        expect(await page.getByText('None', { exact: true }).count()).toBe(0);
      },
      SLOW,
    );

    it(
      'is for administrators only: an analyst has no link to it and is told so',
      async () => {
        const page = await signInPage(browser, paris.base, 'ana', PASSWORD, cleanups);
        const nav = page.getByRole('navigation', { name: 'Main navigation' });
        await nav.getByRole('link', { name: 'Overview' }).waitFor(SETTLE);
        expect(await nav.getByRole('link', { name: 'Federation' }).count()).toBe(0);
        await page.goto(`${paris.base}/federation`);
        await page.getByText('Only administrators manage the federation.').waitFor(SETTLE);
        expect(await page.getByTestId('peers').count()).toBe(0);
      },
      SLOW,
    );
  },
);
