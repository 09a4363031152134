/**
 * Exchange of legal requests between two nodes over HTTP on both databases (issue 7, item 5):
 * two real apps on their own databases, peered over the signed federation channel. An R4
 * preservation request goes from node A's authority to node B's authority in a JOSE envelope,
 * B's signed receipt starts the clocks on both sides at its time, B acknowledges and preserves,
 * A sees each step with B's receipts; a withdrawal refuses a later response; a node that is
 * down gets the request when it returns; a confidential request is read on B only by its named
 * handler; an unknown recipient is refused alike whether it exists elsewhere or not; an R5 sent
 * back is linked to its R4 on the requesting node.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sealMessage } from '../src/cooperation/exchange-envelope.js';
import { signManifest } from '../src/cooperation/exchange-manifest.js';
import { MESSAGES_PATH } from '../src/cooperation/exchange.types.js';
import { fixedClock } from '../src/platform/ports.js';
import { exchangeNode, peerNodes, type ExchangeNode } from './cooperation-exchange-kit.js';
import { describeDialects } from './support/dialects.js';
import { scanRawDatabase } from './support/raw-scan.js';

type View = {
  id: string;
  state: string;
  sentAt: string | null;
  receivedAt: string | null;
  acknowledgedAt: string | null;
  confidential: boolean;
  handlers: string[];
  side: string;
  timeline: {
    transitions: { from: string | null; to: string; actor: string; at: string }[];
    deadlines: { code: string; status: string; startedAt: string; dueAt: string }[];
    outbox: {
      state: string;
      deliveredAt: string | null;
      attempts: number;
      lastError: string | null;
      nextAttemptAt: string | null;
      refusedAt: string | null;
      receiptAt: string | null;
      receipt: string | null;
    }[];
    receipts: { messageId: string; state: string; receivedAt: string; receipt: string }[];
  };
};

const text = (t: string) => ({ text: t, lang: 'en' });
const r4Fields = {
  requesting_authority: { name: 'OFAC, Police nationale', country: 'FR' },
  offences: ['BC-5-system-interference'],
  facts: text('DDoS against a hospital from a botnet controller hosted in Frankfurt.'),
  identifiers: [{ kind: 'ip', value: '203.0.113.9', timestamp: '2026-11-28T08:55:00+01:00' }],
  data_categories: ['traffic_data', 'subscriber_information'],
  relationship_to_offence: text('The controller that commanded the attack.'),
  custodian: text('Hosting company in Frankfurt, AS64500'),
  necessity: text('Logs are rotated after 7 days.'),
  mla_follow_up_intended: true,
};

describeDialects('exchange of legal requests between nodes', (dialect) => {
  const clock = fixedClock('2026-11-29T10:00:00.000Z');
  let a: ExchangeNode;
  let b: ExchangeNode;
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
    orgs.de = await b.organization('BKA', 'DE', {
      depoc: 'contact-point',
      depoc2: 'contact-point',
      deinv: 'investigator',
    });
    await peerNodes(a, b);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const ok = async (
    node: ExchangeNode,
    user: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    status = 200,
  ) => {
    const res = await node.call(user, method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as View;
  };
  const move = (node: ExchangeNode, user: string, id: string, to: string, reason?: string) =>
    ok(node, user, 'POST', `/api/v1/requests/${id}/transitions`, { to, reason });
  const get = (node: ExchangeNode, user: string, id: string) =>
    ok(node, user, 'GET', `/api/v1/requests/${id}`);

  /** A message A seals itself for node B, as a sender node could (tampering included). */
  async function sendSealed(over: {
    organization?: string;
    envelope?: string;
    files?: { name: string; mediaType: string; content: Buffer }[];
    tamper?: (files: { name: string; mediaType: string; contentBase64: string }[]) => void;
    /** The parent the request claims (R5 → its R4). */
    parentId?: string;
    requestId?: string;
  }) {
    const identity = await a.services.federation.identity.current();
    const self = identity.exchangeKeys();
    const bd = (await b.services.federation.identity.current()).descriptor();
    const organization = over.organization ?? orgs.de!;
    const requestId = over.requestId ?? randomUUID();
    const transitionId = randomUUID();
    const files = (over.files ?? []).map((f) => ({
      name: f.name,
      mediaType: f.mediaType,
      sha256: createHash('sha256').update(f.content).digest('hex'),
      size: f.content.length,
    }));
    const manifest =
      files.length === 0
        ? null
        : await signManifest(
            { requestId, transitionId, producer: orgs.fr!, files },
            self.signing,
            identity.nodeId,
          );
    const contents = (over.files ?? []).map((f) => ({
      name: f.name,
      mediaType: f.mediaType,
      contentBase64: f.content.toString('base64'),
    }));
    over.tamper?.(contents);
    const { jwe } = await sealMessage({
      payload: {
        v: 1,
        from: { node: identity.nodeId, organization: orgs.fr },
        to: { node: bd.nodeId, organization },
        message: {
          id: randomUUID(),
          requestId,
          transitionId,
          requestType: 'R4',
          state: 'sent',
          fromOrganizationId: orgs.fr,
          toOrganizationId: organization,
          at: clock.now().toISOString(),
          reason: null,
          ground: null,
          request: {
            urgency: 'normal',
            channel: '24_7',
            fields: r4Fields,
            ...(over.parentId ? { parentId: over.parentId } : {}),
          },
          files,
        },
        files: contents,
        manifest,
      },
      signingKey: self.signing,
      senderNodeId: identity.nodeId,
      recipientNodeId: bd.nodeId,
      recipientEncryptionKey: bd.encryptionKey!,
    });
    return a.services.federation.client.request(
      { nodeId: bd.nodeId, descriptor: bd },
      'POST',
      MESSAGES_PATH,
      {
        envelope: over.envelope ?? jwe,
      },
    );
  }

  /** An R4 from OFAC (node A) to BKA (node B), approved four-eyes and sent (not dispatched). */
  async function sendR4(extra: Record<string, unknown> = {}): Promise<string> {
    const draft = await ok(
      a,
      'frpoc',
      'POST',
      '/api/v1/requests',
      { type: 'R4', recipientOrganizationId: orgs.de, fields: r4Fields, ...extra },
      201,
    );
    await move(a, 'frpoc', draft.id, 'pending_approval');
    await move(a, 'frpoc2', draft.id, 'approved');
    const sent = await move(a, 'frpoc', draft.id, 'sent');
    expect(sent.state).toBe('sent');
    return draft.id;
  }

  it('sends an R4 to the peer node; its signed receipt starts the clocks on both sides', async () => {
    clock.set('2026-11-29T10:00:00.000Z');
    const id = await sendR4();
    // Not delivered yet: node B knows nothing of it.
    expect((await b.call('depoc', 'GET', `/api/v1/requests/${id}`)).statusCode).toBe(404);
    clock.set('2026-11-29T10:05:00.000Z');
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });

    const atA = await get(a, 'frpoc', id);
    const [out] = atA.timeline.outbox;
    expect(out).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
    const receipt = decodeJwt(out!.receipt!) as { messageId: string; receivedAt: string };
    expect(receipt.receivedAt).toBe('2026-11-29T10:05:00.000Z');
    expect(out!.receiptAt).toBe(receipt.receivedAt);
    // The clock starts at the receipt, not at sending.
    expect([atA.state, atA.sentAt, atA.receivedAt]).toEqual([
      'received',
      '2026-11-29T10:00:00.000Z',
      '2026-11-29T10:05:00.000Z',
    ]);

    const atB = await get(b, 'depoc', id);
    expect(atB).toMatchObject({
      side: 'recipient',
      state: 'received',
      sentAt: '2026-11-29T10:00:00.000Z',
      receivedAt: '2026-11-29T10:05:00.000Z',
    });
    expect(atB.timeline.receipts).toEqual([
      expect.objectContaining({
        messageId: receipt.messageId,
        state: 'sent',
        receipt: out!.receipt,
      }),
    ]);
    // Node B keeps the signed copy as proof of origin, sealed: its payload holds personal fields.
    const stored = await b.db.handle.db
      .selectFrom('cooperation_inbound' as never)
      .select('jws' as never)
      .execute();
    expect(stored).toHaveLength(1);
    const copy = (stored[0] as { jws: string }).jws;
    expect(copy).toContain('"$sealed"');
    expect(copy).not.toMatch(/^eyJ/);
    expect(copy).not.toContain('203.0.113.9');
    const inbox = (await b.call('depoc', 'GET', '/api/v1/requests?box=inbox')).json() as {
      requests: View[];
    };
    expect(inbox.requests.map((r) => r.id)).toContain(id);

    // Delivered again (a crash before marking): the same receipt, nothing recorded twice.
    await a.db.handle.db
      .updateTable('cooperation_outbox' as never)
      .set({ delivered_at: null } as never)
      .execute();
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });
    const again = await get(a, 'frpoc', id);
    expect(again.timeline.outbox[0]!.receipt).toBe(out!.receipt);
    expect(again.timeline.transitions).toHaveLength(atA.timeline.transitions.length);
    expect((await get(b, 'depoc', id)).timeline.transitions).toEqual(atB.timeline.transitions);

    // B acknowledges and preserves; A learns each step with B's receipt of A's side.
    clock.set('2026-11-29T10:30:00.000Z');
    await move(b, 'depoc', id, 'acknowledged');
    clock.set('2026-11-29T11:00:00.000Z');
    const preserved = await move(b, 'depoc', id, 'preserved');
    expect(await b.services.cooperation.dispatch()).toEqual({ delivered: 2, failed: 0 });
    const after = await get(a, 'frpoc', id);
    expect(after.state).toBe('preserved');
    expect(after.acknowledgedAt).toBe('2026-11-29T10:30:00.000Z');
    expect(after.timeline.transitions.map((t) => t.to)).toEqual([
      'draft',
      'pending_approval',
      'approved',
      'sent',
      'received',
      'acknowledged',
      'preserved',
    ]);
    expect(after.timeline.transitions.at(-1)!.actor).toBe('service:peer:DE node');
    expect(after.timeline.receipts.map((r) => r.state).sort()).toEqual([
      'acknowledged',
      'preserved',
    ]);
    const bOut = (await get(b, 'depoc', id)).timeline.outbox;
    expect(bOut.map((o) => [o.state, o.receiptAt])).toEqual([
      ['acknowledged', '2026-11-29T11:00:00.000Z'],
      ['preserved', '2026-11-29T11:00:00.000Z'],
    ]);
    // The preservation clock runs on both sides from B's preservation.
    const clockOf = (v: View) => v.timeline.deadlines.find((d) => d.code === 'preservation');
    expect(clockOf(after)).toMatchObject({
      status: 'running',
      startedAt: '2026-11-29T11:00:00.000Z',
    });
    expect(preserved.state).toBe('preserved');
    expect(clockOf(await get(b, 'depoc', id))).toMatchObject({
      status: 'running',
      startedAt: '2026-11-29T11:00:00.000Z',
    });
  });

  it('refuses a response to a request withdrawn meanwhile, on both nodes', async () => {
    clock.set('2026-11-29T12:00:00.000Z');
    const id = await sendR4();
    await a.services.cooperation.dispatch();
    await move(b, 'depoc', id, 'acknowledged');
    await b.services.cooperation.dispatch();
    // A withdraws; before B hears of it, B preserves: A refuses B's response for good.
    await move(a, 'frpoc', id, 'withdrawn', 'The suspect was identified otherwise.');
    await move(b, 'depoc', id, 'preserved');
    expect(await b.services.cooperation.dispatch()).toEqual({ delivered: 0, failed: 1 });
    const refused = (await get(b, 'depoc', id)).timeline.outbox.find(
      (o) => o.state === 'preserved',
    )!;
    expect(refused.refusedAt).not.toBeNull();
    expect(refused.lastError).toContain('withdrawn by its sender: no response is accepted');
    expect((await get(a, 'frpoc', id)).state).toBe('withdrawn');
    clock.advance(3_600_000);
    expect(await b.services.cooperation.dispatch()).toEqual({ delivered: 0, failed: 0 });
    // The withdrawal reaches B: the request is withdrawn there and no response is accepted.
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });
    expect((await get(b, 'depoc', id)).state).toBe('withdrawn');
    const late = await b.call('depoc', 'POST', `/api/v1/requests/${id}/transitions`, {
      to: 'released',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('withdrawn by its sender');
  });

  it('keeps a request for a node that is down and delivers it when the node returns', async () => {
    clock.set('2026-11-29T13:00:00.000Z');
    await b.stop();
    const id = await sendR4();
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 0, failed: 1 });
    let out = (await get(a, 'frpoc', id)).timeline.outbox[0]!;
    expect(out).toMatchObject({ deliveredAt: null, attempts: 1, refusedAt: null });
    expect(out.lastError).toMatch(/127\.0\.0\.1/);
    // Back-off: not retried before its time (60 s after the first failure).
    expect(out.nextAttemptAt).toBe('2026-11-29T13:01:00.000Z');
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 0, failed: 0 });
    clock.set('2026-11-29T13:01:00.000Z');
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 0, failed: 1 });
    out = (await get(a, 'frpoc', id)).timeline.outbox[0]!;
    expect([out.attempts, out.nextAttemptAt]).toEqual([2, '2026-11-29T13:03:00.000Z']);
    expect((await get(a, 'frpoc', id)).state).toBe('sent');

    clock.set('2026-11-29T14:00:00.000Z');
    await b.restart();
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });
    // Received, and its clocks started, when the returning node signed its receipt.
    const atA = await get(a, 'frpoc', id);
    expect([atA.state, atA.receivedAt]).toEqual(['received', '2026-11-29T14:00:00.000Z']);
    expect(atA.timeline.outbox[0]).toMatchObject({
      attempts: 3,
      lastError: null,
      receiptAt: '2026-11-29T14:00:00.000Z',
    });
    const atB = await get(b, 'depoc', id);
    expect([atB.state, atB.sentAt, atB.receivedAt]).toEqual([
      'received',
      '2026-11-29T13:00:00.000Z',
      '2026-11-29T14:00:00.000Z',
    ]);
  });

  it('lets only the named handlers read a confidential request on the receiving node', async () => {
    clock.set('2026-11-29T15:00:00.000Z');
    const missing = await a.call('frpoc', 'POST', '/api/v1/requests', {
      type: 'R4',
      recipientOrganizationId: orgs.de,
      fields: r4Fields,
      confidential: true,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('/handlers');
    const id = await sendR4({ confidential: true, handlers: ['depoc'] });
    await a.services.cooperation.dispatch();
    expect(await get(b, 'depoc', id)).toMatchObject({
      state: 'received',
      confidential: true,
      handlers: ['depoc'],
    });
    expect((await b.call('depoc2', 'GET', `/api/v1/requests/${id}`)).statusCode).toBe(404);
    const others = (await b.call('depoc2', 'GET', '/api/v1/requests?box=inbox')).json() as {
      requests: View[];
    };
    expect(others.requests.map((r) => r.id)).not.toContain(id);
    const move2 = await b.call('depoc2', 'POST', `/api/v1/requests/${id}/transitions`, {
      to: 'acknowledged',
    });
    expect(move2.statusCode).toBe(404);
    // The sending side reads it as usual.
    expect((await get(a, 'frpoc2', id)).confidential).toBe(true);
  });

  it('lists the organisations of the peer node as recipients, with the node that hosts them', async () => {
    const res = await a.call('frpoc', 'GET', '/api/v1/request-recipients');
    expect(res.statusCode, res.body).toBe(200);
    const { organizations } = res.json() as {
      organizations: { id: string; name: string; sector: string | null; node: unknown }[];
    };
    expect(organizations.find((o) => o.id === orgs.fr)).toMatchObject({ name: 'OFAC', node: null });
    const remote = organizations.find((o) => o.id === orgs.de);
    expect(remote).toMatchObject({ name: 'BKA', country: 'DE', sector: null });
    expect(remote?.node).toMatchObject({ name: 'DE node' });
    // A peer whose policy no longer carries legal messages hosts no recipient.
    const peerOfA = (await a.call('admin', 'GET', '/api/v1/peers')).json() as {
      peers: { nodeId: string; policy: { content: string[] } }[];
    };
    const [peer] = peerOfA.peers;
    const policy = { ...peer!.policy, content: peer!.policy.content.filter((c) => c !== 'legal') };
    const put = (p: unknown) =>
      a.call('admin', 'PUT', `/api/v1/peers/${encodeURIComponent(peer!.nodeId)}/policy`, p);
    expect((await put(policy)).statusCode).toBe(200);
    const without = (await a.call('frpoc', 'GET', '/api/v1/request-recipients')).json() as {
      organizations: { id: string }[];
    };
    expect(without.organizations.map((o) => o.id)).not.toContain(orgs.de);
    expect((await put(peer!.policy)).statusCode).toBe(200);
  });

  it('refuses an unknown recipient alike, whether it exists on a node not peered or nowhere', async () => {
    // BKA2 exists on node B but was created after peering: node A was never told of it.
    const hidden = await b.organization('BKA2', 'DE', {});
    const draftTo = (recipient: string) =>
      a.call('frpoc', 'POST', '/api/v1/requests', {
        type: 'R4',
        recipientOrganizationId: recipient,
        fields: r4Fields,
      });
    const elsewhere = await draftTo(hidden);
    const nowhere = await draftTo(`identity--${randomUUID()}`);
    expect(elsewhere.statusCode).toBe(400);
    expect(nowhere.statusCode).toBe(400);
    expect(elsewhere.json().error).toEqual(nowhere.json().error);

    // A message sealed for node B naming an organisation B does not host: the same refusal.
    const unknown = await sendSealed({ organization: `identity--${randomUUID()}` });
    expect(unknown.status).toBe(404);
    expect((unknown.json as { error: { message: string } }).error.message).toBe(
      'no route to the recipient',
    );
    // Sealed for another node's key: refused, and nothing recorded.
    const wrongKey = await sendSealed({ envelope: 'a.b.c.d.e' });
    expect(wrongKey.status).toBe(400);
    expect(JSON.stringify(wrongKey.json)).toContain('cannot be decrypted');
  });

  it('refuses a data package whose file does not match the signed manifest, naming the file', async () => {
    const files = [
      { name: 'subscriber.json', mediaType: 'application/json', content: Buffer.from('{"a":1}') },
      { name: 'traffic.csv', mediaType: 'text/csv', content: Buffer.from('ts,ip\n1,192.0.2.44') },
    ];
    const tampered = await sendSealed({
      files,
      tamper: (c) => {
        c[1]!.contentBase64 = Buffer.from('ts,ip\n1,198.51.100.7').toString('base64');
      },
    });
    expect(tampered.status).toBe(400);
    expect((tampered.json as { error: { message: string } }).error.message).toContain(
      'evidence file "traffic.csv" does not match its signed manifest',
    );
  });

  it('links an R5 to its R4 on the node that receives it, and never to a request that node does not hold', async () => {
    clock.set('2026-11-29T15:00:00.000Z');
    const r4 = await sendR4();
    await a.services.cooperation.dispatch();
    await move(b, 'depoc', r4, 'acknowledged');
    await move(b, 'depoc', r4, 'preserved');
    // B's execution reveals the next hop: an R5 child of the R4, back to its requester on A.
    const r5 = await ok(
      b,
      'depoc',
      'POST',
      '/api/v1/requests',
      {
        type: 'R5',
        parentId: r4,
        fields: {
          next_hop_provider: { name: 'Transit NL', country: 'NL' },
          path_traffic_data: [
            { kind: 'ip', value: '192.0.2.44', timestamp: '2026-11-28T08:50:00Z' },
          ],
        },
      },
      201,
    );
    await move(b, 'depoc', r5.id, 'sent');
    expect(await b.services.cooperation.dispatch()).toEqual({ delivered: 3, failed: 0 });
    const atA = (await get(a, 'frpoc', r5.id)) as View & { parentId: string | null };
    expect([atA.state, atA.side, atA.parentId]).toEqual(['received', 'recipient', r4]);
    // A parent this node does not hold is not linked.
    const requestId = randomUUID();
    const orphan = await sendSealed({ requestId, parentId: randomUUID() });
    expect(orphan.status).toBe(200);
    const copy = (await get(b, 'depoc', requestId)) as View & { parentId: string | null };
    expect([copy.state, copy.parentId]).toEqual(['received', null]);
  });

  it('answers an R1 with a data package that reaches the requesting node intact', async () => {
    clock.set('2026-11-29T16:00:00.000Z');
    const draft = await ok(
      a,
      'frinv',
      'POST',
      '/api/v1/requests',
      {
        type: 'R1',
        recipientOrganizationId: orgs.de,
        fields: {
          requesting_authority: { name: 'Parquet de Paris, J3', country: 'FR' },
          regime: 'bc_art27',
          offences: ['BC-5-system-interference'],
          facts: text('The botnet controller of the hospital DDoS.'),
          measures: ['PRODUCTION_ORDER'],
        },
      },
      201,
    );
    await move(a, 'frinv', draft.id, 'pending_approval');
    await move(a, 'frinv2', draft.id, 'approved');
    await move(a, 'frinv', draft.id, 'sent');
    await a.services.cooperation.dispatch();
    for (const to of ['acknowledged', 'under_review', 'executing'])
      await move(b, 'deinv', draft.id, to);
    const content = Buffer.from('ts,ip\n2026-11-28T08:55:00Z,203.0.113.9\n');
    await ok(b, 'deinv', 'POST', `/api/v1/requests/${draft.id}/transitions`, {
      to: 'executed',
      files: [
        { name: 'traffic.csv', mediaType: 'text/csv', contentBase64: content.toString('base64') },
      ],
    });
    // Acknowledged, under review, executing, executed: A follows each step.
    const sentBack = await b.services.cooperation.dispatch();
    expect(sentBack, JSON.stringify((await get(b, 'deinv', draft.id)).timeline.outbox)).toEqual({
      delivered: 4,
      failed: 0,
    });
    const atA = await get(a, 'frinv', draft.id);
    expect(atA.state).toBe('executed');
    const files = (
      atA.timeline as unknown as {
        files: { id: string; name: string; sha256: string; size: number }[];
      }
    ).files;
    expect(files).toEqual([
      expect.objectContaining({
        name: 'traffic.csv',
        sha256: createHash('sha256').update(content).digest('hex'),
        size: content.length,
      }),
    ]);
    const file = await a.call('frinv', 'GET', `/api/v1/requests/${draft.id}/files/${files[0]!.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(content)).toBe(true);
    // Each node stores the package sealed: neither the name nor the content in any raw table.
    for (const node of [a, b])
      expect(
        (await scanRawDatabase(node.db, ['traffic.csv', content.toString('base64')])).hits,
      ).toEqual([]);
  });
});
