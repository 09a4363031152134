/**
 * Legal cooperation over HTTP on both databases (issue 7): an R4 preservation request drafted,
 * refused while a field Art 29(2) requires is missing, approved four-eyes, sent through the
 * outbox, received by another organisation of the node through the transport port, preserved
 * with its 60-day clock, extended, held by the follow-up R6, released; an R5 created as its
 * child; an E1 in emergency mode to a provider with its 8-hour clock, reminders and overdue
 * escalation in fake time, answered with a data package; an R10 extradition walk; a response
 * to a withdrawn request refused; an organisation sees only its own requests.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_COOPERATION_SETTINGS } from '../src/cooperation/cooperation.settings.js';
import type { NodeEvent } from '../src/notify/event-bus.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';

type View = {
  id: string;
  type: string;
  state: string;
  recipientOrganizationId: string | null;
  parentId: string | null;
  fields: Record<string, unknown>;
  overdue: boolean;
  nextDeadline: { code: string; dueAt: string; zone: string } | null;
  timeline: {
    transitions: {
      from: string | null;
      to: string;
      actor: string;
      reason: string | null;
      ground: string | null;
    }[];
    deadlines: {
      code: string;
      status: string;
      dueAt: string;
      zone: string;
      extensions: number;
      heldAt: string | null;
    }[];
    reminders: {
      kind: string;
      deadline: string;
      leadMinutes: number | null;
      audience: string;
      userId: string;
    }[];
    files: { name: string; sha256: string; size: number }[];
    outbox: { state: string; deliveredAt: string | null }[];
  };
};

const text = (t: string) => ({ text: t, lang: 'en' });

const r4Fields = (over: Record<string, unknown> = {}) => ({
  requesting_authority: { name: 'OFAC, Police nationale', country: 'FR' },
  offences: ['BC-5-system-interference'],
  facts: text('DDoS against a hospital from a botnet controller hosted in Frankfurt.'),
  identifiers: [{ kind: 'ip', value: '203.0.113.9', timestamp: '2026-11-28T08:55:00+01:00' }],
  data_categories: ['traffic_data', 'subscriber_information'],
  relationship_to_offence: text('The controller that commanded the attack.'),
  necessity: text('Logs are rotated after 7 days.'),
  mla_follow_up_intended: true,
  ...over,
});

describeDialects('legal cooperation over HTTP', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-11-28T10:00:00.000Z');
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const orgs: Record<string, string> = {};
  const events: NodeEvent[] = [];

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      deps: {
        cooperation: {
          ...DEFAULT_COOPERATION_SETTINGS,
          sweepIntervalMs: 0,
          approvers: { P12: { IT: ['judge'] } },
        },
      },
    });
    const { auth } = node.services;
    const root = node.actor('admin');
    orgs.fr = node.organizationId;
    orgs.de = (
      await auth.createOrganization(root, { name: 'BKA', sector: 'law-enforcement', country: 'DE' })
    ).id;
    orgs.isp = (
      await auth.createOrganization(root, { name: 'Host DE', sector: 'industry', country: 'DE' })
    ).id;
    orgs.it = (
      await auth.createOrganization(root, {
        name: 'Polizia Postale',
        sector: 'law-enforcement',
        country: 'IT',
      })
    ).id;
    const users: [string, string, string][] = [
      ['frpoc', 'contact-point', 'Test CERT'],
      ['frpoc2', 'contact-point', 'Test CERT'],
      ['frinv', 'investigator', 'Test CERT'],
      ['frinv2', 'investigator', 'Test CERT'],
      ['frreporter', 'reporter', 'Test CERT'],
      ['depoc', 'contact-point', 'BKA'],
      ['deinv', 'investigator', 'BKA'],
      ['deinv2', 'investigator', 'BKA'],
      ['ispdesk', 'contact-point', 'Host DE'],
      ['ispboss', 'admin', 'Host DE'],
      ['itpoc', 'contact-point', 'Polizia Postale'],
    ];
    for (const [username, role, organization] of users) {
      const u = await auth.createUser(root, {
        username,
        role,
        organization,
        password: 'cooperation-password-1',
      });
      userIds[username] = (u as { id: string }).id;
      tokens[username] = (await auth.createTokenForUser(root, username, 't')).token;
    }
    node.services.events.subscribe((e) => events.push(e));
  });
  afterAll(async () => node?.close());

  const call = (user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[user]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = async (
    user: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    status = 200,
  ) => {
    const res = await call(user, method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as View;
  };
  const move = (user: string, id: string, to: string, extra: Record<string, unknown> = {}) =>
    ok(user, 'POST', `/api/v1/requests/${id}/transitions`, { to, ...extra });
  const get = (user: string, id: string) => ok(user, 'GET', `/api/v1/requests/${id}`);

  it('publishes every request type with what a form needs', async () => {
    const res = await call('frpoc', 'GET', '/api/v1/request-types');
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      types: { code: string }[];
      codeLists: Record<string, string[]>;
      offences: { code: string }[];
      unverified: string[];
    };
    expect(body.types.map((t) => t.code)).toHaveLength(19);
    expect(body.codeLists.cannot_comply_reason).toContain('data_not_stored');
    expect(body.offences.map((o) => o.code)).toContain('BC-2-illegal-access');
    expect(body.unverified).toContain('P7.answer (SAP Art 7(7))');
    expect((body as unknown as { approvers: unknown }).approvers).toEqual({
      P12: { IT: ['judge'] },
    });
    const r4 = (await call('frpoc', 'GET', '/api/v1/request-types/R4')).json() as {
      fields: { code: string; article: string }[];
    };
    expect(r4.fields.find((f) => f.code === 'custodian')!.article).toBe('BC Art 29(2)(d)');
    expect((await call('frpoc', 'GET', '/api/v1/request-types/Z9')).statusCode).toBe(404);
  });

  it('validates a draft live, per article and field', async () => {
    const res = await call('frpoc', 'POST', '/api/v1/requests/validate', {
      type: 'R4',
      fields: r4Fields({ facts: undefined }),
    });
    expect(res.statusCode).toBe(200);
    expect(
      (res.json() as { problems: { message: string }[] }).problems.map((p) => p.message),
    ).toEqual(['BC Art 29(2)(b): facts is required', 'BC Art 29(2)(d): custodian is required']);
  });

  it('runs an R4 preservation request end to end, with its R5 child and the follow-up R6 holding it', async () => {
    // A reporter holds no legal role; a bad value is refused at once, naming the field.
    expect(
      (
        await call('frreporter', 'POST', '/api/v1/requests', {
          type: 'R4',
          recipientOrganizationId: orgs.de,
        })
      ).statusCode,
    ).toBe(403);
    const bad = await call('frpoc', 'POST', '/api/v1/requests', {
      type: 'R4',
      recipientOrganizationId: orgs.de,
      fields: r4Fields({
        identifiers: [{ kind: 'ip', value: '203.0.113.9', timestamp: '2026-11-28T08:55:00' }],
      }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toEqual({
      path: '/fields/identifiers',
      message:
        'BC Art 29(2)(c): identifiers [0] an IP address needs a timestamp with its time zone (e.g. 2026-11-28T09:00:00+01:00)',
    });

    const draft = await ok(
      'frpoc',
      'POST',
      '/api/v1/requests',
      {
        type: 'R4',
        urgency: 'urgent',
        channel: '24_7',
        recipientOrganizationId: orgs.de,
        fields: r4Fields(),
      },
      201,
    );
    expect(draft.state).toBe('draft');
    const missing = await call('frpoc', 'POST', `/api/v1/requests/${draft.id}/transitions`, {
      to: 'pending_approval',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('BC Art 29(2)(d): custodian is required');
    await ok('frpoc', 'PATCH', `/api/v1/requests/${draft.id}`, {
      fields: r4Fields({ custodian: text('Hosting company in Frankfurt, AS64500') }),
    });
    await move('frpoc', draft.id, 'pending_approval');

    // Four-eyes: not the one who drafted and submitted it.
    const self = await call('frpoc', 'POST', `/api/v1/requests/${draft.id}/transitions`, {
      to: 'approved',
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toContain('four-eyes');
    await move('frpoc2', draft.id, 'approved');
    const sent = await move('frpoc', draft.id, 'sent');
    expect(sent.state).toBe('sent');

    // In the outbox, not yet delivered: the recipient does not see it yet.
    expect((await get('frpoc', draft.id)).timeline.outbox).toEqual([
      expect.objectContaining({ state: 'sent', deliveredAt: null }),
    ]);
    expect((await call('depoc', 'GET', `/api/v1/requests/${draft.id}`)).statusCode).toBe(404);
    clock.advance(60_000);
    expect(await node.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });
    const inbox = (await call('depoc', 'GET', '/api/v1/requests?box=inbox')).json() as {
      requests: View[];
    };
    expect(inbox.requests.map((r) => [r.id, r.state])).toEqual([[draft.id, 'received']]);

    // The sender cannot answer for the recipient; the error names what it may do.
    const wrongSide = await call('frpoc', 'POST', `/api/v1/requests/${draft.id}/transitions`, {
      to: 'acknowledged',
    });
    expect(wrongSide.statusCode).toBe(409);
    expect(wrongSide.json().error.message).toBe(
      'R4 cannot go from received to acknowledged; allowed: withdrawn',
    );

    await move('depoc', draft.id, 'acknowledged');
    clock.set('2026-11-28T11:00:00.000Z');
    const preserved = await move('depoc', draft.id, 'preserved');
    // At least 60 days from preservation, expressed in the requested side's zone.
    expect(preserved.nextDeadline).toEqual({
      code: 'preservation',
      dueAt: '2027-01-27T11:00:00.000Z',
      zone: 'Europe/Berlin',
    });

    // R5: disclosure of the next hop, as a child of the R4, sent back to its requester.
    const r5 = await ok(
      'depoc',
      'POST',
      '/api/v1/requests',
      {
        type: 'R5',
        parentId: draft.id,
        fields: {
          next_hop_provider: { name: 'Transit NL', country: 'NL' },
          path_traffic_data: [
            { kind: 'ip', value: '192.0.2.44', timestamp: '2026-11-28T08:50:00Z' },
          ],
        },
      },
      201,
    );
    expect([r5.parentId, r5.recipientOrganizationId, r5.fields.preservation_ref]).toEqual([
      draft.id,
      orgs.fr,
      draft.id,
    ]);
    await move('depoc', r5.id, 'sent');
    await node.services.cooperation.dispatch();
    expect((await get('frpoc', r5.id)).state).toBe('received');

    // Extended once (refused a second time: the state machine allows it only from preserved).
    const ext = await move('depoc', draft.id, 'extended', {
      reason: 'Requester asked for more time',
    });
    expect(ext.nextDeadline!.dueAt).toBe('2027-03-28T10:00:00.000Z');

    // The follow-up R6 (four-eyes by a prosecutor-mapped role) holds the preservation on receipt.
    const r6 = await ok(
      'frinv',
      'POST',
      '/api/v1/requests',
      {
        type: 'R6',
        recipientOrganizationId: orgs.de,
        fields: {
          requesting_authority: { name: 'Parquet de Paris, J3', country: 'FR' },
          regime: 'bc_art27',
          offences: ['BC-5-system-interference'],
          facts: text('See the preservation request.'),
          measures: ['PRODUCTION_ORDER'],
          preservation_ref: draft.id,
          identifiers: [
            { kind: 'ip', value: '203.0.113.9', timestamp: '2026-11-28T08:55:00+01:00' },
          ],
          data_categories: ['traffic_data'],
        },
      },
      201,
    );
    await move('frinv', r6.id, 'pending_approval');
    await move('frinv2', r6.id, 'approved');
    await move('frinv', r6.id, 'sent');
    clock.set('2026-12-10T09:00:00.000Z');
    await node.services.cooperation.dispatch();
    const held = await get('depoc', draft.id);
    expect(held.state).toBe('follow_up_received');
    expect(held.timeline.deadlines).toEqual([
      expect.objectContaining({
        code: 'preservation',
        status: 'held',
        heldAt: '2026-12-10T09:00:00.000Z',
        extensions: 1,
      }),
    ]);

    const released = await move('depoc', draft.id, 'released');
    expect(released.state).toBe('released');
    const final = await get('frpoc', draft.id);
    expect(final.timeline.transitions.map((t) => t.to)).toEqual([
      'draft',
      'pending_approval',
      'approved',
      'sent',
      'received',
      'acknowledged',
      'preserved',
      'extended',
      'follow_up_received',
      'released',
    ]);
    expect(final.timeline.transitions[4]!.actor).toBe('service:cooperation-clock');
    expect(final.timeline.deadlines[0]!.status).toBe('met');

    // Every transition is in the audit chain, with its actor.
    const audit = await node.services.audit.list(node.actor('oversight'), {
      action: 'cooperation.transition',
      limit: 1000,
    });
    const mine = audit.entries.filter((e) => e.target === draft.id);
    expect(mine.map((e) => [e.actor, (e.details as { to: string }).to])).toContainEqual([
      'user:frpoc2',
      'approved',
    ]);
    expect(mine).toHaveLength(9);

    // Another organisation sees none of it.
    expect((await call('itpoc', 'GET', `/api/v1/requests/${draft.id}`)).statusCode).toBe(404);
    expect(
      ((await call('itpoc', 'GET', '/api/v1/requests')).json() as { requests: unknown[] }).requests,
    ).toEqual([]);
  });

  it('runs an emergency EPOC to a provider: 8 hours, reminders, overdue escalation, a data package', async () => {
    clock.set('2026-12-01T06:00:00.000Z');
    const e1 = await ok(
      'frinv',
      'POST',
      '/api/v1/requests',
      {
        type: 'E1',
        urgency: 'emergency',
        channel: 'eu_decentralised_it',
        recipientOrganizationId: orgs.isp,
        fields: {
          issuing_authority: { name: 'Parquet de Paris', country: 'FR' },
          file_number: text('PAR-2026-991'),
          addressee_type: 'designated_establishment',
          identifiers: [{ kind: 'email', value: 'kidnapper@example.net' }],
          data_categories: ['subscriber_information'],
          offences: ['BC-8-computer-fraud'],
          necessity_grounds: text('Identify the account holder.'),
          enforcing_state_notified: false,
        },
      },
      201,
    );
    // An emergency order states why (EU Reg 2023/1543 Art 10(4)).
    const noReasons = await call('frinv', 'POST', `/api/v1/requests/${e1.id}/transitions`, {
      to: 'pending_approval',
    });
    expect(noReasons.json().error.message).toContain(
      'EU Reg 2023/1543 Art 10(4): emergency_reasons is required',
    );
    await ok('frinv', 'PATCH', `/api/v1/requests/${e1.id}`, {
      fields: {
        ...e1.fields,
        emergency_reasons: text('A child is missing; the account contacted her last night.'),
      },
    });
    await move('frinv', e1.id, 'pending_approval');
    await move('frinv2', e1.id, 'approved');
    await move('frinv', e1.id, 'sent');
    // An authority cannot open the provider inbox.
    expect((await call('depoc', 'GET', '/api/v1/requests?box=provider')).statusCode).toBe(403);
    await node.services.cooperation.dispatch();
    const box = (await call('ispdesk', 'GET', '/api/v1/requests?box=provider')).json() as {
      requests: View[];
    };
    expect(box.requests.map((r) => [r.type, r.state, r.nextDeadline])).toEqual([
      [
        'E1',
        'received',
        { code: 'production', dueAt: '2026-12-01T14:00:00.000Z', zone: 'Europe/Berlin' },
      ],
    ]);

    // Less than a day left at once: the 1-day reminder, to the provider's contact point.
    expect(await node.services.cooperation.sweep()).toEqual({
      reminders: 1,
      escalations: 0,
      expired: 0,
    });
    expect(await node.services.cooperation.sweep()).toEqual({
      reminders: 0,
      escalations: 0,
      expired: 0,
    });
    clock.set('2026-12-01T10:00:00.000Z');
    expect(await node.services.cooperation.sweep()).toEqual({
      reminders: 1,
      escalations: 0,
      expired: 0,
    });
    clock.set('2026-12-01T14:00:00.000Z');
    expect(await node.services.cooperation.sweep()).toEqual({
      reminders: 0,
      escalations: 1,
      expired: 0,
    });
    const overdue = (await call('ispdesk', 'GET', '/api/v1/requests?overdue=true')).json() as {
      requests: View[];
    };
    expect(overdue.requests.map((r) => r.id)).toEqual([e1.id]);
    const seen = await get('ispdesk', e1.id);
    expect(
      seen.timeline.reminders.map((r) => [r.kind, r.leadMinutes, r.audience, r.userId]),
    ).toEqual([
      ['reminder', 1440, 'contact-point', userIds.ispdesk],
      ['reminder', 240, 'contact-point', userIds.ispdesk],
      ['escalation', null, 'contact-point', userIds.ispdesk],
      ['escalation', null, 'supervisor', userIds.ispboss],
    ]);
    // The requesting side does not see the provider's reminders.
    expect((await get('frinv', e1.id)).timeline.reminders).toEqual([]);
    expect(events.filter((e) => e.kind === 'cooperation.deadline')).toContainEqual({
      kind: 'cooperation.deadline',
      requestId: e1.id,
      deadline: 'production',
      notice: 'escalation',
      userIds: [userIds.ispdesk, userIds.ispboss],
    });

    // Cannot-comply needs an Annex III reason; the answer is a data package with hashes.
    const noGround = await call('ispdesk', 'POST', `/api/v1/requests/${e1.id}/transitions`, {
      to: 'cannot_comply',
      reason: 'x',
    });
    expect(noGround.statusCode).toBe(400);
    expect(noGround.json().error.message).toContain(
      'needs a ground, one of incomplete, manifest_errors',
    );
    const data = Buffer.from('{"subscriber":"J. Doe","since":"2024-03-01"}');
    const produced = await move('ispdesk', e1.id, 'produced', {
      files: [
        {
          name: 'subscriber.json',
          mediaType: 'application/json',
          contentBase64: data.toString('base64'),
        },
      ],
    });
    expect(produced.overdue).toBe(false);
    const withFiles = await get('frinv', e1.id);
    expect(withFiles.timeline.files).toEqual([
      expect.objectContaining({
        name: 'subscriber.json',
        size: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
      }),
    ]);
  });

  it('walks an R10 extradition request, and refuses a response to a withdrawn one', async () => {
    clock.set('2026-12-02T09:00:00.000Z');
    const fields = {
      requesting_authority: { name: 'Ministère de la Justice, BEPI', country: 'FR' },
      person_identity: text('John Doe, born 1990-01-01'),
      offences: ['BC-4-data-interference'],
      facts: text('Ransomware against a hospital.'),
      max_penalty_months: 60,
      warrant_reference: text('Mandat d’arrêt 2026/445'),
    };
    const short = await call('frinv', 'POST', '/api/v1/requests', {
      type: 'R10',
      recipientOrganizationId: orgs.de,
      fields: { ...fields, max_penalty_months: 6 },
    });
    expect(short.json().error.message).toContain(
      'BC Art 24(1)(a): max_penalty_months must be at least 12',
    );
    const r10 = await ok(
      'frinv',
      'POST',
      '/api/v1/requests',
      { type: 'R10', recipientOrganizationId: orgs.de, fields },
      201,
    );
    for (const [user, to] of [
      ['frinv', 'pending_approval'],
      ['frinv2', 'approved'],
      ['frinv', 'sent'],
    ] as const)
      await move(user, r10.id, to);
    await node.services.cooperation.dispatch();
    await move('deinv', r10.id, 'acknowledged');
    await move('deinv', r10.id, 'under_review');
    // Granting is four-eyes on the requested side: not the one who took it in.
    expect(
      (await call('deinv', 'POST', `/api/v1/requests/${r10.id}/transitions`, { to: 'granted' }))
        .statusCode,
    ).toBe(403);
    await move('deinv2', r10.id, 'granted');
    const done = await move('deinv', r10.id, 'surrendered');
    expect(done.state).toBe('surrendered');
    const after = await call('deinv', 'POST', `/api/v1/requests/${r10.id}/transitions`, {
      to: 'refused',
      ground: 'nationality',
    });
    expect(after.json().error.message).toBe(
      'R10 request is surrendered, a final state: no transition is allowed',
    );

    const second = await ok(
      'frinv',
      'POST',
      '/api/v1/requests',
      { type: 'R10', recipientOrganizationId: orgs.de, fields },
      201,
    );
    for (const [user, to] of [
      ['frinv', 'pending_approval'],
      ['frinv2', 'approved'],
      ['frinv', 'sent'],
    ] as const)
      await move(user, second.id, to);
    await node.services.cooperation.dispatch();
    await move('frinv', second.id, 'withdrawn', { reason: 'Person arrested in France' });
    const late = await call('deinv', 'POST', `/api/v1/requests/${second.id}/transitions`, {
      to: 'acknowledged',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe(
      'the R10 request was withdrawn by its sender: no response is accepted',
    );

    const metrics = (await call('frinv', 'GET', '/api/v1/requests/metrics')).json() as {
      counterparts: {
        counterpartId: string;
        sent: Record<string, number>;
        acknowledgeSeconds: { median: number | null };
      }[];
    };
    const de = metrics.counterparts.find((c) => c.counterpartId === orgs.de)!;
    expect(de.sent).toEqual({ R4: 1, R6: 1, R10: 2 });
  });
});
