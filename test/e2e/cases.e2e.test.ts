import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import { TLP_IDS } from '../support/stix-fixtures.js';
import { testIdentity } from '../support/test-identity.js';
import { verifyPackage } from '../../src/cases/package-verify.js';
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
const PASSWORD = 'inspector-password-1';

/*
 * Cases and evidence in a real Chromium (issue 7, item 7): an investigator opens a case, links
 * an incident, uploads a capture, downloads it after stating a purpose, and sees that download
 * in the item's chain of custody; the item then leaves as a signed package that verifies.
 */
suite(
  hasChromium ? 'web UI: cases' : `web UI: cases (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    const cleanups: (() => Promise<void>)[] = [];
    const identity = testIdentity('Madrid node');
    const incident = {
      type: 'incident',
      spec_version: '2.1',
      id: `incident--${randomUUID()}`,
      created: '2026-02-01T10:00:00.000Z',
      modified: '2026-02-01T10:00:00.000Z',
      name: 'Phishing wave against Banco Ejemplo',
      object_marking_refs: [TLP_IDS.green],
    };

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST, deps: { identity } });
      await node.app.ready();
      const root = node.actor('admin');
      await node.services.auth.createUser(root, {
        username: 'inspector',
        role: 'investigator',
        organization: 'Test CERT',
        password: PASSWORD,
      });
      expect(
        (await node.services.objects.ingest(root, [incident], { mode: 'atomic' })).stored,
      ).toBe(1);
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
      'opens a case, links an incident, uploads evidence, records its download and exports a signed package',
      async () => {
        const page = await signInPage(browser, base, 'inspector', PASSWORD, cleanups);
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Cases' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor(SETTLE);
        await page.getByLabel('Reference').fill('ES-2026-0007');
        await page.getByLabel('Title').fill('Banco Ejemplo phishing');
        await page.getByRole('button', { name: 'Open the case' }).click();
        await page
          .getByRole('heading', { level: 1, name: 'ES-2026-0007 — Banco Ejemplo phishing' })
          .waitFor(SETTLE);

        await page.getByLabel('Id (STIX id or request id)').fill(incident.id);
        await page.getByRole('button', { name: 'Link', exact: true }).click();
        await page.getByRole('link', { name: incident.name }).waitFor(SETTLE);

        const capture = Buffer.from('pcap: 198.51.100.7 -> login.banco-ejemplo.example');
        await page.getByLabel('File', { exact: true }).setInputFiles({
          name: 'capture.pcap',
          mimeType: 'application/vnd.tcpdump.pcap',
          buffer: capture,
        });
        await page.getByLabel('How it was acquired').fill('Handed over by the bank on USB');
        await page.getByRole('button', { name: 'Add the file' }).click();
        await page.getByRole('rowheader', { name: 'capture.pcap' }).waitFor(SETTLE);
        const sha256 = createHash('sha256').update(capture).digest('hex');
        expect(await page.getByText(sha256).count()).toBe(1);

        await page.getByRole('button', { name: 'Download capture.pcap' }).click();
        const dialog = page.getByRole('dialog', { name: 'Download capture.pcap' });
        await dialog.waitFor(SETTLE);
        expect(await axeViolations(page, 'case purpose dialog')).toEqual([]);
        await dialog.getByLabel('Why do you need this file?').fill('Compare with the bank report');
        const [download] = await Promise.all([
          page.waitForEvent('download', SETTLE),
          dialog.getByRole('button', { name: 'Confirm' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe('capture.pcap');

        const timeline = page.getByRole('region', { name: 'Chain of custody of capture.pcap' });
        await timeline.getByText('Compare with the bank report').waitFor(SETTLE);
        await timeline.getByText('The chain of custody is intact.').waitFor(SETTLE);
        const entries = await timeline.getByRole('listitem').allTextContents();
        expect(entries).toHaveLength(2);
        expect(entries[0]).toContain('Acquired');
        expect(entries[1]).toMatch(
          /^Downloaded — .* — user:inspector — Purpose: Compare with the bank report$/,
        );
        expect(await axeViolations(page, 'case page')).toEqual([]);
        await screenshot(page, 'case');

        // The chosen item leaves as a signed package that verifies offline.
        await page.getByRole('checkbox', { name: 'Include capture.pcap' }).check();
        await page.getByLabel('Purpose', { exact: true }).fill('Copy for the investigating judge');
        const [pkg] = await Promise.all([
          page.waitForEvent('download', SETTLE),
          page.getByRole('button', { name: 'Export signed package' }).click(),
        ]);
        expect(pkg.suggestedFilename()).toMatch(/^ES-2026-0007-package-[0-9a-f-]{36}\.tar$/);
        const verified = verifyPackage(await readFile(await pkg.path()), {
          expectedFingerprint: identity.descriptor().fingerprint,
        });
        expect(verified.problems).toEqual([]);
        expect(verified.manifest?.items.map((i) => i.sha256)).toEqual([sha256]);
        await timeline.getByText('Copy for the investigating judge').waitFor(SETTLE);
      },
      SLOW,
    );
  },
);
