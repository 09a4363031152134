import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import {
  axeViolations,
  CHROMIUM,
  hasChromium,
  htmlLang,
  isolatedContext,
  launchChromium,
  screenshot,
} from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './ui-build.js';
import { uiFixtures } from './ui-fixtures.js';

/** Counts are read once the page has settled: the UI renders after its API calls answer. */
const SETTLE = { timeout: 10_000 };

/*
 * The web UI in a real Chromium against a real node on 127.0.0.1 (SQLite). Every page is
 * checked with axe-core (WCAG 2.1 A/AA) and photographed to test-results/screenshots/.
 */
const suite = hasChromium ? describe : describe.skip;
/** A browser test signs in, runs axe on several pages and takes screenshots. */
const SLOW = 90_000;
if (!hasChromium) console.warn(`UI end-to-end tests skipped: ${CHROMIUM} is not installed`);

suite(hasChromium ? 'web UI' : `web UI (skipped: ${CHROMIUM} is not installed)`, () => {
  let node: TestNode;
  let browser: Browser;
  let base: string;
  const world = uiFixtures();
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ensureUiBuilt();
    const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
    if (!sqlite) throw new Error('the SQLite test dialect is not available');
    node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
    const summary = await node.services.objects.ingest(node.actor('analyst'), world.objects, {
      mode: 'atomic',
    });
    expect(summary.rejected).toEqual([]);
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

  /** A new page in an isolated context; at the end of the test no request left 127.0.0.1. */
  async function openPage(locale?: string): Promise<Page> {
    const { context, blocked } = await isolatedContext(browser, { locale });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    cleanups.push(async () => {
      await context.close();
      expect(blocked, 'requests outside 127.0.0.1').toEqual([]);
    });
    return context.newPage();
  }

  async function expectAccessible(page: Page, label: string): Promise<void> {
    expect(await axeViolations(page, label)).toEqual([]);
  }

  async function signIn(page: Page, path = '/'): Promise<void> {
    await page.goto(base + path);
    await page.getByLabel('User name').fill(node.adminUsername);
    await page.getByLabel('Password').fill(node.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

  it(
    'signs in by keyboard: a clear message for a wrong password, the overview for the right one',
    async () => {
      const page = await openPage();
      await page.goto(base + '/');
      await expect.poll(() => h1(page).textContent()).toBe('Sign in');
      await expectAccessible(page, 'sign-in');
      await screenshot(page, 'signin');

      const focused = () =>
        page.evaluate<string>(
          `(() => { const el = document.activeElement; return el?.getAttribute('name') ?? el?.textContent ?? ''; })()`,
        );
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Skip to main content');
      await page.keyboard.press('Tab'); // language menu
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('username');
      await page.keyboard.type(node.adminUsername);
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('password');
      await page.keyboard.type('not-the-password');
      await page.keyboard.press('Enter');
      await page.getByText('The user name or password is not correct').waitFor();
      expect(await focused()).toBe('password');
      await expectAccessible(page, 'sign-in with error');
      await screenshot(page, 'signin-error');

      await page.keyboard.type(node.adminPassword);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      const banner = page.getByRole('banner');
      await expect
        .poll(() => banner.getByRole('link', { name: 'Test node' }).count(), SETTLE)
        .toBe(1);
      // The node may hold objects of its own (the TLP marking definitions): compare with its API.
      const overview = (await (await page.request.get(`${base}/api/v1/node`)).json()) as {
        counts: { total: number; byType: Record<string, number> };
      };
      expect(overview.counts.byType).toMatchObject({ indicator: 53, malware: 1, relationship: 1 });
      await expect
        .poll(() => page.getByTestId('total').textContent(), SETTLE)
        .toBe(String(overview.counts.total));
      await expect
        .poll(() => page.getByRole('row', { name: /Malware\s*1/ }).count(), SETTLE)
        .toBe(1);
      await expect.poll(() => page.getByText('France (FR)').count(), SETTLE).toBe(1);
      await expectAccessible(page, 'home');
      await screenshot(page, 'home');
      await page.setViewportSize({ width: 390, height: 844 });
      await expectAccessible(page, 'home on a phone');
      await screenshot(page, 'home-phone');
    },
    SLOW,
  );

  it(
    'browses: filters by type and TLP, opens details, follows a reference, opens an older version',
    async () => {
      const page = await openPage();
      await signIn(page);
      await page.getByRole('navigation').getByRole('link', { name: 'Objects' }).click();
      await page.getByRole('link', { name: 'Next page' }).waitFor();
      await expect.poll(() => page.getByRole('row').count(), SETTLE).toBe(51);
      await expectAccessible(page, 'objects');
      await screenshot(page, 'objects');
      await page.getByRole('link', { name: 'Next page' }).click();
      await page.getByRole('link', { name: 'First page' }).waitFor();
      await expect.poll(() => page.getByRole('row').count(), SETTLE).toBeGreaterThan(1);
      await expect
        .poll(() => page.getByRole('link', { name: 'Next page' }).count(), SETTLE)
        .toBe(0);

      await page.getByLabel('Type', { exact: true }).selectOption('malware');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByRole('link', { name: 'Testbot' }).waitFor();
      await expect.poll(() => page.getByRole('row').count(), SETTLE).toBe(2);
      expect(new URL(page.url()).searchParams.get('type')).toBe('malware');
      await page.getByRole('link', { name: 'Testbot' }).click();
      await page.getByRole('heading', { level: 1, name: 'Testbot' }).waitFor();
      await expect.poll(() => page.getByText('TLP:GREEN').count(), SETTLE).toBeGreaterThan(0);

      await page.goto(`${base}/objects?type=relationship`);
      await page.getByRole('link', { name: 'indicates' }).click();
      await page.getByRole('heading', { level: 1, name: 'indicates' }).waitFor();
      await page.getByRole('link', { name: world.secondVersion.id }).click();
      await page.getByRole('heading', { level: 1, name: 'Testbot C2 server' }).waitFor();
      await expect.poll(() => page.getByText('TLP:AMBER').count(), SETTLE).toBeGreaterThan(0);
      const versions = page.getByRole('region', { name: 'Versions' }).getByRole('listitem');
      await expect.poll(() => versions.count(), SETTLE).toBe(2);
      await expectAccessible(page, 'object detail');
      await screenshot(page, 'detail');

      await versions.nth(1).getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Testbot C2 (first report)' }).waitFor();
      await page.getByText('You are viewing an older version').waitFor();
      await expectAccessible(page, 'older version');
      await screenshot(page, 'detail-older');
      await page.getByRole('link', { name: 'View the latest version' }).click();
      await page.getByRole('heading', { level: 1, name: 'Testbot C2 server' }).waitFor();

      await page.getByRole('link', { name: 'Back to objects' }).click();
      await page.getByLabel('Marking (TLP)').selectOption({ label: 'TLP:AMBER' });
      await page.getByLabel('Created by').selectOption({ label: 'Example ISP abuse desk' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByRole('link', { name: 'Testbot C2 server' }).waitFor();
      await expect.poll(() => page.getByRole('row').count(), SETTLE).toBe(2);

      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByLabel('Text', { exact: true }).fill('phishing url 07');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByRole('link', { name: 'Phishing URL 07' }).waitFor();
      await expect.poll(() => page.getByRole('row').count(), SETTLE).toBe(2);
    },
    SLOW,
  );

  it(
    'creates a token that is shown once, revokes it, signs out',
    async () => {
      const page = await openPage();
      await signIn(page, '/tokens');
      await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
      await page.getByText('You have no tokens yet.').waitFor();
      await page.getByLabel('Token name').fill('SIEM import');
      await page.getByRole('button', { name: 'Create token' }).click();
      const secretField = page.getByLabel('Token', { exact: true });
      await secretField.waitFor();
      const secret = await secretField.inputValue();
      expect(secret.length).toBeGreaterThan(20);
      await page.getByText('It will not be shown again').waitFor();
      await page.getByRole('button', { name: 'Copy token' }).click();
      await page.getByText('The token was copied to the clipboard.').waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
      await expectAccessible(page, 'tokens with new token');
      await screenshot(page, 'tokens-created');

      await page.getByRole('button', { name: 'I have stored it safely' }).click();
      await page.getByRole('row', { name: /SIEM import/ }).waitFor();
      expect(await page.content()).not.toContain(secret);
      await page.reload();
      await page.getByRole('row', { name: /SIEM import.*Active/ }).waitFor();
      expect(await page.content()).not.toContain(secret);

      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Revoke the token “SIEM import”' }).click();
      await page.getByText('The token “SIEM import” was revoked.').waitFor();
      await page.getByRole('row', { name: /SIEM import.*Revoked on/ }).waitFor();
      await expectAccessible(page, 'tokens');
      await screenshot(page, 'tokens');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.goto(base + '/tokens');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    },
    SLOW,
  );

  it(
    'switches language (French, Japanese, Russian), sets <html lang> and keeps it on reload',
    async () => {
      const page = await openPage();
      await signIn(page);
      const lang = () => htmlLang(page);
      const nav = page.getByRole('navigation');
      expect(await lang()).toBe('en');

      const cases = [
        { code: 'fr', objects: 'Objets', home: 'Vue d’ensemble', language: 'Langue' },
        { code: 'ja', objects: 'オブジェクト', home: '概要', language: '言語' },
        { code: 'ru', objects: 'Объекты', home: 'Обзор', language: 'Язык' },
      ];
      let label = 'Language';
      for (const c of cases) {
        await page.getByLabel(label, { exact: true }).selectOption(c.code);
        await page.getByRole('heading', { level: 1, name: c.home }).waitFor();
        label = c.language;
        expect(await lang()).toBe(c.code);
        await expect.poll(() => nav.getByRole('link', { name: c.objects }).count(), SETTLE).toBe(1);
        await page.reload();
        await page.getByRole('heading', { level: 1, name: c.home }).waitFor();
        expect(await lang()).toBe(c.code);
        await expectAccessible(page, `home (${c.code})`);
        await screenshot(page, 'home');
        await nav.getByRole('link', { name: c.objects }).click();
        await page.getByRole('heading', { level: 1, name: c.objects }).waitFor();
        await page.getByRole('table').waitFor();
        await expectAccessible(page, `objects (${c.code})`);
        await screenshot(page, 'objects');
        await nav.getByRole('link', { name: c.home }).click();
      }
    },
    SLOW,
  );

  it(
    'greets a browser set to German in German before anyone signs in',
    async () => {
      const page = await openPage('de-DE');
      await page.goto(base + '/objects');
      await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
      expect(await htmlLang(page)).toBe('de');
      await page.getByLabel('Benutzername').fill(node.adminUsername);
      await page.getByLabel('Passwort').fill(node.adminPassword);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { level: 1, name: 'Objekte' }).waitFor();
      await page.getByRole('table').waitFor();
      await expectAccessible(page, 'objects (de)');
      await screenshot(page, 'objects');

      await page.goto(base + '/nirgendwo');
      await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
      await expectAccessible(page, 'not found (de)');
      await screenshot(page, 'not-found');
    },
    SLOW,
  );
});
