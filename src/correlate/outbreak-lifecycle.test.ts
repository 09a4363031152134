import { describe, expect, it } from 'vitest';
import type { OutbreakEvent } from './outbreak-alert.js';
import { at, detector, report, types } from './outbreak-test-kit.js';

/** A detector with an alert opened at minute 2 (organisations a, b, c in FR and DE). */
function withAlert(settings: Record<string, unknown> = {}) {
  const t = detector(settings);
  t.d.observe(report(0, 'a', 'FR'));
  t.d.observe(report(1, 'b', 'DE'));
  const [open] = t.d.observe(report(2, 'c', 'FR'));
  if (open?.type !== 'opened') throw new Error('no alert');
  return { ...t, id: open.alert.id };
}

function updated(e: OutbreakEvent | undefined) {
  if (e?.type !== 'updated') throw new Error(`expected updated, got ${e?.type}`);
  return e;
}

describe('updates are rate-limited per alert (default: one per 5 minutes)', () => {
  it('holds growth in known countries, then sends it folded into one update', () => {
    const { d } = withAlert({ highOrganisations: 100, criticalOrganisations: 100 });
    // a flood: 200 reports from 20 organisations in the alert's countries within 4 minutes
    for (let i = 0; i < 200; i++)
      expect(d.observe(report(2 + i / 50, `org-${i % 20}`, i % 2 ? 'FR' : 'DE'))).toEqual([]);
    const e = updated(d.observe(report(7, 'org-0', 'FR'))[0]);
    expect(e.at).toBe(at(7));
    expect(e.added.reports).toBe(201);
    expect(e.added.organisations).toHaveLength(20);
    expect(e.added.countries).toEqual([]);
    expect(e.alert.reportCount).toBe(204);
    // and the next one waits again
    expect(d.observe(report(8, 'org-1', 'DE'))).toEqual([]);
  });

  it('tick sends a held update once the interval has passed, not before', () => {
    const { d, clock } = withAlert();
    d.observe(report(3, 'd', 'FR'));
    clock.set(at(6, 59_999));
    expect(d.tick()).toEqual([]);
    clock.set(at(7));
    const e = updated(d.tick()[0]);
    expect(e.added).toEqual({ reports: 1, organisations: ['d'], countries: [], keys: [] });
    expect(d.tick()).toEqual([]);
  });

  it('a new country is announced at once', () => {
    const { d } = withAlert();
    d.observe(report(3, 'd', 'FR'));
    const e = updated(d.observe(report(3, 'e', 'JP'))[0]);
    expect(e.added).toMatchObject({ reports: 2, organisations: ['d', 'e'], countries: ['JP'] });
    expect(e.alert.countries).toEqual(['DE', 'FR', 'JP']);
  });

  it('a rise in severity is announced at once, with the severity it rose from', () => {
    const { d } = withAlert({ highOrganisations: 5 });
    expect(d.observe(report(3, 'd', 'FR'))).toEqual([]);
    const e = updated(d.observe(report(3, 'e', 'FR'))[0]);
    expect(e.severityFrom).toBe('medium');
    expect(e.alert.severity).toBe('high');
    expect(updated(d.observe(report(3, 'f', 'IT'))[0]).severityFrom).toBeNull();
  });

  it('severity follows countries and organisations: medium, high, critical', () => {
    const { d } = withAlert({ updateIntervalSeconds: 0 });
    const severities = ['IT', 'ES', 'PT', 'NL', 'BE', 'LU'].map(
      (c, i) => updated(d.observe(report(3 + i, `x-${c}`, c))[0]).alert.severity,
    );
    // 3, 4 … 8 countries: high from 4, critical from 8
    expect(severities).toEqual(['medium', 'high', 'high', 'high', 'high', 'critical']);
  });
});

describe('closing and memory', () => {
  it('an alert closes after the quiet period (default 1 hour), its keys free again', () => {
    const { d, clock, id } = withAlert();
    expect(types(d.observe(report(10, 'd', 'FR')))).toEqual(['updated']);
    clock.set(at(69, 59_999));
    expect(d.tick()).toEqual([]);
    clock.set(at(70));
    const [closed] = d.tick();
    expect(closed).toMatchObject({
      type: 'closed',
      reason: 'quiet',
      mergedInto: null,
      alert: { id, status: 'closed', closedAt: at(70), reportCount: 4 },
    });
    expect(d.snapshot().alerts).toEqual([]);
    expect(d.alert(id)).toBeUndefined();
    // a new wave opens a new alert (new trip time, new id)
    d.observe(report(80, 'a', 'FR'));
    d.observe(report(81, 'b', 'DE'));
    const [again] = d.observe(report(82, 'c', 'FR'));
    expect(again?.type).toBe('opened');
    expect(again?.alert.id).not.toBe(id);
  });

  it('a report after the quiet period closes the old alert first', () => {
    const { d, id } = withAlert();
    const events = d.observe(report(62, 'a', 'FR'));
    expect(events).toEqual([
      expect.objectContaining({ type: 'closed', alert: expect.objectContaining({ id }) }),
    ]);
  });

  it('windows older than the longest window are evicted without reports', () => {
    const { d, clock } = detector();
    d.observe(report(0, 'a', 'FR', [{ kind: 'url', value: 'http://192.0.2.1/a' }]));
    d.observe(report(5, 'a', 'FR', [{ kind: 'url', value: 'http://192.0.2.1/b' }]));
    clock.set(at(30));
    d.tick();
    expect(d.snapshot().trackedKeys).toBe(1);
    clock.set(at(35));
    d.tick();
    expect(d.snapshot().trackedKeys).toBe(0);
  });

  it('a million distinct one-off keys keep the tracked set at maxTrackedKeys (LRU)', () => {
    const { d } = detector({ maxTrackedKeys: 5000 });
    let max = 0;
    for (let i = 0; i < 1_000_000; i++) {
      d.observe({
        at: at(0, i),
        organisationId: `org-${i % 7}`,
        country: i % 2 ? 'FR' : 'DE',
        keys: [{ kind: 'file-md5', value: i.toString(16).padStart(32, '0') }],
      });
      if (i % 50_000 === 0) max = Math.max(max, d.snapshot().trackedKeys);
    }
    expect(d.snapshot().trackedKeys).toBe(5000);
    expect(max).toBeLessThanOrEqual(5000);
    // the least recently reported went first: a recent key still counts towards a trip
    const recent = { kind: 'file-md5', value: (999_999).toString(16).padStart(32, '0') };
    d.observe({ at: at(17), organisationId: 'x', country: 'JP', keys: [recent] });
    expect(
      types(d.observe({ at: at(17), organisationId: 'y', country: 'JP', keys: [recent] })),
    ).toEqual(['opened']);
  }, 120_000);
});
