import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COOPERATION_SETTINGS } from '../../src/cooperation/cooperation.settings.js';
import { BUILT_IN_DEFINITIONS } from '../../src/cooperation/definitions/index.js';
import type { Actor } from '../../src/platform/actor.js';
import { fixedClock } from '../../src/platform/ports.js';
import { makeTestNode, type TestNode } from '../support/app.js';
import { completeDraft } from '../support/cooperation-samples.js';
import { DIALECTS } from '../support/dialects.js';
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
const SLOW = 120_000;
const suite = hasChromium ? describe : describe.skip;
const PASSWORD = 'cooperation-password-1';

/*
 * The legal-request UI in a real Chromium (issue 7, item 9): a French 24/7 contact point drafts
 * an R4 preservation request in the wizard, sees the live validation name the article of the
 * missing custodian, fixes it and submits; a colleague approves it (four-eyes: the drafter's own
 * approval is refused with the API's error), the drafter sends it, the local transport delivers
 * it, and the German contact point — reading the UI in French — acknowledges it and confirms the
 * preservation, which starts the 60-day clock both sides then see on the request's timeline.
 * A hosting provider then finds two EPOCs in its provider inbox, the overdue emergency one
 * first and highlighted, and reports that it cannot comply, with a ground of the definition.
 */
