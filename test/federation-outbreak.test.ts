/**
 * Federated early warning through the signed change feed (issue 6 §6), on both databases:
 * Paris (A), Tokyo (B) and Ottawa (C) as real apps over loopback. Reports at Paris leave as
 * `aggregate` items — time, country, values and a reporter pseudonym, never the organisation —
 * and Tokyo's detector trips on reports spread over both nodes. A peer whose policy takes no
 * aggregates gets none. The contact points of the affected countries on each node — including
 * countries affected only through a peer's aggregates — get the alert live as `event: alert`.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../src/platform/actor.js';
import { describeDialects } from './support/dialects.js';
import { openSse, type SseConnection } from './support/sse-client.js';
import { TLP_IDS } from './support/stix-fixtures.js';
import { peer, startFedNode, type FedNode } from './federation-feed-kit.js';

const URL_VALUE = 'http://love-letter.example/LOVE-LETTER-FOR-YOU.TXT.vbs';
const SETTLE = { timeout: 15_000, interval: 25 };

describeDialects('federated early warning over the change feed', (dialect) => {
  let a: FedNode;
  let b: FedNode;
  let c: FedNode;
  const reporters = new Map<string, Actor>();
  /** Tokens of contact points on Tokyo, by the country their organisation is located in. */
  const contactTokens = new Map<string, string>();
  const streams: SseConnection[] = [];

  beforeAll(async () => {
    a = await startFedNode(dialect, 'Paris', 'FR');
    b = await startFedNode(dialect, 'Tokyo', 'JP');
    c = await startFedNode(dialect, 'Ottawa', 'CA');
    peer(a, b);
    peer(a, c, { aToB: { content: ['objects', 'alerts'] } });
    const orgs: [FedNode, string, string][] = [
      [a, 'fr-bank', 'FR'],
      [a, 'de-isp', 'DE'],
      [b, 'jp-telco', 'JP'],
    ];
    for (const [node, name, country] of orgs) {
      const org = await node.services.auth.createOrganization(node.actor('admin'), {
        name,
        sector: 'industry',
        country,
      });
      reporters.set(name, { kind: 'service', name, organizationId: org.id, role: 'analyst' });
    }
    // On Tokyo, contact points of organisations located in France (reported at Paris only) and
    // in the United States (no report anywhere).
    for (const [node, country] of [
      [b, 'FR'],
      [b, 'US'],
      [a, 'JP'],
    ] as const) {
      const admin = node.actor('admin');
      const org = await node.services.auth.createOrganization(admin, {
        name: `${country} contact point at ${node.name}`,
        sector: 'cert',
        country,
      });
      const username = `${country.toLowerCase()}-contact`;
      await node.services.auth.createUser(admin, {
        username,
        role: 'contact-point',
        organization: org.id,
        password: `contact-password-${randomUUID()}`,
      });
      contactTokens.set(
        country,
        (await node.services.auth.createTokenForUser(admin, username, 'sse')).token,
      );
    }
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all([a, b, c].map((n) => n?.close()));
  });

  /** A TLP:GREEN report of `org` on `node` about the love-letter URL, for directly peered nodes. */
  async function report(node: FedNode, org: string) {
    const green = { object_marking_refs: [TLP_IDS.green] };
    const url = { type: 'url', spec_version: '2.1', id: `url--${randomUUID()}`, value: URL_VALUE };
    const now = new Date().toISOString();
    const r = await node.services.objects.ingest(
      reporters.get(org)!,
      [
        {
          type: 'report',
          spec_version: '2.1',
          id: `report--${randomUUID()}`,
          created: now,
          modified: now,
          name: `Love letters at ${org}`,
          published: now,
          report_types: ['campaign'],
          object_refs: [url.id],
          ...green,
        },
        { ...url, ...green },
      ],
      { mode: 'atomic', distribution: 'connected' },
    );
    expect(r.rejected).toEqual([]);
    await node.services.outbreak.idle();
  }
  const received = async (node: FedNode) => {
    const { rows } = await sql<{
      report: string;
    }>`select report from outbreak_remote_reports`.execute(node.db.handle.db);
    return rows.map((r) => JSON.parse(r.report) as { origin: string; reporter: string });
  };

  const subscribe = async (node: FedNode, token: string) => {
    const c = await openSse(`${node.baseUrl}/api/v1/stream`, { authorization: `Bearer ${token}` });
    expect(c.status).toBe(200);
    streams.push(c);
    return c;
  };

  it('trips Tokyo’s detector on reports from both nodes, never naming who reported, and tells the contact points of affected countries on both nodes', async () => {
    const frContact = await subscribe(b, contactTokens.get('FR')!);
    const usContact = await subscribe(b, contactTokens.get('US')!);
    const jpContact = await subscribe(a, contactTokens.get('JP')!);
    await report(a, 'fr-bank');
    await report(a, 'de-isp');
    await expect.poll(async () => (await received(b)).length, SETTLE).toBe(2);
    const aggregates = await received(b);
    expect(aggregates.every((x) => x.origin === a.nodeId)).toBe(true);
    const wire = JSON.stringify(aggregates);
    for (const org of ['fr-bank', 'de-isp'])
      expect(wire).not.toContain(reporters.get(org)!.organizationId);
    // Two organisations in two countries: below the spread rule (3 in 2) until Tokyo reports.
    expect(b.services.outbreak.detector.snapshot().alerts).toEqual([]);
    await report(b, 'jp-telco');
    const [alert] = b.services.outbreak.detector.snapshot().alerts;
    expect(alert).toMatchObject({ countries: ['DE', 'FR', 'JP'] });
    expect(alert!.organisations).toHaveLength(3);
    // France is affected through Paris's aggregates only: Tokyo's contact point located there is
    // told live, as `event: alert`, as on a single node.
    await frContact.until((c) => c.events.some((e) => e.event === 'alert'));
    const [told] = frContact.events.filter((e) => e.event === 'alert');
    expect(JSON.parse(told!.data)).toMatchObject({
      change: 'opened',
      alert: { type: 'note', id: `note--${alert!.id}` },
    });
    expect(told!.data).toContain(URL_VALUE);
    // The United States is not affected: its contact point gets the note as an object only.
    await usContact.until((c) => c.events.some((e) => e.data.includes(`note--${alert!.id}`)));
    expect(usContact.events.filter((e) => e.event === 'alert')).toEqual([]);
    // Tokyo's report reaches Paris as an aggregate and trips Paris's detector there: Paris's
    // contact point located in Japan (affected through that aggregate only) is told as well.
    await jpContact.until((c) => c.events.some((e) => e.event === 'alert'), 15_000);
    const [atParis] = jpContact.events.filter((e) => e.event === 'alert');
    expect(JSON.parse(atParis!.data)).toMatchObject({ change: 'opened', alert: { type: 'note' } });
    expect(atParis!.data).toContain(URL_VALUE);
    expect(atParis!.data).toContain('"JP"');
    // Ottawa's peer policy takes no aggregates: nothing reached it.
    await a.services.feed.settled();
    expect(await received(c)).toEqual([]);
  });
});
