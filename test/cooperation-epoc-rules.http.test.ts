import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEFAULT_COOPERATION_SETTINGS,
  DEFAULT_ROLE_MAP,
} from '../src/cooperation/cooperation.settings.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';

/**
 * Two verified rules of the EU e-Evidence Regulation over HTTP (issue 7): an EPOC for traffic
 * or content data is issued or validated by a judge only (Art 4(2)), and a provider objects on
 * a third country's law within 10 days of receipt (Art 17(2)). Here a judge is a node admin
 * (the role map is a setting), so an investigator holds the prosecutor's role but not the
 * judge's.
 */
const text = (t: string) => ({ text: t, lang: 'en' });

describeDialects('EPOC issuer and objection window over HTTP', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-12-01T09:00:00.000Z');
  const tokens: Record<string, string> = {};
  let provider = '';

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      deps: {
        cooperation: {
          ...DEFAULT_COOPERATION_SETTINGS,
          sweepIntervalMs: 0,
          roleMap: { ...DEFAULT_ROLE_MAP, judge: ['admin'] },
        },
      },
    });
    const { auth } = node.services;
    const root = node.actor('admin');
    provider = (
      await auth.createOrganization(root, { name: 'Host DE', sector: 'industry', country: 'DE' })
    ).id;
    for (const [username, role, organization] of [
      ['frinv', 'investigator', 'Test CERT'],
      ['frprosecutor', 'investigator', 'Test CERT'],
      ['frjudge', 'admin', 'Test CERT'],
      ['ispdesk', 'contact-point', 'Host DE'],
    ] as const) {
      await auth.createUser(root, { username, role, organization, password: 'epoc-password-1' });
      tokens[username] = (await auth.createTokenForUser(root, username, 't')).token;
    }
  });
  afterAll(async () => node?.close());

  const call = (user: string, url: string, payload?: unknown) =>
    node.app.inject({
      method: payload === undefined ? 'GET' : 'POST',
      url,
      headers: { authorization: `Bearer ${tokens[user]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const move = (user: string, id: string, to: string, extra: Record<string, unknown> = {}) =>
    call(user, `/api/v1/requests/${id}/transitions`, { to, ...extra });

  async function draft(categories: string[]): Promise<string> {
    const res = await call('frinv', '/api/v1/requests', {
      type: 'E1',
      urgency: 'normal',
      channel: 'eu_decentralised_it',
      recipientOrganizationId: provider,
      fields: {
        issuing_authority: { name: 'Parquet de Paris', country: 'FR' },
        file_number: text('PAR-2026-1207'),
        addressee_type: 'designated_establishment',
        identifiers: [{ kind: 'email', value: 'seller@example.net' }],
        data_categories: categories,
        offences: ['BC-8-computer-fraud'],
        necessity_grounds: text('Trace the payments of the fake shop.'),
        enforcing_state_notified: false,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    expect((await move('frinv', id, 'pending_approval')).statusCode).toBe(200);
    return id;
  }

  it('lets a prosecutor validate an EPOC for subscriber data, and only a judge one for traffic or content data', async () => {
    const subscriber = await draft(['subscriber_information']);
    expect((await move('frprosecutor', subscriber, 'approved')).statusCode).toBe(200);

    const traffic = await draft(['subscriber_information', 'traffic_data']);
    const refused = await move('frprosecutor', traffic, 'approved');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe(
      'E1 pending_approval → approved is taken by judge (EU Reg 2023/1543 Art 4(2): data_categories traffic_data or content_data); user:frprosecutor (investigator) holds none of these roles',
    );
    expect((await move('frjudge', traffic, 'approved')).statusCode).toBe(200);
  });

  it('takes a provider objection under Art 17 within 10 days of receipt, not after', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = await draft(['subscriber_information']);
      expect((await move('frprosecutor', id, 'approved')).statusCode).toBe(200);
      expect((await move('frinv', id, 'sent')).statusCode).toBe(200);
      ids.push(id);
    }
    clock.set('2026-12-02T09:00:00.000Z');
    await node.services.cooperation.dispatch();
    const objection = { reason: 'The data are held under a third country law that forbids it.' };

    clock.set('2026-12-12T09:00:00.000Z'); // exactly 10 days after receipt: still open
    expect((await move('ispdesk', ids[0]!, 'objection_art17', objection)).statusCode).toBe(200);

    clock.set('2026-12-12T09:00:01.000Z');
    const late = await move('ispdesk', ids[1]!, 'objection_art17', objection);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe(
      'E1 → objection_art17 is possible only within 10 days of receipt (EU Reg 2023/1543 Art 17(2)): received 2026-12-02T09:00:00.000Z, closed 2026-12-12T09:00:00.000Z',
    );
    const view = (await call('ispdesk', `/api/v1/requests/${ids[1]!}`)).json() as {
      state: string;
    };
    expect(view.state).toBe('received');
  });
});
