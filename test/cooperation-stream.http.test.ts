/**
 * Legal clocks on the live stream (issue 7, item 4), on both databases: when an emergency EPOC's
 * 8-hour clock runs out, `event: deadline` reaches the provider's contact point and supervisor —
 * and neither the issuing side (whose clock it is not) nor another organisation.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_COOPERATION_SETTINGS } from '../src/cooperation/cooperation.settings.js';
import type { Actor } from '../src/platform/actor.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { objectIds, openSse, type SseConnection } from './support/sse-client.js';
import { TLP_IDS, bundle, indicator } from './support/stix-fixtures.js';

describeDialects('legal clocks on the live stream', (dialect) => {
  let node: TestNode;
  let base: string;
  let adminToken: string;
  const clock = fixedClock('2026-12-01T06:00:00.000Z');
  const tokens: Record<string, string> = {};
  const open: SseConnection[] = [];
  let ispId: string;

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      deps: { cooperation: { ...DEFAULT_COOPERATION_SETTINGS, sweepIntervalMs: 0 } },
    });
    const { auth } = node.services;
    const root = node.actor('admin');
    ispId = (
      await auth.createOrganization(root, { name: 'Host DE', sector: 'industry', country: 'DE' })
    ).id;
    await auth.createOrganization(root, { name: 'Other ISP', sector: 'industry', country: 'IT' });
    const users: [string, string, string][] = [
      ['frinv', 'investigator', 'Test CERT'],
      ['ispdesk', 'contact-point', 'Host DE'],
      ['ispboss', 'admin', 'Host DE'],
      ['otherdesk', 'contact-point', 'Other ISP'],
    ];
    for (const [username, role, organization] of users) {
      await auth.createUser(root, {
        username,
        role,
        organization,
        password: 'cooperation-password-1',
      });
      tokens[username] = (await auth.createTokenForUser(root, username, 's')).token;
    }
    adminToken = (await auth.createTokenForUser(root, node.adminUsername, 'a')).token;
    await node.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await node?.close();
  });

  const subscribe = async (who: string) => {
    const c = await openSse(`${base}/api/v1/stream`, { authorization: `Bearer ${tokens[who]}` });
    expect(c.status).toBe(200);
    open.push(c);
    return c;
  };
  const deadlines = (c: SseConnection) =>
    c.events
      .filter((e) => e.event === 'deadline')
      .map((e) => JSON.parse(e.data) as Record<string, unknown>);

  it('sends event: deadline to the users the escalation names, and to no one else', async () => {
    const requests = node.services.cooperation.requests;
    const issuer = node.actor('investigator');
    const validator = { ...issuer, name: 'validating-judge' } as Actor;
    const e1 = await requests.create(issuer, {
      type: 'E1',
      urgency: 'emergency',
      recipientOrganizationId: ispId,
      fields: {
        issuing_authority: { name: 'Parquet de Paris', country: 'FR' },
        file_number: { text: 'PAR-1', lang: 'fr' },
        addressee_type: 'legal_representative',
        identifiers: [{ kind: 'phone', value: '+4915112345678' }],
        data_categories: ['subscriber_information'],
        offences: ['BC-2-illegal-access'],
        necessity_grounds: { text: 'Identifier l’abonné.', lang: 'fr' },
        emergency_reasons: { text: 'Menace imminente pour la vie.', lang: 'fr' },
        enforcing_state_notified: false,
      },
    });
    for (const [a, to] of [
      [issuer, 'pending_approval'],
      [validator, 'approved'],
      [issuer, 'sent'],
    ] as const)
      await requests.transition(a, e1.id, { to });
    await node.services.cooperation.dispatch();
    await node.services.cooperation.sweep(); // the 1-day reminder, while nobody listens

    const desk = await subscribe('ispdesk');
    const boss = await subscribe('ispboss');
    const inv = await subscribe('frinv');
    const other = await subscribe('otherdesk');
    clock.set('2026-12-01T14:00:00.000Z');
    expect(await node.services.cooperation.sweep()).toEqual({
      reminders: 0,
      escalations: 1,
      expired: 0,
    });

    const expected = {
      notice: 'escalation',
      request: { id: e1.id, type: 'E1', state: 'received' },
      deadline: {
        code: 'production',
        rule: 'EU Reg 2023/1543 Art 10(2)-(4)',
        status: 'overdue',
        dueAt: '2026-12-01T14:00:00.000Z',
        zone: 'Europe/Berlin',
      },
    };
    await desk.until((c) => deadlines(c).length === 1);
    await boss.until((c) => deadlines(c).length === 1);
    expect(deadlines(desk)).toEqual([expected]);
    expect(deadlines(boss)).toEqual([expected]);

    // A GREEN object every subscriber reads: once it arrives, the escalation would have too.
    const mark = indicator({ object_marking_refs: [TLP_IDS.green] });
    const stored = await node.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: bundle([mark]),
    });
    expect(stored.statusCode, stored.body).toBe(201);
    for (const s of [inv, other]) await s.until((c) => objectIds(c).includes(mark.id));
    expect(deadlines(inv)).toEqual([]);
    expect(deadlines(other)).toEqual([]);
  });
});
