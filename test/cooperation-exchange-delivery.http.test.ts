/**
 * Delivery between nodes over HTTP on both databases (issue 7, item 5): the directory of a
 * peer's organisations follows the organisations created or renamed after peering; a receiving
 * node's permanent refusal ends the delivery, shown on the request with the reason.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../src/platform/ports.js';
import { exchangeNode, peerNodes, type ExchangeNode } from './cooperation-exchange-kit.js';
import { describeDialects } from './support/dialects.js';

type Outbox = {
  state: string;
  deliveredAt: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  refusedAt: string | null;
};
type View = { id: string; state: string; timeline: { outbox: Outbox[] } };
type Recipient = { id: string; name: string; node: { name: string } | null };

const text = (t: string) => ({ text: t, lang: 'en' });
const r4Fields = {
  requesting_authority: { name: 'OFAC, Police nationale', country: 'FR' },
  offences: ['BC-5-system-interference'],
  facts: text('DDoS against a hospital from a botnet controller hosted in Frankfurt.'),
  identifiers: [{ kind: 'ip', value: '203.0.113.9', timestamp: '2026-11-28T08:55:00+01:00' }],
  data_categories: ['traffic_data'],
  relationship_to_offence: text('The controller that commanded the attack.'),
  custodian: text('Hosting company in Frankfurt, AS64500'),
  necessity: text('Logs are rotated after 7 days.'),
  mla_follow_up_intended: true,
};

describeDialects('delivery of legal requests between nodes', (dialect) => {
  const clock = fixedClock('2026-11-29T10:00:00.000Z');
  let a: ExchangeNode;
  let b: ExchangeNode;
  let bNodeId: string;

  beforeAll(async () => {
    a = await exchangeNode(dialect, 'FR node', 'FR', clock);
    b = await exchangeNode(dialect, 'DE node', 'DE', clock);
    await a.organization('OFAC', 'FR', { frpoc: 'contact-point', frpoc2: 'contact-point' });
    await b.organization('BKA', 'DE', { depoc: 'contact-point' });
    await peerNodes(a, b);
    bNodeId = (await b.services.federation.identity.current()).nodeId;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const recipientsOfA = async () => {
    const res = await a.call('frpoc', 'GET', '/api/v1/request-recipients');
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { organizations: Recipient[] }).organizations;
  };
  const move = async (id: string, user: string, to: string) => {
    const res = await a.call(user, 'POST', `/api/v1/requests/${id}/transitions`, { to });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** An R4 from OFAC to `recipient`, approved four-eyes and sent (not dispatched). */
  async function sendR4(recipient: string): Promise<string> {
    const res = await a.call('frpoc', 'POST', '/api/v1/requests', {
      type: 'R4',
      recipientOrganizationId: recipient,
      fields: r4Fields,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as View).id;
    await move(id, 'frpoc', 'pending_approval');
    await move(id, 'frpoc2', 'approved');
    await move(id, 'frpoc', 'sent');
    return id;
  }

  it('lists a peer organisation created after peering once the peer announces it, and a rename on demand', async () => {
    const late = await b.organization('BKA Cyber', 'DE', {});
    expect((await recipientsOfA()).map((o) => o.id)).not.toContain(late);
    // Node B's directory round sees a new organisation and says hello to its active peers.
    expect(await b.services.federation.directory.tick()).toBe(true);
    expect((await recipientsOfA()).find((o) => o.id === late)).toMatchObject({
      name: 'BKA Cyber',
      node: { name: 'DE node' },
    });
    // Nothing changed since: no hello.
    expect(await b.services.federation.directory.tick()).toBe(false);

    // Renamed on B; node A's administrator asks B again (on demand) and learns the new name.
    await b.db.handle.db
      .updateTable('organizations')
      .set({ name: 'BKA Cybercrime' })
      .where('id', '=', late)
      .execute();
    const retry = await a.call(
      'admin',
      'POST',
      `/api/v1/peers/${encodeURIComponent(bNodeId)}/retry`,
    );
    expect(retry.statusCode, retry.body).toBe(200);
    expect((await recipientsOfA()).find((o) => o.id === late)?.name).toBe('BKA Cybercrime');
    // And it is a recipient like any other: the request reaches it.
    const id = await sendR4(late);
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });
    const atB = await b.db.handle.db
      .selectFrom('cooperation_requests' as never)
      .select(['recipient_org_id' as never, 'state' as never])
      .where('id' as never, '=', id as never)
      .executeTakeFirst();
    expect(atB).toEqual({ recipient_org_id: late, state: 'received' });
  });

  it('ends the delivery when the receiving node refuses for good, and shows why', async () => {
    clock.set('2026-11-29T11:00:00.000Z');
    // Node A still lists an organisation node B no longer hosts (removed since B's last hello).
    const gone = `identity--${randomUUID()}`;
    const peer = await a.db.handle.db
      .selectFrom('federation_peers')
      .select('organizations')
      .where('node_id', '=', bNodeId)
      .executeTakeFirstOrThrow();
    await a.db.handle.db
      .updateTable('federation_peers')
      .set({
        organizations: JSON.stringify([
          ...(JSON.parse(peer.organizations) as unknown[]),
          { id: gone, name: 'LKA Berlin', country: 'DE' },
        ]),
      })
      .where('node_id', '=', bNodeId)
      .execute();
    const id = await sendR4(gone);
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 0, failed: 1 });
    const view = (await a.call('frpoc', 'GET', `/api/v1/requests/${id}`)).json() as View;
    expect(view.state).toBe('sent');
    expect(view.timeline.outbox).toEqual([
      expect.objectContaining({
        state: 'sent',
        deliveredAt: null,
        attempts: 1,
        refusedAt: '2026-11-29T11:00:00.000Z',
        nextAttemptAt: null,
        lastError: 'peer DE node answered HTTP 404: no route to the recipient',
      }),
    ]);
    // Final: never tried again, even long after.
    clock.set('2026-11-30T11:00:00.000Z');
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 0, failed: 0 });
    const again = (await a.call('frpoc', 'GET', `/api/v1/requests/${id}`)).json() as View;
    expect(again.timeline.outbox[0]!.attempts).toBe(1);
  });
});
