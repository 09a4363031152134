/**
 * Delivery between nodes over HTTP on both databases (issue 7, item 5): the directory of a
 * peer's organisations follows the organisations created or renamed after peering; a receiving
 * node's permanent refusal ends the delivery, shown on the request with the reason; the files
 * of a response carry their chain of custody, signed by the producing node, checked and
 * continued by the receiving node, and a tampered chain is refused naming the file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendCustody } from '../src/cooperation/package-custody.js';
import { sealMessage } from '../src/cooperation/exchange-envelope.js';
import { signManifest } from '../src/cooperation/exchange-manifest.js';
import { MESSAGES_PATH } from '../src/cooperation/exchange.types.js';
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
  const orgs: Record<string, string> = {};

  beforeAll(async () => {
    a = await exchangeNode(dialect, 'FR node', 'FR', clock);
    b = await exchangeNode(dialect, 'DE node', 'DE', clock);
    orgs.fr = await a.organization('OFAC', 'FR', {
      frpoc: 'contact-point',
      frpoc2: 'contact-point',
      frinv: 'investigator',
      frinv2: 'investigator',
    });
    orgs.de = await b.organization('BKA', 'DE', { depoc: 'contact-point', deinv: 'investigator' });
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
  const move = async (id: string, user: string, to: string, node = a, extra = {}) => {
    const res = await node.call(user, 'POST', `/api/v1/requests/${id}/transitions`, {
      to,
      ...extra,
    });
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

  it('carries the chain of custody of the files of a response, signed, checked and continued on receipt', async () => {
    clock.set('2026-11-29T12:00:00.000Z');
    const draft = await a.call('frinv', 'POST', '/api/v1/requests', {
      type: 'R1',
      recipientOrganizationId: orgs.de,
      fields: {
        requesting_authority: { name: 'Parquet de Paris, J3', country: 'FR' },
        regime: 'bc_art27',
        offences: ['BC-5-system-interference'],
        facts: text('The botnet controller of the hospital DDoS.'),
        measures: ['PRODUCTION_ORDER'],
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = (draft.json() as View).id;
    await move(id, 'frinv', 'pending_approval');
    await move(id, 'frinv2', 'approved');
    await move(id, 'frinv', 'sent');
    await a.services.cooperation.dispatch();
    for (const to of ['acknowledged', 'under_review', 'executing']) await move(id, 'deinv', to, b);
    const content = Buffer.from('ts,ip\n2026-11-28T08:55:00Z,203.0.113.9\n');
    clock.set('2026-11-29T12:10:00.000Z');
    await move(id, 'deinv', 'executed', b, {
      files: [
        { name: 'traffic.csv', mediaType: 'text/csv', contentBase64: content.toString('base64') },
      ],
    });
    clock.set('2026-11-29T12:15:00.000Z');
    // acknowledged, under_review, executing (review and execution travel too) and executed
    expect(await b.services.cooperation.dispatch()).toEqual({ delivered: 4, failed: 0 });

    type Files = { timeline: { files: { name: string; custody: Custody | null }[] } };
    type Custody = {
      intact: boolean;
      problem: string | null;
      records: { seq: number; at: string; actor: string; action: string; organizationId: string }[];
    };
    const custodyAt = async (node: ExchangeNode, user: string) => {
      const res = await node.call(user, 'GET', `/api/v1/requests/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as Files).timeline.files[0]!.custody!;
    };
    const aNodeId = (await a.services.federation.identity.current()).nodeId;
    const atB = await custodyAt(b, 'deinv');
    expect(atB).toMatchObject({ intact: true, problem: null });
    expect(atB.records.map((r) => [r.seq, r.action, r.actor, r.organizationId, r.at])).toEqual([
      [1, 'acquire', 'user:deinv', orgs.de, '2026-11-29T12:10:00.000Z'],
      [2, 'send', `node:${bNodeId}`, orgs.de, '2026-11-29T12:15:00.000Z'],
    ]);
    const atA = await custodyAt(a, 'frinv');
    expect(atA).toMatchObject({ intact: true, problem: null });
    expect(atA.records.slice(0, 2)).toEqual(atB.records);
    expect(atA.records[2]).toMatchObject({
      seq: 3,
      action: 'acquire',
      actor: `node:${aNodeId}`,
      organizationId: orgs.fr,
      at: '2026-11-29T12:15:00.000Z',
    });

    // Changed later in node A's store: the timeline says the chain no longer holds, and where.
    const row = await a.db.handle.db
      .selectFrom('cooperation_files' as never)
      .select(['id' as never, 'custody' as never])
      .where('request_id' as never, '=', id as never)
      .executeTakeFirstOrThrow();
    const stored = JSON.parse((row as { custody: string }).custody) as { actor: string }[];
    stored[0]!.actor = 'user:someone-else';
    await a.db.handle.db
      .updateTable('cooperation_files' as never)
      .set({ custody: JSON.stringify(stored) } as never)
      .where('id' as never, '=', (row as { id: string }).id as never)
      .execute();
    expect(await custodyAt(a, 'frinv')).toMatchObject({
      intact: false,
      problem: 'record 1 was changed (its hash does not match)',
    });
  });

  it('refuses a package whose signed chain of custody was tampered with, naming the file', async () => {
    const identity = await a.services.federation.identity.current();
    const self = identity.exchangeKeys();
    const bd = (await b.services.federation.identity.current()).descriptor();
    const requestId = randomUUID();
    const transitionId = randomUUID();
    const content = Buffer.from('ts,ip\n1,192.0.2.44');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const event = {
      actor: 'user:frinv',
      organizationId: orgs.fr!,
      purpose: 'data package',
      details: null,
    };
    let chain = appendCustody(randomUUID(), { sha256, size: content.length }, [], {
      ...event,
      at: '2026-11-29T09:00:00.000Z',
      action: 'acquire',
    });
    chain = appendCustody('', { sha256, size: content.length }, chain, {
      ...event,
      at: '2026-11-29T09:05:00.000Z',
      action: 'send',
    });
    // The producer's node signs a chain whose first record was changed after it was hashed.
    const tampered = [{ ...chain[0]!, at: '2026-11-28T09:00:00.000Z' }, chain[1]!];
    const file = { name: 'traffic.csv', mediaType: 'text/csv', sha256, size: content.length };
    const manifest = await signManifest(
      { requestId, transitionId, producer: orgs.fr!, files: [{ ...file, custody: tampered }] },
      self.signing,
      identity.nodeId,
    );
    const { jwe } = await sealMessage({
      payload: {
        v: 1,
        from: { node: identity.nodeId, organization: orgs.fr },
        to: { node: bd.nodeId, organization: orgs.de },
        message: {
          id: randomUUID(),
          requestId,
          transitionId,
          requestType: 'R4',
          state: 'sent',
          fromOrganizationId: orgs.fr,
          toOrganizationId: orgs.de,
          at: clock.now().toISOString(),
          reason: null,
          ground: null,
          request: { urgency: 'normal', channel: '24_7', fields: r4Fields },
          files: [file],
        },
        files: [
          { name: file.name, mediaType: file.mediaType, contentBase64: content.toString('base64') },
        ],
        manifest,
      },
      signingKey: self.signing,
      senderNodeId: identity.nodeId,
      recipientNodeId: bd.nodeId,
      recipientEncryptionKey: bd.encryptionKey!,
    });
    const res = await a.services.federation.client.request(
      { nodeId: bd.nodeId, descriptor: bd },
      'POST',
      MESSAGES_PATH,
      { envelope: jwe },
    );
    expect(res.status).toBe(400);
    expect((res.json as { error: { message: string } }).error.message).toBe(
      'the message is refused: evidence file "traffic.csv": its chain of custody is broken: record 1 was changed (its hash does not match)',
    );
  });
});
