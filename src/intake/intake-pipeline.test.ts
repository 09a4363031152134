import { describe, expect, it } from 'vitest';
import { validateStixObject, type StixObject } from '../stix/index.js';
import type { IntakeItem, IntakeObjects } from './intake-item.js';
import { createIntakePipeline, observationFolder } from './intake-pipeline.js';
import { ipObservable } from './observables.js';

const NOW = '2026-11-28T10:00:00.000Z';
const HOUR = 3_600_000;

function ip(value: string): StixObject {
  const r = ipObservable(value);
  if (!r.ok) throw new Error(r.reason);
  return r.sco;
}

function report(record: number, value: string, seen: string): IntakeObjects {
  const sco = ip(value);
  return {
    kind: 'objects',
    record,
    objects: [sco],
    observation: { subjectRef: sco.id, objectRefs: [sco.id], seen, labels: ['scanner'] },
  };
}

async function run(
  items: IntakeItem[],
  settings: Partial<Parameters<typeof createIntakePipeline>[0]> = {},
) {
  const pipeline = createIntakePipeline({
    source: 'org|feed:test',
    dedupWindowMs: HOUR,
    now: NOW,
    ...settings,
  });
  const out: StixObject[] = [];
  async function* source() {
    yield* items;
  }
  for await (const o of pipeline.run(source())) out.push(o);
  return { out, pipeline };
}

describe('intake pipeline', () => {
  it('folds reports of one observable by one source within a window, and keeps windows apart', async () => {
    const { out, pipeline } = await run([
      report(1, '192.0.2.1', '2026-11-28T08:10:00.000Z'),
      report(2, '192.0.2.1', '2026-11-28T08:50:00.000Z'),
      report(3, '192.0.2.1', '2026-11-28T08:20:00.000Z'),
      report(4, '192.0.2.1', '2026-11-28T09:05:00.000Z'),
      { kind: 'error', record: 5, line: 5, reason: 'bad' },
    ]);
    const scos = out.filter((o) => o.type === 'ipv4-addr');
    const observations = out.filter((o) => o.type === 'observed-data');
    expect(scos).toHaveLength(1);
    expect(observations).toHaveLength(2);
    expect(observations[0]).toMatchObject({
      number_observed: 3,
      first_observed: '2026-11-28T08:10:00.000Z',
      last_observed: '2026-11-28T08:50:00.000Z',
      object_refs: [scos[0]!.id],
      labels: ['scanner'],
    });
    expect(observations[1]).toMatchObject({ number_observed: 1 });
    for (const o of out) expect(validateStixObject(o)).toEqual([]);
    expect(pipeline.report).toMatchObject({ records: 5, folded: 2, errorCount: 1 });
    expect(pipeline.report.errors).toEqual([{ kind: 'error', record: 5, line: 5, reason: 'bad' }]);
  });

  it('gives the same observation id to the same source, observable and window on any run', async () => {
    const a = await run([report(1, '192.0.2.1', '2026-11-28T08:10:00.000Z')]);
    const b = await run([report(1, '192.0.2.1', '2026-11-28T08:59:00.000Z')]);
    const other = await run([report(1, '192.0.2.1', '2026-11-28T08:10:00.000Z')], {
      source: 'org|feed:other',
    });
    const id = (r: typeof a) => r.out.find((o) => o.type === 'observed-data')!.id;
    expect(id(a)).toBe(id(b));
    expect(id(a)).not.toBe(id(other));
  });

  it('keeps memory bounded: open observations are flushed when there are too many', async () => {
    const items = Array.from({ length: 10 }, (_, i) =>
      report(i + 1, `192.0.2.${i}`, '2026-11-28T08:00:00.000Z'),
    );
    const { out } = await run([...items, ...items], { maxOpenObservations: 4 });
    // 10 observables, each sent once; 20 reports in windows flushed every 4 → more than 10
    // observation versions, that the store folds together.
    expect(out.filter((o) => o.type === 'ipv4-addr')).toHaveLength(10);
    const observations = out.filter((o) => o.type === 'observed-data');
    expect(observations.length).toBeGreaterThan(10);
    const total = observations.reduce((n, o) => n + Number(o.number_observed), 0);
    expect(total).toBe(20);
  });

  it('enriches each observable once and remembers records’ distributions', async () => {
    let calls = 0;
    const item: IntakeItem = { ...report(1, '192.0.2.7', NOW), distribution: 'organisation' };
    const { out, pipeline } = await run([item, item], {
      enrich: (o) => {
        calls += 1;
        return { ...o, x_seen: true } as StixObject;
      },
    });
    expect(calls).toBe(1);
    const sco = out.find((o) => o.type === 'ipv4-addr')!;
    expect(sco).toMatchObject({ x_seen: true });
    expect(pipeline.distributionOf(sco)).toBe('organisation');
    expect(pipeline.distributionOf(out.find((o) => o.type === 'observed-data')!)).toBe(
      'organisation',
    );
  });
});

describe('observationFolder', () => {
  it('adds counts, widens first/last seen, keeps created and moves modified forward', async () => {
    const { out } = await run([report(1, '192.0.2.1', '2026-11-28T08:10:00.000Z')]);
    const stored = out.find((o) => o.type === 'observed-data')!;
    const later = {
      ...stored,
      created: '2026-11-28T11:00:00.000Z',
      modified: '2026-11-28T11:00:00.000Z',
      first_observed: '2026-11-28T08:05:00.000Z',
      last_observed: '2026-11-28T08:30:00.000Z',
      number_observed: 2,
    } as StixObject;
    expect(observationFolder.applies(later)).toBe(true);
    expect(observationFolder.applies({ ...later, extensions: {} })).toBe(false);
    const merged = observationFolder.merge(later, stored);
    expect(merged).toMatchObject({
      created: stored.created,
      modified: '2026-11-28T11:00:00.000Z',
      first_observed: '2026-11-28T08:05:00.000Z',
      last_observed: '2026-11-28T08:30:00.000Z',
      number_observed: 3,
    });
    // Same intake time twice: the merged version still comes after the stored one.
    expect(observationFolder.merge(stored, stored).modified).toBe('2026-11-28T10:00:00.001Z');
    expect(validateStixObject(merged)).toEqual([]);
  });
});
