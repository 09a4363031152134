import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/ports.js';
import { exchangeNode, peerNodes, type ExchangeNode } from '../cooperation-exchange-kit.js';
import { DIALECTS } from '../support/dialects.js';
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
const SLOW = 180_000;
const suite = hasChromium ? describe : describe.skip;
const PASSWORD = 'exchange-password-1';
const R4_FR = 'R4 — Conservation rapide de données informatiques stockées';
const R4_DE = 'R4 — Umgehende Sicherung gespeicherter Computerdaten';

/*
 * A preservation request between two nodes in a real Chromium (issue 7, item 9): on node A a
 * French contact point, reading the UI in French, drafts an R4 in the wizard to the BKA hosted
 * on node B, saves it and reopens it (its personal fields now sealed, one written anew); a
 * French colleague approves it (four-eyes), the drafter sends it and the outbox
 * travels over the signed, encrypted federation channel. On node B a German contact point,
 * reading the UI in German, finds it in the inbox, acknowledges it and confirms the
 * preservation; back on node A the requester sees the request received at B's signed receipt
 * (not at sending) and B's answer on the timeline, with the 60-day clock running.
 * The wizard offers node B's BKA from the directory of recipients (`/api/v1/request-recipients`),
 * under the organisations of other nodes.
 */
suite(
  hasChromium
    ? 'web UI: legal requests between two nodes'
    : `web UI: legal requests between two nodes (skipped: ${CHROMIUM} missing)`,
  () => {
    // Fake time near the browser's own, which the deadline clocks count from.
    const start = Date.now();
    const clock = fixedClock(new Date(start));
    let a: ExchangeNode;
    let b: ExchangeNode;
    let bka: string;
    let browser: Browser;
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
      if (!sqlite) throw new Error('the SQLite test dialect is not available');
      a = await exchangeNode(sqlite, 'FR node', 'FR', clock, { webRoot: WEB_DIST });
      b = await exchangeNode(sqlite, 'DE node', 'DE', clock, { webRoot: WEB_DIST });
      await a.organization('OFAC', 'FR', { frpoc: 'contact-point', frpoc2: 'contact-point' });
      bka = await b.organization('BKA', 'DE', { depoc: 'contact-point' });
      await peerNodes(a, b);
      browser = await launchChromium();
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    afterAll(async () => {
      await browser?.close();
      await a?.close();
      await b?.close();
    });

    const state = (page: Page, name: string) =>
      page.locator('.prop', { hasText: name }).first().locator('strong').first();
    /** Signs `user` in on `node` (the sign-in form is in English) and switches the language. */
    const signIn = async (node: ExchangeNode, user: string, lang: 'fr' | 'de') => {
      const page = await signInPage(browser, node.url, user, PASSWORD, cleanups);
      await page.getByLabel('Language').selectOption(lang);
      return page;
    };
    /** The `<time>` of the timeline entry whose text starts with `label`. */
    const entryTime = (page: Page, label: string) =>
      page
        .locator('.request-timeline > li', { hasText: label })
        .first()
        .locator('time')
        .getAttribute('datetime');

    it(
      'drafts in French on node A, answers in German on node B, and shows the answer on A',
      async () => {
        // 1. The wizard on node A, in French.
        const drafter = await signIn(a, 'frpoc', 'fr');
        await drafter
          .getByRole('navigation', { name: 'Navigation principale' })
          .getByRole('link', { name: 'Demandes' })
          .click();
        await drafter
          .getByRole('heading', { level: 1, name: 'Demandes judiciaires' })
          .waitFor(SETTLE);
        await drafter.getByRole('link', { name: 'Nouvelle demande' }).click();
        await drafter.getByLabel('Type de demande').selectOption('R4');
        await drafter.getByText('BC-29').first().waitFor(SETTLE);
        const authority = drafter.getByRole('group', {
          name: 'Autorité requérante (obligatoire)',
        });
        await authority.getByLabel('Nom de l’autorité').fill('OFAC, Police nationale');
        await authority.getByLabel('Pays (code à deux lettres)').fill('fr');
        await drafter
          .getByRole('group', { name: 'Infractions (obligatoire)' })
          .getByLabel('System interference (ETS-185 Art 5)')
          .check();
        await drafter
          .getByLabel('Exposé des faits (obligatoire)')
          .fill('DDoS contre un hôpital depuis un serveur de commande hébergé à Francfort.');
        const ids = drafter.getByRole('group', { name: 'Identifiants (obligatoire)' });
        await ids.getByLabel('Nature').selectOption('ip');
        await ids.getByLabel('Valeur').fill('203.0.113.9');
        await ids.getByLabel(/^Heure/).fill('2026-11-28T08:55:00+01:00');
        await drafter
          .getByRole('group', { name: 'Catégories de données (obligatoire)' })
          .getByLabel('Données relatives au trafic')
          .check();
        await drafter
          .getByLabel('Lien entre les données et l’infraction (obligatoire)')
          .fill('Le serveur qui a commandé l’attaque.');
        await drafter
          .getByLabel('Détenteur des données (obligatoire)')
          .fill('Hébergeur Example GmbH, Francfort');
        await drafter
          .getByLabel('Nécessité de la conservation (obligatoire)')
          .fill('Les journaux sont effacés après 7 jours.');
        await drafter.getByLabel('Demande d’entraide à suivre (obligatoire)').selectOption('yes');
        await drafter.getByText('La demande est complète.').waitFor(SETTLE);
        await drafter.getByRole('button', { name: 'Enregistrer comme brouillon' }).click();
        await drafter.getByText('Brouillon enregistré.').waitFor(SETTLE);

        // Reopened, the saved draft shows its personal fields sealed and is still complete.
        const outbox = await a.call('frpoc', 'GET', '/api/v1/requests?box=outbox');
        const saved = (outbox.json() as { requests: { id: string; state: string }[] }).requests;
        expect(saved.map((r) => r.state)).toEqual(['draft']);
        await drafter.goto(`${a.url}/requests/new?draft=${saved[0]!.id}`);
        await drafter
          .getByRole('heading', { level: 1, name: 'Modifier le brouillon' })
          .waitFor(SETTLE);
        await drafter
          .getByRole('button', { name: 'Remplacer « Exposé des faits »' })
          .waitFor(SETTLE);
        expect(await drafter.locator('.sealed-badge').count()).toBeGreaterThan(0);
        await drafter.getByText('La demande est complète.').waitFor(SETTLE);
        expect(await axeViolations(drafter, 'reopened draft (fr)')).toEqual([]);
        // A sealed field may be written anew: until it is, the draft misses it.
        await drafter.getByRole('button', { name: 'Remplacer « Exposé des faits »' }).click();
        await drafter
          .getByText('BC Art 29(2)(b) : Exposé des faits est obligatoire')
          .waitFor(SETTLE);
        await drafter
          .getByLabel('Exposé des faits (obligatoire)')
          .fill('DDoS contre un hôpital, commandé depuis un serveur hébergé à Francfort.');
        await drafter.getByText('La demande est complète.').waitFor(SETTLE);

        // The recipient on node B: offered under "other nodes", with the node that hosts it.
        const recipientMenu = drafter.getByLabel('Destinataire');
        const remote = recipientMenu.locator('optgroup[label="Sur d’autres nœuds"] option');
        expect(await remote.allTextContents()).toContain('BKA (DE) — DE node');
        await recipientMenu.selectOption(bka);
        await drafter.getByText('La demande est complète.').waitFor(SETTLE);
        await drafter.getByRole('button', { name: 'Soumettre pour approbation' }).click();
        await drafter.getByRole('heading', { level: 1, name: R4_FR }).waitFor(SETTLE);
        const requestUrl = drafter.url();
        const id = requestUrl.split('/').pop()!;
        const atA = await a.call('frpoc', 'GET', `/api/v1/requests/${id}`);
        expect(id).toBe(saved[0]!.id);
        expect(atA.json()).toMatchObject({ recipientOrganizationId: bka, createdBy: 'user:frpoc' });
        expect(await state(drafter, 'État').textContent()).toBe('En attente d’approbation');

        // 2. Four-eyes: a French colleague approves it.
        const approver = await signIn(a, 'frpoc2', 'fr');
        await approver.goto(`${a.url}/requests?box=outbox`);
        await approver.getByRole('link', { name: R4_FR }).click();
        await approver.getByRole('button', { name: 'Approuver' }).click();
        await approver.getByText('Fait : la demande est maintenant « Approuvée ».').waitFor(SETTLE);

        // 3. The drafter sends it; the outbox goes to node B five minutes later.
        await drafter.reload();
        await drafter.getByRole('button', { name: 'Envoyer' }).click();
        await drafter.getByText('Fait : la demande est maintenant « Envoyée ».').waitFor(SETTLE);
        const sentAt = clock.now().toISOString();
        const receivedAt = new Date(start + 5 * 60_000).toISOString();
        clock.set(receivedAt);
        expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });

        // 4. On node B, in German: the inbox, the acknowledgement and the preservation.
        clock.set(new Date(start + 10 * 60_000));
        const recipient = await signIn(b, 'depoc', 'de');
        await recipient
          .getByRole('navigation', { name: 'Hauptnavigation' })
          .getByRole('link', { name: 'Ersuchen' })
          .click();
        await recipient
          .getByRole('heading', { level: 1, name: 'Rechtshilfeersuchen' })
          .waitFor(SETTLE);
        await recipient.getByRole('link', { name: R4_DE }).click();
        await recipient.getByText('Sie sind die ersuchte Seite.').waitFor(SETTLE);
        expect(await state(recipient, 'Status').textContent()).toBe('Eingegangen');
        expect(await entryTime(recipient, 'Gesendet → Eingegangen')).toBe(receivedAt);
        // Personal fields arrive sealed: shown so, with their Open action, never as "undefined".
        const facts = recipient.locator('.prop', { hasText: 'Sachverhalt' }).first();
        expect(await facts.locator('.sealed-badge').textContent()).toMatch(/^Versiegelt \(/);
        expect(await facts.getByRole('button').textContent()).toBe('Öffnen');
        const fieldList = await recipient.locator('dl.props').nth(1).textContent();
        expect(fieldList).toContain('OFAC, Police nationale (FR)');
        expect(fieldList).not.toContain('undefined');
        await recipient.getByRole('button', { name: 'Eingang bestätigen' }).click();
        await recipient
          .getByText('Erledigt: Das Ersuchen ist jetzt „Eingang bestätigt“.')
          .waitFor(SETTLE);
        await recipient.getByRole('button', { name: /^Sicherung bestätigen/ }).click();
        await recipient.getByText('Erledigt: Das Ersuchen ist jetzt „Gesichert“.').waitFor(SETTLE);
        await recipient
          .getByRole('table', { name: 'Gesetzliche Fristen' })
          .getByRole('rowheader', { name: 'Sicherung' })
          .waitFor(SETTLE);
        expect(await axeViolations(recipient, 'request page on node B (de)')).toEqual([]);
        await screenshot(recipient, 'request-two-nodes');
        expect(await b.services.cooperation.dispatch()).toEqual({ delivered: 2, failed: 0 });

        // 5. Back on node A, in French: received at B's receipt, and B's answer.
        await drafter.goto(requestUrl);
        await drafter.getByText('Vous êtes la partie requérante.').waitFor(SETTLE);
        expect(await state(drafter, 'État').textContent()).toBe('Conservée');
        const timeline = await drafter.locator('.request-timeline > li').allTextContents();
        expect(timeline.map((l) => l.split(' — ')[0])).toEqual([
          'Créée comme brouillon',
          'Brouillon → En attente d’approbation',
          'En attente d’approbation → Approuvée',
          'Approuvée → Envoyée',
          'Envoyée → Reçue',
          'Reçue → Réception accusée',
          'Réception accusée → Conservée',
        ]);
        expect(timeline.map((l) => l.split(' — ')[2]).slice(0, 4)).toEqual([
          'user:frpoc',
          'user:frpoc',
          'user:frpoc2',
          'user:frpoc',
        ]);
        expect(timeline.slice(5).map((l) => l.split(' — ')[2])).toEqual([
          'service:peer:DE node',
          'service:peer:DE node',
        ]);
        // The request was sent at one time and received at B's signed receipt, later.
        expect(await entryTime(drafter, 'Approuvée → Envoyée')).toBe(sentAt);
        expect(await entryTime(drafter, 'Envoyée → Reçue')).toBe(receivedAt);
        await drafter
          .getByRole('table', { name: 'Délais légaux' })
          .getByRole('rowheader', { name: 'Conservation' })
          .waitFor(SETTLE);
        const actions = drafter.getByRole('region', { name: 'Ce que vous pouvez faire' });
        expect(await actions.getByRole('button').allTextContents()).toEqual(['Retirer']);
        expect(await axeViolations(drafter, 'request page on node A (fr)')).toEqual([]);
      },
      SLOW,
    );
  },
);
