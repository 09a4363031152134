import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../src/platform/actor.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';

/**
 * Issue 7, item 8: the cooperation figures count every request of the organisation — not the
 * newest page of a list — and only those its reader may see (a confidential request received
 * for named handlers stays out). The requests are written straight into the tables: the figures
 * read no request field, and 600 requests through the workflow would only slow the test.
 */
describeDialects('cooperation figures over all requests', (dialect) => {
  let node: TestNode;
  let bka: string;
  let actor: Actor;
  const SENT = 600;

  function request(i: number, over: Record<string, unknown>) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    return {
      id: randomUUID(),
      type: 'R4',
      state: 'preserved',
      urgency: 'normal',
      channel: 'direct',
      requester_org_id: node.organizationId,
      recipient_org_id: bka,
      parent_id: null,
      fields: '{}',
      created_by: 'test',
      created_by_user: null,
      handled_by_user: null,
      created_at: at,
      updated_at: at,
      sent_at: at,
      received_at: at,
      acknowledged_at: new Date(Date.parse(at) + 3_600_000).toISOString(),
      closed_at: null,
      confidential: 0,
      handlers: null,
      ...over,
    };
  }

  beforeAll(async () => {
    node = await makeTestNode(dialect);
    actor = node.actor('investigator' as Actor['role']);
    bka = (
      await node.services.auth.createOrganization(node.actor('admin'), {
        name: 'BKA',
        sector: 'law-enforcement',
        country: 'DE',
      })
    ).id;
    const db = node.db.handle.db;
    const sent = Array.from({ length: SENT }, (_, i) => request(i, {}));
    const received = [
      request(SENT, { type: 'R1', requester_org_id: bka, recipient_org_id: node.organizationId }),
      // Confidential (BC Art 27(8)) for a named handler: not the reader's to count.
      request(SENT + 1, {
        type: 'R1',
        requester_org_id: bka,
        recipient_org_id: node.organizationId,
        confidential: 1,
        handlers: JSON.stringify(['handler-only']),
      }),
      // A draft addressed to the organisation has not been received.
      request(SENT + 2, {
        type: 'R2',
        state: 'draft',
        requester_org_id: bka,
        recipient_org_id: node.organizationId,
        received_at: null,
      }),
    ];
    for (let i = 0; i < sent.length; i += 100)
      await db
        .insertInto('cooperation_requests' as never)
        .values(sent.slice(i, i + 100) as never)
        .execute();
    await db
      .insertInto('cooperation_requests' as never)
      .values(received as never)
      .execute();
    const transition = (requestId: string, to: string, ground: string) => ({
      id: randomUUID(),
      request_id: requestId,
      seq: 1,
      from_state: 'received',
      to_state: to,
      actor: 'test',
      actor_user: null,
      actor_org_id: bka,
      at: '2026-01-02T00:00:00.000Z',
      reason: null,
      ground,
    });
    await db
      .insertInto('cooperation_transitions' as never)
      .values([
        transition(sent[0]!.id, 'refused', 'dual_criminality'),
        transition(sent[SENT - 1]!.id, 'refused', 'dual_criminality'),
        transition(sent[1]!.id, 'postponed', 'ongoing_investigation'),
      ] as never)
      .execute();
    await db
      .insertInto('cooperation_deadlines' as never)
      .values({
        id: randomUUID(),
        request_id: sent[SENT - 1]!.id,
        code: 'preservation',
        rule: 'BC Art 29(7)',
        party: 'recipient',
        status: 'overdue',
        started_at: '2026-01-01T00:00:00.000Z',
        due_at: '2026-03-02T00:00:00.000Z',
        zone: 'Europe/Berlin',
        extensions: 0,
        reminded_leads: '[]',
        escalated_at: null,
        held_at: null,
        closed_at: null,
      } as never)
      .execute();
  });
  afterAll(async () => node?.close());

  it('counts all the requests, refusals and overdue clocks of the organisation', async () => {
    const figures = await node.services.cooperation.metrics(actor);
    expect(figures).toHaveLength(1);
    const de = figures[0]!;
    expect(de).toMatchObject({
      counterpartId: bka,
      country: 'DE',
      sent: { R4: SENT },
      received: { R1: 1 },
      refusalsByGround: { dual_criminality: 2 },
      overdue: 1,
      acknowledgeSeconds: { median: 3600, p90: 3600 },
    });
  });
});
