/**
 * Federated early warning (issue 6, item 6) on both databases: outbreak reports leave a node
 * as aggregates — time, country, clustering values, a pseudonym for the reporter — and a
 * detector on another node trips on reports spread over both nodes. The exchange between the
 * nodes is the watch's own API here (test/federation-outbreak.test.ts carries the same
 * aggregates over the change feed); what is checked is what leaves, what is counted, and what
 * survives a restart.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp, createServices } from '../src/app.js';
import type { AggregateReport } from '../src/alerts/federated-report.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS } from './support/stix-fixtures.js';

const URL_VALUE = 'http://love-letter.example/LOVE-LETTER-FOR-YOU.TXT.vbs';
const at = (hhmm: string) => `2000-05-04T${hhmm}:00.000Z`;

describeDialects('federated early warning (issue 6, item 6)', (dialect) => {
  let clock = fixedClock(at('06:00'));
  let paris: TestNode;
  let tokyo: TestNode;
  const tokens: Record<string, string> = {};
  const orgIds: Record<string, string> = {};
  let sent: AggregateReport[];
  let parisId: string;

  beforeEach(async () => {
    clock = fixedClock(at('06:00'));
    sent = [];
    paris = await makeTestNode(dialect, { clock });
    tokyo = await makeTestNode(dialect, { clock, env: { NOHAVEN_COUNTRY: 'JP' } });
    // Each node's identity, as `nohaven start` makes it: federated early warning needs it.
    parisId = (await paris.services.federation.identity.current()).nodeId;
    await tokyo.services.federation.identity.current();
    const orgs: [TestNode, string, string][] = [
      [paris, 'fr-bank', 'FR'],
      [paris, 'de-isp', 'DE'],
      [tokyo, 'jp-telco', 'JP'],
    ];
    for (const [node, name, country] of orgs) {
      const admin = node.actor('admin');
      const org = await node.services.auth.createOrganization(admin, {
        name,
        sector: 'industry',
        country,
      });
      orgIds[name] = org.id;
      await node.services.auth.createUser(admin, {
        username: name,
        role: 'analyst',
        organization: org.id,
        password: 'federated-outbreak-1',
      });
      tokens[name] = (await node.services.auth.createTokenForUser(admin, name, 't')).token;
    }
    await paris.app.ready();
    await tokyo.app.ready();
    paris.services.outbreak.onAggregate((a) => sent.push(a));
  });
  afterEach(async () => {
    await paris?.services.sightings.settled();
    await tokyo?.services.sightings.settled();
    await paris?.close();
    await tokyo?.close();
  });

  type Target = Pick<TestNode, 'app'> & { services: Pick<TestNode['services'], 'outbreak'> };

  /** A TLP:GREEN STIX report of `org` on `node` referring to the love-letter URL. */
  const report = async (node: Target, org: string, hhmm: string, distribution: string) => {
    clock.set(at(hhmm));
    const green = { object_marking_refs: [TLP_IDS.green] };
    const url = { type: 'url', spec_version: '2.1', id: `url--${randomUUID()}`, value: URL_VALUE };
    const stix = {
      type: 'report',
      spec_version: '2.1',
      id: `report--${randomUUID()}`,
      created: at(hhmm),
      modified: at(hhmm),
      name: `Love letters at ${org}`,
      published: at(hhmm),
      report_types: ['campaign'],
      object_refs: [url.id],
      ...green,
    };
    const res = await node.app.inject({
      method: 'POST',
      url: `/api/v1/objects?distribution=${distribution}`,
      headers: { authorization: `Bearer ${tokens[org]}` },
      payload: {
        type: 'bundle',
        id: `bundle--${randomUUID()}`,
        objects: [stix, { ...url, ...green }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    await node.services.outbreak.idle();
  };
  const alertsOf = async (node: Target, org: string) => {
    const res = await node.app.inject({
      method: 'GET',
      url: '/api/v1/alerts',
      headers: { authorization: `Bearer ${tokens[org]}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().alerts as {
      id: string;
      organisationCount: number;
      countries: string[];
      reportCount: number;
    }[];
  };

  it('trips a detector on reports spread over two nodes, never naming who reported', async () => {
    await report(paris, 'fr-bank', '07:00', 'all');
    await report(paris, 'de-isp', '07:02', 'connected');
    // Two organisations: below the spread rule (3 organisations in 2 countries) at either node.
    expect(await alertsOf(paris, 'fr-bank')).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(sent.map((a) => a.country)).toEqual(['FR', 'DE']);
    expect(sent[0]!.keys).toEqual([{ kind: 'url', value: URL_VALUE }]);
    expect(sent[0]!.origin).toBe(parisId);
    expect(sent[0]!.reporter).not.toBe(sent[1]!.reporter);
    const wire = JSON.stringify(sent);
    for (const id of [orgIds['fr-bank']!, orgIds['de-isp']!, paris.organizationId])
      expect(wire).not.toContain(id);
    expect(wire).not.toMatch(/fr-bank|de-isp/);

    for (const a of sent) expect(await tokyo.services.outbreak.observeAggregate(a)).toBe(true);
    await tokyo.services.outbreak.idle();
    expect(await alertsOf(tokyo, 'jp-telco')).toEqual([]);
    await report(tokyo, 'jp-telco', '07:05', 'community');
    const [alert, ...none] = await alertsOf(tokyo, 'jp-telco');
    expect(none).toEqual([]);
    expect(alert).toMatchObject({ organisationCount: 3, countries: ['DE', 'FR', 'JP'] });
  });

  it('sends nothing of a report kept to the node, and counts an aggregate once', async () => {
    await report(paris, 'fr-bank', '07:00', 'community');
    expect(sent).toEqual([]);
    await report(paris, 'fr-bank', '07:01', 'all');
    const [aggregate] = sent;
    expect(await tokyo.services.outbreak.observeAggregate(aggregate)).toBe(true);
    expect(await tokyo.services.outbreak.observeAggregate(aggregate)).toBe(false);
    // Its own aggregate relayed back is not counted again at its origin.
    expect(await paris.services.outbreak.observeAggregate(aggregate)).toBe(false);
    await expect(
      tokyo.services.outbreak.observeAggregate({
        ...aggregate,
        keys: [{ kind: 'url', value: '' }],
      }),
    ).rejects.toMatchObject({
      code: 'NH_ERR_VALIDATION',
      details: [expect.objectContaining({ path: '/keys/0/value' })],
    });
    await expect(
      tokyo.services.outbreak.observeAggregate({ ...aggregate, reporter: orgIds['fr-bank'] }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ path: '/reporter' })] });
  });

  it('federates nothing from a node that has no identity yet', async () => {
    const lone = await makeTestNode(dialect, { clock });
    try {
      const heard: AggregateReport[] = [];
      await lone.app.ready();
      lone.services.outbreak.onAggregate((a) => heard.push(a));
      const admin = lone.actor('admin');
      const org = await lone.services.auth.createOrganization(admin, {
        name: 'lone-org',
        sector: 'industry',
        country: 'IT',
      });
      await lone.services.auth.createUser(admin, {
        username: 'lone-org',
        role: 'analyst',
        organization: org.id,
        password: 'federated-outbreak-1',
      });
      tokens['lone-org'] = (
        await lone.services.auth.createTokenForUser(admin, 'lone-org', 't')
      ).token;
      await report(lone, 'lone-org', '07:00', 'all');
      expect(heard).toEqual([]);
      // Nor does it count what a peer sends.
      await report(paris, 'fr-bank', '07:01', 'all');
      expect(await lone.services.outbreak.observeAggregate(sent[0])).toBe(false);
    } finally {
      await lone.services.sightings.settled();
      await lone.close();
    }
  });

  it('rebuilds the federated picture after a restart', async () => {
    await report(paris, 'fr-bank', '07:00', 'all');
    await report(paris, 'de-isp', '07:02', 'all');
    for (const a of sent) await tokyo.services.outbreak.observeAggregate(a);
    await tokyo.services.outbreak.idle();

    // A second process of the Tokyo node on the same database, started later.
    clock.set(at('07:10'));
    const deps = { config: tokyo.config, database: tokyo.db.handle, clock };
    const services = createServices(deps);
    const restarted = await buildApp(deps, services);
    try {
      await restarted.ready();
      // The replayed aggregates still count: one local report trips the rule.
      await report({ app: restarted, services }, 'jp-telco', '07:10', 'community');
      const [alert] = await alertsOf({ app: restarted, services }, 'jp-telco');
      expect(alert).toMatchObject({ organisationCount: 3, countries: ['DE', 'FR', 'JP'] });
    } finally {
      await restarted.close();
    }
  });
});
