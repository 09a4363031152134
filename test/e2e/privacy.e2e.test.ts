import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../support/app.js';
import { DIALECTS } from '../support/dialects.js';
import {
  axeViolations,
  CHROMIUM,
  hasChromium,
  launchChromium,
  listenOnLoopback,
  signInPage,
} from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './ui-build.js';

const SETTLE = { timeout: 10_000 };
const SLOW = 90_000;
const suite = hasChromium ? describe : describe.skip;
const PASSWORD = 'inspector-password-1';
const NAME = 'Anneliese Vogelsang-Pruett';

/*
 * Sealed personal data in a real Chromium (issue 8, item 2): a case's victim shows as sealed;
 * "Open" asks for a purpose code and text and says what opening records; once confirmed, the
 * value shows, and the audit holds the opening with its purpose.
 */
suite(
  hasChromium
    ? 'web UI: sealed fields'
    : `web UI: sealed fields (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    let caseId = '';
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, { webRoot: WEB_DIST });
      await node.app.ready();
      const root = node.actor('admin');
      await node.services.auth.createUser(root, {
        username: 'inspector',
        role: 'investigator',
        organization: 'Test CERT',
        password: PASSWORD,
      });
      const token = (await node.services.auth.createTokenForUser(root, 'inspector', 't')).token;
      const post = async (url: string, payload: object) => {
        const res = await node.app.inject({
          method: 'POST',
          url,
          headers: { authorization: `Bearer ${token}` },
          payload,
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string };
      };
      caseId = (await post('/api/v1/cases', { reference: 'DE-2026-0042', title: 'Sextortion' })).id;
      await post(`/api/v1/cases/${caseId}/subjects`, { role: 'victim', name: NAME });
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
      'shows a victim sealed, opens it for a stated purpose, and the audit records it',
      async () => {
        const page = await signInPage(browser, base, 'inspector', PASSWORD, cleanups);
        await page.goto(`${base}/cases/${caseId}`);
        const people = page.getByRole('region', { name: 'People concerned' });
        await people.getByText('Sealed (identity)').waitFor(SETTLE);
        expect(await page.getByText(NAME).count()).toBe(0);

        await people.getByRole('button', { name: 'Open Name' }).click();
        await people
          .getByText('Opening identity data is recorded in the audit log', { exact: false })
          .waitFor(SETTLE);
        expect(await axeViolations(page, 'sealed field purpose form')).toEqual([]);
        await people.getByLabel('Purpose').selectOption('victim-support');
        await people.getByLabel('Why you need it').fill('Tell the victim the account was seized');
        await people.getByRole('button', { name: 'Open and record' }).click();
        await people.getByText(NAME).waitFor(SETTLE);

        const { entries } = await node.services.audit.list(node.actor('admin'), {
          action: 'privacy.open',
        });
        expect(entries.map((e) => [e.actor, e.reason, e.details?.purpose])).toEqual([
          // The purpose code for oversight; the free text is sealed with the opening.
          ['user:inspector', null, 'victim-support'],
        ]);
      },
      SLOW,
    );
  },
);
