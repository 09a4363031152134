/**
 * Issue 8, item 3: the retention job finds aged-out indicators through the partial index on
 * their `valid_until` (migration 0020) instead of reading every latest indicator — the query
 * answers exactly the indicators due, and both planners use the index for it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { indicatorsQuery } from '../src/oversight/retention-sources.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { indicator } from './support/stix-fixtures.js';

describeDialects('aged-out indicators by index', (dialect) => {
  let node: TestNode;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    node = await makeTestNode(dialect);
    const objects = [
      ['old', { valid_until: '2026-01-31T00:00:00Z' }],
      ['edge', { valid_until: '2026-02-20T12:00:00.000Z' }],
      ['fresh', { valid_until: '2026-03-01T00:00:00Z' }],
      ['endless', {}],
    ] as const;
    const made = objects.map(([name, extra]) => {
      const o = indicator(extra);
      ids[name] = o.id;
      return o;
    });
    await node.services.objects.ingest(node.actor(), made, { mode: 'atomic' });
  });
  afterAll(async () => node?.close());

  const query = (dueBy?: Date) =>
    indicatorsQuery(node.db.handle.db, node.db.handle.capabilities, 10, undefined, dueBy);

  it('answers the indicators due by a time, and every one with a valid_until without it', async () => {
    const due = await query(new Date('2026-03-02T12:00:00.000Z')).execute();
    expect(due.map((r) => r.id).sort()).toEqual([ids.old, ids.edge].sort());
    // The index narrows to the second; retention then compares the exact times.
    const secondBefore = await query(new Date('2026-03-02T11:59:58.999Z')).execute();
    expect(secondBefore.map((r) => r.id)).toEqual([ids.old]);
    const all = await query().execute();
    expect(all.map((r) => r.id).sort()).toEqual([ids.old, ids.edge, ids.fresh].sort());
  });

  it('is planned on the valid_until index', async () => {
    const db = node.db.handle.db;
    const compiled = query(new Date('2026-03-02T12:00:00.000Z')).compile();
    if (node.db.handle.capabilities.name === 'sqlite') {
      // SQLite weighs the indexes by statistics (ANALYZE); `INDEXED BY` fails ("no query
      // solution") unless the index's expression and predicate match the query's.
      const forced = compiled.sql.replace(
        'from "stix_objects"',
        'from "stix_objects" indexed by "stix_objects_indicator_valid_until"',
      );
      expect(forced).not.toBe(compiled.sql);
      const plan = await db.executeQuery({ ...compiled, sql: `explain query plan ${forced}` });
      expect(JSON.stringify(plan.rows)).toContain('stix_objects_indicator_valid_until');
      expect((await db.executeQuery({ ...compiled, sql: forced })).rows).toHaveLength(2);
      return;
    }
    const plan = await db.transaction().execute(async (trx) => {
      // A few rows: the planner would rather scan the table; forbid that to see the index.
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await trx.executeQuery({ ...compiled, sql: `explain ${compiled.sql}` });
      return JSON.stringify(rows.rows);
    });
    expect(plan).toContain('stix_objects_indicator_valid_until');
  });
});