suite(
  hasChromium ? 'web UI: legal requests' : `web UI: legal requests (skipped: ${CHROMIUM} missing)`,
  () => {
    let node: TestNode;
    let browser: Browser;
    let base: string;
    let providerId: string;
    // Fake time, set by the tests; near the browser's time, which the deadline clocks count from.
    const clock = fixedClock(new Date());
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      node = await makeTestNode(sqlite, {
        webRoot: WEB_DIST,
        clock,
        // No worker: the test hands the outbox to the local transport itself, at a known moment.
        deps: { cooperation: { ...DEFAULT_COOPERATION_SETTINGS, sweepIntervalMs: 0 } },
      });
      await node.app.ready();
      const { auth } = node.services;
      const root = node.actor('admin');
      await auth.createOrganization(root, {
        name: 'BKA',
        sector: 'law-enforcement',
        country: 'DE',
      });
      providerId = (
        await auth.createOrganization(root, { name: 'Host DE', sector: 'industry', country: 'DE' })
      ).id;
      for (const [username, organization] of [
        ['frpoc', 'Test CERT'],
        ['frpoc2', 'Test CERT'],
        ['depoc', 'BKA'],
        ['ispdesk', 'Host DE'],
      ] as const)
        await auth.createUser(root, {
          username,
          role: 'contact-point',
          organization,
          password: PASSWORD,
        });
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

    const state = (page: Page, name: string) =>
      page.locator('.prop', { hasText: name }).first().locator('strong').first();

    it(
      'drafts, validates, approves four-eyes, sends, acknowledges and answers an R4 in two languages',
      async () => {
        // 1. The wizard, in English: the custodian (BC Art 29(2)(d)) is missing at first.
        const drafter = await signInPage(browser, base, 'frpoc', PASSWORD, cleanups);
        await drafter
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Requests' })
          .click();
        await drafter.getByRole('heading', { level: 1, name: 'Legal requests' }).waitFor(SETTLE);
        await drafter.getByRole('link', { name: 'New request' }).click();
        await drafter.getByLabel('Type of request').selectOption('R4');
        await drafter.getByText('Legal basis: BC-29').waitFor(SETTLE);
        await drafter.getByLabel('Recipient').selectOption({ label: 'BKA (DE)' });
        const authority = drafter.getByRole('group', { name: 'Requesting authority (required)' });
        await authority.getByLabel('Name of the authority').fill('OFAC, Police nationale');
        await authority.getByLabel('Country (two-letter code)').fill('fr');
        await drafter
          .getByRole('group', { name: 'Offences (required)' })
          .getByLabel('System interference (ETS-185 Art 5)')
          .check();
        await drafter
          .getByLabel('Summary of the facts (required)')
          .fill('DDoS against a hospital from a botnet controller hosted in Frankfurt.');
        const ids = drafter.getByRole('group', { name: 'Identifiers (required)' });
        await ids.getByLabel('Kind').selectOption('ip');
        await ids.getByLabel('Value').fill('203.0.113.9');
        await ids.getByLabel(/^Time/).fill('2026-11-28T08:55:00+01:00');
        await drafter
          .getByRole('group', { name: 'Data categories (required)' })
          .getByLabel('Traffic data')
          .check();
        await drafter
          .getByLabel('Relationship of the data to the offence (required)')
          .fill('The controller that commanded the attack.');
        await drafter
          .getByLabel('Why preservation is needed (required)')
          .fill('Logs are rotated after 7 days.');
        await drafter
          .getByLabel('Mutual assistance request to follow (required)')
          .selectOption('yes');
        const missing = drafter.getByText('BC Art 29(2)(d): Custodian of the data is required');
        await missing.waitFor(SETTLE);
        await drafter.getByText('1 problem(s) to solve').waitFor(SETTLE);
        expect(
          await drafter.getByRole('button', { name: 'Submit for approval' }).isDisabled(),
        ).toBe(true);
        expect(await axeViolations(drafter, 'request wizard')).toEqual([]);
        await screenshot(drafter, 'request-wizard');
        // An incomplete draft may be kept; it is completed and submitted later.
        await drafter.getByRole('button', { name: 'Save as draft' }).click();
        await drafter.getByText('Draft saved.').waitFor(SETTLE);
        await drafter
          .getByLabel('Custodian of the data (required)')
          .fill('Hosting provider Example GmbH, Frankfurt');
        await drafter.getByText('The request is complete.').waitFor(SETTLE);
        expect(await missing.count()).toBe(0);
        await drafter.getByRole('button', { name: 'Submit for approval' }).click();
        await drafter
          .getByRole('heading', {
            level: 1,
            name: 'R4 — Expedited preservation of stored computer data',
          })
          .waitFor(SETTLE);
        const requestUrl = drafter.url();
        expect(await state(drafter, 'State').textContent()).toBe('Awaiting approval');

        // 2. Four-eyes: the drafter's own approval is refused, with the API's reason.
        await drafter.getByRole('button', { name: 'Approve' }).click();
        await drafter
          .getByRole('alert')
          .getByText(/four-eyes: user:frpoc drafted/)
          .waitFor(SETTLE);

        const approver = await signInPage(browser, base, 'frpoc2', PASSWORD, cleanups);
        await approver.goto(`${base}/requests?box=outbox`);
        await approver
          .getByRole('link', { name: 'R4 — Expedited preservation of stored computer data' })
          .click();
        await approver.getByRole('button', { name: 'Approve' }).click();
        await approver.getByText('Done: the request is now Approved.').waitFor(SETTLE);

        // 3. The drafter sends it; the local transport delivers it to the BKA.
        await drafter.reload();
        await drafter.getByRole('button', { name: 'Send' }).click();
        await drafter.getByText('Done: the request is now Sent.').waitFor(SETTLE);
        expect((await node.services.cooperation.dispatch()).failed).toBe(0);
        const r4 = await node.services.cooperation.requests.get(
          node.actor('contact-point'),
          requestUrl.split('/').pop()!,
        );
        expect(r4.state).toBe('received');

        // 4. The BKA reads its inbox in French, acknowledges and confirms the preservation.
        const recipient = await signInPage(browser, base, 'depoc', PASSWORD, cleanups);
        await recipient.getByLabel('Language').selectOption('fr');
        await recipient
          .getByRole('navigation', { name: 'Navigation principale' })
          .getByRole('link', { name: 'Demandes' })
          .click();
        await recipient
          .getByRole('heading', { level: 1, name: 'Demandes judiciaires' })
          .waitFor(SETTLE);
        await recipient
          .getByRole('link', {
            name: 'R4 — Conservation rapide de données informatiques stockées',
          })
          .click();
        await recipient.getByText('Vous êtes la partie requise.').waitFor(SETTLE);
        expect(await state(recipient, 'État').textContent()).toBe('Reçue');
        await recipient.getByRole('button', { name: 'Accuser réception' }).click();
        await recipient
          .getByText('Fait : la demande est maintenant « Réception accusée ».')
          .waitFor(SETTLE);
        await recipient.getByRole('button', { name: /^Confirmer la conservation/ }).click();
        await recipient
          .getByText('Fait : la demande est maintenant « Conservée ».')
          .waitFor(SETTLE);
        const clocks = recipient.getByRole('table', { name: 'Délais légaux' });
        await clocks.getByRole('rowheader', { name: 'Conservation' }).waitFor(SETTLE);
        expect(await clocks.getByRole('cell', { name: 'BC Art 29(7)' }).count()).toBe(1);
        const frTimeline = await recipient.locator('.request-timeline > li').allTextContents();
        expect(frTimeline).toHaveLength(7);
        expect(frTimeline[0]).toContain('Créée comme brouillon');
        expect(frTimeline[6]).toMatch(/^Réception accusée → Conservée — .* — user:depoc$/);
        expect(await axeViolations(recipient, 'request page (fr)')).toEqual([]);
        await screenshot(recipient, 'request');
        // The executing side may disclose the path (BC Art 30) in an R5 created from this R4.
        await recipient
          .getByRole('link', {
            name: 'Nouvelle demande R5 — Divulgation rapide de données relatives au trafic conservées à partir de celle-ci',
          })
          .click();
        await recipient.getByText(/^Créée à partir de la demande [0-9a-f-]{36}/).waitFor(SETTLE);
        expect(await recipient.getByLabel('Type de demande').isDisabled()).toBe(true);
        // Live validation in French: the next-hop provider is missing, the R4 is already named.
        await recipient
          .getByText('BC Art 30(1) : Fournisseur suivant sur le chemin est obligatoire')
          .waitFor(SETTLE);
        expect(
          await recipient
            .getByText('BC Art 30(1) : Demande de conservation est obligatoire')
            .count(),
        ).toBe(0);

        // 5. Back on the requesting side, in English: the whole timeline and the running clock.
        await drafter.goto(requestUrl);
        expect(await state(drafter, 'State').textContent()).toBe('Preserved');
        const timeline = await drafter.locator('.request-timeline > li').allTextContents();
        expect(timeline.map((l) => l.split(' — ')[0])).toEqual([
          'Created as draft',
          'Draft → Awaiting approval',
          'Awaiting approval → Approved',
          'Approved → Sent',
          'Sent → Received',
          'Received → Acknowledged',
          'Acknowledged → Preserved',
        ]);
        expect(timeline.map((l) => l.split(' — ')[2])).toEqual([
          'user:frpoc',
          'user:frpoc',
          'user:frpoc2',
          'user:frpoc',
          'service:cooperation-clock',
          'user:depoc',
          'user:depoc',
        ]);
        // Once preserved, the requester may only withdraw it (R4, BC Art 29).
        const actions = drafter.getByRole('region', { name: 'What you can do' });
        expect(await actions.getByRole('button').allTextContents()).toEqual(['Withdraw']);
        await screenshot(drafter, 'request');
        await drafter.goto(`${base}/requests?box=outbox`);
        const row = drafter.getByRole('row', { name: /R4 — Expedited preservation/ });
        await row.getByText(/^Preservation: /).waitFor(SETTLE);
        expect(await row.getByText('due in 60 days').count()).toBe(1);
        expect(await axeViolations(drafter, 'outbox')).toEqual([]);
      },
      SLOW,
    );

    it(
      'shows a provider its orders, the overdue emergency first, and takes its cannot-comply with a reason',
      async () => {
        // Two EPOCs to the provider, issued by an investigator and approved by a second person.
        const { requests } = node.services.cooperation;
        const issuer = node.actor('investigator');
        const approver: Actor = {
          kind: 'service',
          name: 'test-prosecutor',
          organizationId: node.organizationId,
          role: 'investigator',
        };
        const e1 = BUILT_IN_DEFINITIONS.find((d) => d.code === 'E1')!;
        const { prior_preservation_ref: _ref, ...fields } = completeDraft(e1).draft.fields;
        const issue = async (urgency: 'normal' | 'emergency', file: string) => {
          const draft = await requests.create(issuer, {
            type: 'E1',
            urgency,
            recipientOrganizationId: providerId,
            fields: {
              ...fields,
              file_number: { text: file, lang: 'en' },
              enforcing_state_notified: false,
            },
          });
          await requests.transition(issuer, draft.id, { to: 'pending_approval' });
          await requests.transition(approver, draft.id, { to: 'approved' });
          await requests.transition(issuer, draft.id, { to: 'sent' });
          return draft.id;
        };
        // They reached the provider nine hours ago: the emergency's 8-hour clock has run out.
        clock.set(new Date(Date.now() - 9 * 3_600_000));
        const normal = await issue('normal', 'FR-2026-100');
        const emergency = await issue('emergency', 'FR-2026-101');
        expect((await node.services.cooperation.dispatch()).failed).toBe(0);
        for (const id of [normal, emergency])
          expect((await requests.get(issuer, id)).state).toBe('received');
        clock.set(new Date());
        await node.services.cooperation.sweep();

        const page = await signInPage(browser, base, 'ispdesk', PASSWORD, cleanups);
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Requests' })
          .click();
        await page
          .getByRole('navigation', { name: 'Request boxes' })
          .getByRole('link', { name: 'Provider inbox' })
          .click();
        await page.getByText('Orders addressed to your organisation').waitFor(SETTLE);
        const rows = page.getByRole('table', { name: 'Provider inbox' }).locator('tbody tr');
        await rows.first().waitFor(SETTLE);
        expect(await rows.count()).toBe(2);
        // The overdue emergency comes first, highlighted; then the normal order's 10 days.
        expect(await rows.nth(0).getAttribute('class')).toBe('request-overdue');
        expect(await rows.nth(0).textContent()).toMatch(
          /Emergency.*Overdue Production of the data: .* overdue since 1 hour ago/,
        );
        expect(await rows.nth(1).getAttribute('class')).toBeNull();
        expect(await rows.nth(1).textContent()).toMatch(/Normal.*due in 10 days/);
        expect(await axeViolations(page, 'provider inbox')).toEqual([]);

        await rows.nth(0).getByRole('link').click();
        await page.getByText('FR-2026-101').waitFor(SETTLE);
        const refuse = page.getByRole('form', { name: 'Report that you cannot comply' });
        await refuse.getByLabel('Ground').selectOption({ label: 'The data is not stored' });
        await refuse.getByLabel('Reason').fill('Logs of that service are not kept.');
        await refuse.getByRole('button', { name: /^Report that you cannot comply/ }).click();
        await page.getByText('Done: the request is now Cannot comply.').waitFor(SETTLE);
        // The page reloads the request after the step: wait for its new timeline entry.
        const last = page.locator('.request-timeline > li', { hasText: 'user:ispdesk' });
        await last.waitFor(SETTLE);
        expect(await last.textContent()).toMatch(
          /^Received → Cannot comply — .* — user:ispdesk — Ground: The data is not stored — Reason: Logs of that service are not kept\.$/,
        );
        expect((await requests.get(issuer, emergency)).state).toBe('cannot_comply');

        // The other order is answered with a data package, listed with its SHA-256.
        await page.goto(`${base}/requests/${normal}`);
        const produce = page.getByRole('form', { name: 'Produce the data' });
        const data = Buffer.from('subscriber,ip,from\nJohn Doe,198.51.100.7,2026-11-01\n');
        await produce.getByLabel('Data package (files)').setInputFiles({
          name: 'subscriber.csv',
          mimeType: 'text/csv',
          buffer: data,
        });
        await produce.getByRole('button', { name: /^Produce the data/ }).click();
        await page.getByText('Done: the request is now Data produced.').waitFor(SETTLE);
        const documents = page.getByRole('region', { name: 'Documents' });
        await documents.getByRole('button', { name: 'Download subscriber.csv' }).waitFor(SETTLE);
        expect(
          await documents.getByText(createHash('sha256').update(data).digest('hex')).count(),
        ).toBe(1);
        // Its chain of custody starts with its acquisition by the provider (issue 7, item 5).
        await documents.getByText('Chain of custody intact (records: 1)').click();
        expect(await documents.getByRole('listitem').last().textContent()).toMatch(
          /acquire by user:ispdesk: data package of [A-Z][0-9] request [0-9a-f-]+ \(/,
        );
      },
      SLOW,
    );
  },
);
