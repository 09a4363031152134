import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const SCREENSHOTS = path.resolve('test-results/screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Starts `app` on 127.0.0.1 (an ephemeral port) and returns its base URL. */
export async function listenOnLoopback(app: {
  listen(options: { host: string; port: number }): Promise<unknown>;
  server: { address(): unknown };
}): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/**
 * Signs a user in through the sign-in form, in a fresh {@link isolatedContext}. Closing the
 * context is pushed to `cleanups`, and so is the assertion that no request left 127.0.0.1.
 */
export async function signInPage(
  browser: Browser,
  base: string,
  username: string,
  password: string,
  cleanups: (() => Promise<void>)[],
): Promise<Page> {
  const { context, blocked } = await isolatedContext(browser);
  cleanups.push(async () => {
    await context.close();
    expect(blocked, 'requests outside 127.0.0.1').toEqual([]);
  });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor({ timeout: 10_000 });
  return page;
}

/**
 * A fresh browser context whose requests may only reach 127.0.0.1; anything else is aborted
 * and recorded in `blocked` so the test can assert the UI calls nothing outside its node.
 */
export async function isolatedContext(
  browser: Browser,
  options: { locale?: string } = {},
): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: { width: 1280, height: 860 },
    reducedMotion: 'reduce',
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  return { context, blocked };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page and returns the violations, printed. */
export async function axeViolations(page: Page, label: string): Promise<AxeViolation[]> {
  // Browser-side code is passed as text: this file is compiled without the DOM library.
  // `addScriptTag` would add an inline <script>, which the node's Content-Security-Policy
  // rightly blocks; evaluating the source through the DevTools protocol is not subject to it.
  if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.evaluate(axe.source);
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  })()`);
  if (violations.length > 0) {
    console.error(`axe violations on ${label}:\n${JSON.stringify(violations, null, 2)}`);
  }
  return violations;
}

/** Saves `test-results/screenshots/<name>-<lang>.png` (the folder is git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const lang = await htmlLang(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${lang}.png`), fullPage: true });
}

/** The `lang` attribute of the page's `<html>`. */
export function htmlLang(page: Page): Promise<string> {
  return page.evaluate<string>('document.documentElement.lang');
}
