import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from '../src/platform/actor.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';

/** Issue 8, item 5: unusual-access alerts, listed and streamed to oversight. */
describeDialects('unusual-access alerts on the audit', (dialect) => {
  const clock = fixedClock('2026-10-20T00:00:00Z');
  let node: TestNode;
  const user = (username: string): Actor => ({
    kind: 'user',
    userId: `u-${username}`,
    username,
    organizationId: node.organizationId,
    role: 'analyst',
    via: 'session',
  });

  beforeEach(async () => {
    clock.set('2026-10-20T00:00:00Z');
    node = await makeTestNode(dialect, {
      clock,
      env: {
        NOHAVEN_AUDIT_POLL_MS: '0',
        NOHAVEN_AUDIT_ALERT_BULK_READS: '50',
        NOHAVEN_AUDIT_ALERT_RATE_MINIMUM: '20',
        NOHAVEN_AUDIT_ALERT_RATE_FACTOR: '5',
        NOHAVEN_AUDIT_ALERT_WORKING_HOURS: '08-18',
      },
    });
  });
  afterEach(async () => {
    await node.close();
  });

  async function at(time: string, actor: Actor, action: string, count?: number): Promise<void> {
    clock.set(time);
    await node.services.audit.append(node.db.handle.db, actor, {
      action,
      target: null,
      ...(count === undefined ? {} : { details: { count, ids: [] } }),
    });
  }

  it('raises bulk access, unusual rate and after-hours break-glass, once, and streams them to oversight', async () => {
    // Baselines: alice reads little; bob reads a lot, every day.
    for (const day of ['2026-10-29', '2026-10-30', '2026-10-31']) {
      await at(`${day}T10:00:00Z`, user('alice'), 'object.read', 2);
    }
    await at('2026-10-25T10:00:00Z', user('bob'), 'object.list', 3360);
    // Monday 2 November, 10:00–11:00.
    await at('2026-11-02T10:05:00Z', user('alice'), 'object.list', 40);
    await at('2026-11-02T10:06:00Z', user('alice'), 'object.read', 1);
    await at('2026-11-02T10:07:00Z', user('alice'), 'object.list', 19);
    await at('2026-11-02T10:10:00Z', user('bob'), 'object.list', 30);
    await at('2026-11-02T10:30:00Z', user('dave'), 'break-glass.open');
    await at('2026-11-02T22:30:00Z', user('carol'), 'break-glass.open');
    await at('2026-11-02T22:31:00Z', user('carol'), 'object.read.break-glass', 3);

    const oversight = await node.services.stream.open(node.actor('oversight'), {
      since: null,
      types: null,
      queueLimit: 100,
    });
    // The sweep starts with the last whole window; the cursor then catches up window by window.
    await node.db.handle.db
      .insertInto('node_settings')
      .values({ key: 'audit.alerts.evaluated-until', value: '2026-11-02T00:00:00.000Z' })
      .execute();
    clock.set('2026-11-03T00:00:00Z');
    expect(await node.services.auditAlerts.tick()).toBe(4);
    expect(await node.services.auditAlerts.tick()).toBe(0);

    const alerts = await node.services.auditAlerts.list(node.actor('oversight'), {});
    expect(alerts.map((a) => [a.rule, a.subject, a.count]).sort()).toEqual([
      ['break-glass-after-hours', 'user:carol', 1],
      ['break-glass-after-hours', 'user:carol', 3],
      ['bulk-access', 'user:alice', 60],
      ['unusual-rate', 'user:alice', 60],
    ]);
    const bulk = alerts.find((a) => a.rule === 'bulk-access')!;
    expect(bulk).toMatchObject({
      windowStart: '2026-11-02T10:00:00.000Z',
      windowEnd: '2026-11-02T11:00:00.000Z',
    });
    expect(bulk.seqs).toHaveLength(3);

    const it = oversight[Symbol.asyncIterator]();
    const received: string[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await it.next();
      if (m.done || m.value.kind !== 'audit-alert') throw new Error('expected an audit alert');
      received.push((JSON.parse(m.value.content) as { rule: string }).rule);
    }
    expect(received.sort()).toEqual(alerts.map((a) => a.rule).sort());
    await oversight.close();

    await expect(node.services.auditAlerts.list(node.actor('analyst'), {})).rejects.toMatchObject({
      code: 'NH_ERR_FORBIDDEN',
    });
    const res = await node.app.inject({
      method: 'GET',
      url: '/api/v1/audit/alerts?limit=2',
      headers: { cookie: await node.signIn() },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().alerts).toHaveLength(2);
  });
});
