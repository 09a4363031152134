import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
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
const SLOW = 120_000;
const EML = [
  'From: "Billing" <billing@pay-now.example.com>',
  'To: accounts@example.org',
  'Subject: Invoice 2026-118 overdue',
  'Content-Type: text/plain',
  '',
  'Please pay today at http://pay-now.example.com/invoice',
  '',
].join('\r\n');

/*
 * The "report an incident" wizard (issue 4) in a real Chromium against a real node (SQLite):
 * a person fills in every step by label, attaches the e-mail, meets a mistake the node finds,
 * sends, and follows the confirmation to the incident and its linked observables. Every step
 * is checked with axe-core.
 */
const suite = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`report wizard browser tests skipped: ${CHROMIUM} is not installed`);

suite(hasChromium ? 'report wizard' : `report wizard (skipped: no ${CHROMIUM})`, () => {
  let node: TestNode;
  let browser: Browser;
  let base: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ensureUiBuilt();
    const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
    if (!sqlite) throw new Error('the SQLite test dialect is not available');
    node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
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

  async function openPage(): Promise<Page> {
    const { context, blocked } = await isolatedContext(browser);
    cleanups.push(async () => {
      await context.close();
      expect(blocked, 'requests outside 127.0.0.1').toEqual([]);
    });
    return context.newPage();
  }

  async function expectAccessible(page: Page, label: string): Promise<void> {
    expect(await axeViolations(page, label)).toEqual([]);
  }

  const stepHeading = (page: Page, name: string) =>
    page.getByRole('heading', { level: 2, name, exact: true }).waitFor();

  it(
    'reports an incident step by step and shows it with its linked observables',
    async () => {
      const page = await openPage();
      await page.goto(base + '/');
      await page.getByLabel('User name').fill(node.adminUsername);
      await page.getByLabel('Password').fill(node.adminPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation').getByRole('link', { name: 'Report an incident' }).click();
      await page.getByRole('heading', { level: 1, name: 'Report an incident' }).waitFor();

      // Step 1: Next without an answer says what is missing.
      await stepHeading(page, 'What happened');
      await expect.poll(() => page.getByRole('radio').count(), SETTLE).toBe(14);
      await expectAccessible(page, 'report: what happened');
      await screenshot(page, 'report-what');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('alert').getByText('This answer is needed.').waitFor();
      await expectAccessible(page, 'report: what happened, missing answer');
      await page.getByLabel('Money or property was lost through online fraud').check();
      await page.getByRole('button', { name: 'Next' }).click();

      // Step 2: a period.
      await stepHeading(page, 'When');
      await page.getByLabel('Over a period of time').check();
      await page.getByLabel('Started').fill('2026-01-15T09:00');
      await page.getByLabel('Ended').fill('2026-01-15T11:30');
      await expectAccessible(page, 'report: when');
      await page.getByRole('button', { name: 'Next' }).click();

      // Step 3: who.
      await stepHeading(page, 'Who is affected');
      await page.getByLabel('Our customers or users').check();
      await page.getByLabel('How many are affected (if you know)?').fill('40');
      await expectAccessible(page, 'report: who');
      await page.getByRole('button', { name: 'Next' }).click();

      // Step 4: own words, addresses (one the node will refuse), the e-mail and a file.
      await stepHeading(page, 'What you saw');
      await page
        .getByLabel('What did you see?')
        .fill('Customers received a fake invoice e-mail.\nSome of them paid it.');
      const kind = page.getByLabel('Kind', { exact: true });
      const value = page.getByLabel('Address or number');
      await kind.selectOption({ label: 'Web address (URL)' });
      await value.fill('http://PAY-NOW.example.com/invoice');
      await value.press('Enter');
      await kind.selectOption({ label: 'E-mail address' });
      await value.fill('billing@pay-now.example.com');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await kind.selectOption({ label: 'IP address' });
      await value.fill('192.0.2.300');
      await value.press('Enter');
      await kind.selectOption({ label: 'Phone number' });
      await value.fill('+44 20 7946 0000');
      await value.press('Enter');
      await page.getByLabel('Files or the e-mail').setInputFiles([
        { name: 'invoice.eml', mimeType: 'message/rfc822', buffer: Buffer.from(EML) },
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('paid 2 x 480 EUR') },
      ]);
      await page.getByText('invoice.eml').waitFor();
      await expectAccessible(page, 'report: what you saw');
      await screenshot(page, 'report-saw');
      await page.setViewportSize({ width: 390, height: 844 });
      await expectAccessible(page, 'report: what you saw on a phone');
      await screenshot(page, 'report-saw-phone');
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.getByRole('button', { name: 'Next' }).click();

      // Step 5: the review, then the node's own check sends the person back to the mistake.
      await stepHeading(page, 'Check and send');
      await page.getByText('Money or property was lost through online fraud').waitFor();
      await expectAccessible(page, 'report: review');
      await screenshot(page, 'report-review');
      await page.getByRole('button', { name: 'Send the report' }).click();
      await stepHeading(page, 'What you saw');
      const alert = page.getByRole('alert');
      await alert.getByText('This is not an IP address, such as 192.0.2.1.').waitFor();
      await expectAccessible(page, 'report: what you saw, refused by the node');
      await page.getByRole('button', { name: 'Remove 192.0.2.300' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await stepHeading(page, 'Check and send');
      await page.getByRole('button', { name: 'Send the report' }).click();

      // Confirmation: what was created, with links.
      await page.getByRole('heading', { name: 'Thank you. Your report was sent.' }).waitFor();
      const linked = page.locator('.linked');
      await expect
        .poll(() => linked.getByRole('listitem').allTextContents(), SETTLE)
        .toEqual([
          'URL: http://pay-now.example.com/invoice',
          'E-mail address: billing@pay-now.example.com',
          'File: invoice.eml',
          // What the attached e-mail holds, read by the intake e-mail parser.
          'E-mail message: Invoice 2026-118 overdue',
          'E-mail address: accounts@example.org',
          'Domain name: pay-now.example.com',
          'File: notes.txt',
        ]);
      await expectAccessible(page, 'report: sent');
      await screenshot(page, 'report-sent');

      await page.getByRole('link', { name: 'View the incident' }).click();
      await page
        .getByRole('heading', {
          level: 1,
          name: 'Computer-related fraud: Customers received a fake invoice e-mail.',
        })
        .waitFor();
      await page.getByText('offence:BC-8-computer-fraud').waitFor();
      await page.getByText('affected-count:40').waitFor();
      await expectAccessible(page, 'report: incident detail');
      const incidentId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

      await page.goBack();
      await page.getByRole('link', { name: 'invoice.eml' }).click();
      await page.getByRole('heading', { level: 1, name: 'invoice.eml' }).waitFor();
      // In the properties (the correlation panel lists the same hash as a looked-up value).
      const sha256 = createHash('sha256').update(EML).digest('hex');
      await page.getByRole('region', { name: 'Properties' }).getByText(sha256).waitFor();
      await page.getByRole('region', { name: 'Correlations' }).getByText(sha256).waitFor();

      // The node holds the links: one related-to relationship per observable.
      const res = await page.request.get(`${base}/api/v1/objects?type=relationship&limit=100`);
      const links = ((await res.json()) as { items: { object: Record<string, string> }[] }).items
        .map((i) => i.object)
        .filter((o) => o.source_ref === incidentId && o.relationship_type === 'related-to');
      expect(links).toHaveLength(7);
    },
    SLOW,
  );
});
