import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../audit/audit.service.js';
import type { ObjectRecord } from '../objects/object.repository.js';
import type { Database } from '../platform/database/schema.js';
import type { Reader } from '../policy/read-policy.js';
import { createSubscriber, type StreamMessage } from './stream.subscriber.js';

/** The subscriber's ordering, de-duplication and overflow, with a scripted catch-up. */

const ORG = 'identity--00000000-0000-4000-8000-000000000001';
const OTHER = 'identity--00000000-0000-4000-8000-000000000002';
const reader: Reader = {
  organizationId: ORG,
  userId: 'u1',
  sharingGroupIds: [],
  breakGlass: false,
};

function row(seq: number, over: Partial<ObjectRecord> = {}): ObjectRecord {
  const id = `indicator--00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    seq,
    id,
    type: 'indicator',
    modified: '2026-01-01T00:00:00.000Z',
    created: null,
    spec_version: '2.1',
    date_added: '2026-01-01T00:00:00.000000Z',
    revoked: 0,
    is_latest: 1,
    created_by_ref: null,
    name: null,
    description: null,
    tlp: 'green',
    owner_org_id: ORG,
    distribution: 'community',
    content: JSON.stringify({ id, type: 'indicator' }),
    ...over,
  };
}

function setup(options: {
  since: number | null;
  types?: string[] | null;
  queueLimit?: number;
  catchUp?: (afterSeq: number) => ObjectRecord[];
  duringCatchUp?: () => void;
}) {
  const audited: Record<string, unknown>[] = [];
  const audit = {
    append: async (_db: unknown, _actor: unknown, entry: { details?: unknown }) => {
      audited.push(entry.details as Record<string, unknown>);
    },
  } as unknown as AuditLog;
  let detached = 0;
  const s = createSubscriber({
    db: {} as Kysely<Database>,
    audit,
    actor: { kind: 'service', name: 'test', organizationId: ORG, role: 'analyst' },
    reader,
    options: {
      since: options.since,
      types: options.types ?? null,
      queueLimit: options.queueLimit ?? 100,
    },
    async catchUp(_filter, afterSeq) {
      options.duringCatchUp?.();
      return options.catchUp?.(afterSeq) ?? [];
    },
    detach: () => void detached++,
  });
  return { s, audited, detached: () => detached };
}

async function take(it: AsyncIterator<StreamMessage>, n: number): Promise<StreamMessage[]> {
  const out: StreamMessage[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

const seqs = (ms: StreamMessage[]) => ms.map((m) => (m.kind === 'object' ? m.seq : m.kind));

describe('stream subscriber', () => {
  it('an event published during the catch-up for a version the catch-up also read is sent once', async () => {
    const committed = [row(5), row(6), row(7)];
    // 7 committed before the catch-up read it, its event published while the catch-up ran.
    const t = setup({
      since: 4,
      catchUp: (after) => committed.filter((r) => Number(r.seq) > after),
      duringCatchUp: () => t.s.offer([row(7), row(8)], reader, new Map()),
    });
    const it = t.s.subscription[Symbol.asyncIterator]();
    expect(seqs(await take(it, 4))).toEqual([5, 6, 7, 8]);
    t.s.offer([row(7), row(9)], reader, new Map());
    expect(seqs(await take(it, 1))).toEqual([9]);
    await t.s.subscription.close();
    expect((await it.next()).done).toBe(true);
    expect(t.detached()).toBe(1);
  });

  it('offers only what the reader may read and what the types ask for', async () => {
    const t = setup({ since: null, types: ['indicator'] });
    const it = t.s.subscription[Symbol.asyncIterator]();
    t.s.offer(
      [
        row(1, { tlp: 'amber', owner_org_id: OTHER }),
        row(2, { type: 'malware' }),
        row(3, { tlp: 'red' }),
        row(4, { tlp: 'amber', owner_org_id: OTHER }),
        row(5),
      ],
      reader,
      new Map([[row(4).id, { organizations: [ORG], users: [] }]]),
    );
    expect(seqs(await take(it, 2))).toEqual([4, 5]);
    await t.s.subscription.close();
    expect(t.audited).toEqual([{ count: 2, ids: [row(4).id, row(5).id] }]);
  });

  it('beyond the queue bound the subscription ends with one overflow message', async () => {
    const t = setup({ since: null, queueLimit: 2 });
    const it = t.s.subscription[Symbol.asyncIterator]();
    t.s.offer([row(1)], reader, new Map());
    expect(seqs(await take(it, 1))).toEqual([1]);
    t.s.offer([row(2), row(3), row(4)], reader, new Map());
    t.s.offer([row(5)], reader, new Map());
    expect(seqs(await take(it, 5))).toEqual(['overflow']);
  });
});
