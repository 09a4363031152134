import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import { TLP_IDS, indicator } from '../support/stix-fixtures.js';
import {
  axeViolations,
  CHROMIUM,
  hasChromium,
  isolatedContext,
  launchChromium,
  screenshot,
} from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './ui-build.js';

const SETTLE = { timeout: 10_000 };
const SLOW = 90_000;
const suite = hasChromium ? describe : describe.skip;

/*
 * Markings, distribution and "who can see this?" in a real Chromium (issue #3): what the
 * panel lists is what the read policy computes, in the chosen language.
 */
suite(
  hasChromium
    ? 'web UI: who can see this'
    : `web UI: who can see this (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    const cleanups: (() => Promise<void>)[] = [];
    const shared = indicator({
      name: 'Shared with the group',
      object_marking_refs: [TLP_IDS.amber],
    });

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
      const root = node.actor('admin');
      const partner = await node.services.auth.createOrganization(root, {
        name: 'Partner bank',
        sector: 'industry',
        country: 'DE',
      });
      await node.services.auth.createOrganization(root, {
        name: 'Unrelated ISP',
        sector: 'industry',
        country: 'IT',
      });
      const group = await node.services.sharingGroups.create(root, { name: 'Banking circle' });
      await node.services.sharingGroups.addMember(root, group.id, partner.id);
      const summary = await node.services.objects.ingest(node.actor('analyst'), [shared], {
        mode: 'atomic',
        distribution: `sharing-group:${group.id}`,
      });
      expect(summary.stored).toBe(1);
      await node.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
      browser = await launchChromium();
    });

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    afterAll(async () => {
      await browser?.close();
      await node?.close();
    });

    async function openPage(locale?: string): Promise<Page> {
      const { context, blocked } = await isolatedContext(browser, { locale });
      cleanups.push(async () => {
        await context.close();
        expect(blocked, 'requests outside 127.0.0.1').toEqual([]);
      });
      return context.newPage();
    }

    it(
      'shows TLP and distribution in the list, and the audience on the detail page',
      async () => {
        const page = await openPage();
        await page.goto(`${base}/objects`);
        await page.getByLabel('User name').fill(node.adminUsername);
        await page.getByLabel('Password').fill(node.adminPassword);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('columnheader', { name: 'Distribution' }).waitFor(SETTLE);
        const row = page.getByRole('row', { name: /Shared with the group/ });
        await expect.poll(() => row.textContent(), SETTLE).toMatch(/Sharing group sg-/);
        await row.getByRole('link').click();
        const panel = page.getByRole('region', { name: 'Who can see this?' });
        await panel.waitFor(SETTLE);
        await expect
          .poll(() => panel.getByRole('listitem').allTextContents(), SETTLE)
          .toEqual(['Partner bank', 'Test CERT']);
        expect(await panel.textContent()).not.toContain('Unrelated ISP');
        expect(await axeViolations(page, 'object detail with audience')).toEqual([]);
        await screenshot(page, 'object-audience');
      },
      SLOW,
    );

    it(
      'lets an admin create a sharing group with a hidden member list and add a member',
      async () => {
        const page = await openPage();
        await page.goto(`${base}/sharing-groups`);
        await page.getByLabel('User name').fill(node.adminUsername);
        await page.getByLabel('Password').fill(node.adminPassword);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { level: 1, name: 'Sharing groups' }).waitFor(SETTLE);
        await page.getByRole('region', { name: 'Banking circle' }).waitFor(SETTLE);
        await page.getByLabel('Name', { exact: true }).fill('Police circle');
        await page.getByLabel('Hide the member list from members').check();
        await page.getByRole('button', { name: 'Create group' }).click();
        const card = page.getByRole('region', { name: 'Police circle' });
        await card.waitFor(SETTLE);
        const outsider = (await node.services.auth.listOrganizations(node.actor('admin'))).find(
          (o) => o.name === 'Unrelated ISP',
        )!;
        await card.getByLabel('Organisation identity id').fill(outsider.id);
        await card.getByRole('button', { name: 'Add member' }).click();
        await expect.poll(() => card.textContent(), SETTLE).toContain('2 members');
        expect(await card.textContent()).toContain('Unrelated ISP');
        expect(await axeViolations(page, 'sharing groups')).toEqual([]);
        await screenshot(page, 'sharing-groups');
      },
      SLOW,
    );

    it(
      'speaks the chosen language in the panel',
      async () => {
        const page = await openPage('fr-FR');
        await page.goto(`${base}/objects/${shared.id}`);
        await page.getByLabel(/Nom d.utilisateur|User name/).fill(node.adminUsername);
        await page.getByLabel(/Mot de passe|Password/).fill(node.adminPassword);
        await page.getByRole('button', { name: /Se connecter|Sign in/ }).click();
        await page.getByRole('heading', { name: 'Qui peut voir ceci ?' }).waitFor(SETTLE);
      },
      SLOW,
    );
  },
);
