import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import { affectedParties, explainTrigger, type OutbreakEvent } from './outbreak-alert.js';
import { HASH, SUBJECT, at, detector, report, types } from './outbreak-test-kit.js';

function opened(events: readonly OutbreakEvent[]) {
  const e = events.find((x) => x.type === 'opened');
  if (!e) throw new Error(`no opened event in ${JSON.stringify(types(events))}`);
  return e.alert;
}

describe('spread rule: ≥ 3 organisations in ≥ 2 countries within 30 minutes', () => {
  it('opens on the report that reaches the threshold exactly, not before', () => {
    const { d } = detector();
    expect(d.observe(report(0, 'a', 'FR'))).toEqual([]);
    expect(d.observe(report(10, 'b', 'DE'))).toEqual([]);
    const alert = opened(d.observe(report(29, 'c', 'FR', [HASH], 59_999)));
    expect(alert).toMatchObject({
      status: 'open',
      severity: 'medium',
      openedAt: at(29, 59_999),
      firstSeen: at(0),
      lastSeen: at(29, 59_999),
      reportCount: 3,
      organisations: ['a', 'b', 'c'],
      countries: ['DE', 'FR'],
      keys: [HASH],
      trigger: {
        rule: 'spread',
        code: 'NH_OUTBREAK_SPREAD',
        key: HASH,
        params: {
          organisations: 3,
          countries: 2,
          windowSeconds: 1800,
          minOrganisations: 3,
          minCountries: 2,
        },
      },
    });
    expect(explainTrigger(alert.trigger)).toBe(
      `file-sha256 "${HASH.value}" was reported by 3 organisations in 2 countries within 30 ` +
        'minutes (threshold: 3 in 2)',
    );
    expect(affectedParties(alert)).toEqual({
      countries: ['DE', 'FR'],
      organisations: ['a', 'b', 'c'],
    });
  });

  it('a report exactly 30 minutes old has left the window', () => {
    const { d } = detector();
    d.observe(report(0, 'a', 'FR'));
    d.observe(report(10, 'b', 'DE'));
    expect(d.observe(report(30, 'c', 'FR'))).toEqual([]);
    // a fourth organisation within 30 minutes of b and c trips it; a is not part of the evidence
    const alert = opened(d.observe(report(31, 'd', 'FR')));
    expect(alert.organisations).toEqual(['b', 'c', 'd']);
    expect(alert.firstSeen).toBe(at(10));
  });

  it('the same organisation twice counts once', () => {
    const { d } = detector();
    d.observe(report(0, 'a', 'FR'));
    d.observe(report(1, 'a', 'DE'));
    expect(d.observe(report(2, 'b', 'FR'))).toEqual([]);
    expect(types(d.observe(report(3, 'c', 'FR')))).toEqual(['opened']);
  });

  it('a null country adds no country; three organisations in one country do not trip', () => {
    const { d } = detector();
    d.observe(report(0, 'a', 'FR'));
    d.observe(report(1, 'b', null));
    expect(d.observe(report(2, 'c', null))).toEqual([]);
    expect(d.observe(report(3, 'd', 'FR'))).toEqual([]);
    const alert = opened(d.observe(report(4, 'e', 'JP')));
    expect(alert.countries).toEqual(['FR', 'JP']);
    expect(alert.organisations).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('thresholds come from the settings', () => {
    const { d } = detector({ spreadMinOrganisations: 4 });
    d.observe(report(0, 'a', 'FR'));
    d.observe(report(1, 'b', 'DE'));
    expect(d.observe(report(2, 'c', 'FR'))).toEqual([]);
    expect(types(d.observe(report(3, 'd', 'FR')))).toEqual(['opened']);
  });
});

describe('growth rule: reports in the last 10 minutes ≥ 2 × the 10 minutes before', () => {
  /** `before` reports spread over minutes 0–9, then reports from minute 10 on. */
  function feed(before: number, orgs: readonly string[] = ['a', 'b']) {
    const { d } = detector();
    for (let i = 0; i < before; i++) d.observe(report(i, orgs[i % orgs.length] as string, 'FR'));
    return d;
  }

  it('opens on the report that doubles the base exactly', () => {
    const d = feed(5);
    for (let i = 0; i < 9; i++) expect(d.observe(report(10 + i / 2, 'a', 'FR'))).toEqual([]);
    const alert = opened(d.observe(report(15, 'b', 'FR')));
    expect(alert.trigger).toMatchObject({
      rule: 'growth',
      code: 'NH_OUTBREAK_GROWTH',
      params: { recentReports: 10, previousReports: 5, windowSeconds: 600, factor: 2, minBase: 5 },
    });
    expect(alert.reportCount).toBe(15);
    expect(alert.countries).toEqual(['FR']);
  });

  it('needs the minimum base: 4 → 8 does not fire, nor does 1 → 2', () => {
    const d = feed(4);
    for (let i = 0; i < 8; i++) expect(d.observe(report(10 + i / 2, 'b', 'FR'))).toEqual([]);
    const e = feed(1);
    expect(e.observe(report(10, 'a', 'FR'))).toEqual([]);
    expect(e.observe(report(11, 'b', 'FR'))).toEqual([]);
  });

  it('reports just before the earlier window do not count in the base', () => {
    const { d } = detector();
    d.observe(report(0, 'a', 'FR')); // left the earlier window (10, 20] by minute 20
    for (let i = 0; i < 4; i++) d.observe(report(10 + i, 'b', 'FR', [HASH], 1));
    for (let i = 0; i < 10; i++) expect(d.observe(report(20 + i / 2, 'a', 'FR'))).toEqual([]);
  });

  it('one organisation re-reporting faster does not fire (growthMinOrganisations)', () => {
    const d = feed(5, ['a']);
    for (let i = 0; i < 20; i++) expect(d.observe(report(10 + i / 4, 'a', 'FR'))).toEqual([]);
  });
});

describe('clustering', () => {
  it('the keys of one e-mail make one alert, and later reports of either key update it', () => {
    const { d } = detector({ updateIntervalSeconds: 0 });
    d.observe(report(0, 'a', 'FR', [SUBJECT, HASH]));
    d.observe(report(1, 'b', 'DE', [SUBJECT, HASH]));
    // tripped by the hash alone; the subject reported with it in the evidence joins at once
    const alert = opened(d.observe(report(2, 'c', 'FR', [HASH])));
    expect(alert.trigger.key).toEqual(HASH);
    expect(alert.keys).toEqual([SUBJECT, HASH]);
    expect(d.snapshot().trackedKeys).toBe(0);
    const next = d.observe(report(3, 'd', 'DE', [SUBJECT]));
    expect(types(next)).toEqual(['updated']);
    expect(next[0]?.alert.id).toBe(alert.id);
    expect(d.snapshot().alerts).toHaveLength(1);
  });

  it('a key reported alongside an alert key joins the alert instead of opening its own', () => {
    const { d } = detector({ updateIntervalSeconds: 0 });
    const url = { kind: 'url', value: 'http://203.0.113.7/love.vbs' };
    d.observe(report(0, 'a', 'FR'));
    d.observe(report(1, 'b', 'DE'));
    const alert = opened(d.observe(report(2, 'c', 'FR')));
    const joined = d.observe(report(3, 'd', 'FR', [HASH, url]));
    expect(joined[0]).toMatchObject({ type: 'updated', added: { keys: [url], reports: 1 } });
    // three more organisations in two countries report only the URL: no second alert
    for (const [i, [org, c]] of [
      ['e', 'JP'],
      ['f', 'US'],
      ['g', 'JP'],
    ].entries())
      expect(types(d.observe(report(4 + i, org as string, c as string, [url])))).toEqual([
        'updated',
      ]);
    expect(d.snapshot().alerts.map((a) => a.id)).toEqual([alert.id]);
  });

  it('a key that trips with evidence linked to an alert joins that alert, not a new one', () => {
    const { d } = detector({ updateIntervalSeconds: 0 });
    const url = { kind: 'url', value: 'http://203.0.113.9/x' };
    d.observe(report(0, 'm1', 'FR', [SUBJECT, url]));
    d.observe(report(1, 'm2', 'DE', [SUBJECT]));
    d.observe(report(2, 'x', 'FR'));
    d.observe(report(3, 'y', 'DE'));
    const alert = opened(d.observe(report(4, 'z', 'FR')));
    d.observe(report(5, 'w', 'FR', [HASH, url])); // the URL joins the hash's alert
    // the subject now has 3 organisations in 3 countries, and m1 sent it with the URL
    const events = d.observe(report(6, 'm3', 'JP', [SUBJECT]));
    expect(types(events)).toEqual(['updated']);
    expect(events[0]?.alert).toMatchObject({ id: alert.id, keys: [HASH, url, SUBJECT] });
    expect(d.snapshot().alerts).toHaveLength(1);
  });

  it('a report linking two alerts merges the younger into the older', () => {
    const { d } = detector({ updateIntervalSeconds: 0 });
    for (const [m, org, c] of [
      [0, 'a', 'FR'],
      [1, 'b', 'DE'],
      [2, 'c', 'FR'],
    ] as const)
      d.observe(report(m, org, c, [HASH]));
    for (const [m, org, c] of [
      [3, 'x', 'JP'],
      [4, 'y', 'KR'],
      [5, 'z', 'JP'],
    ] as const)
      d.observe(report(m, org, c, [SUBJECT]));
    const [older, younger] = d.snapshot().alerts;
    expect(older?.keys).toEqual([HASH]);
    expect(younger?.keys).toEqual([SUBJECT]);
    const events = d.observe(report(6, 'q', 'FR', [SUBJECT, HASH]));
    expect(types(events)).toEqual(['closed', 'updated']);
    expect(events[0]).toMatchObject({ reason: 'merged', mergedInto: older?.id });
    expect(events[1]).toMatchObject({
      alert: {
        id: older?.id,
        keys: [HASH, SUBJECT],
        reportCount: 7,
        countries: ['DE', 'FR', 'JP', 'KR'],
      },
      added: { countries: ['JP', 'KR'], organisations: ['q', 'x', 'y', 'z'], reports: 4 },
      merged: [younger?.id],
      severityFrom: 'medium',
    });
    expect(d.snapshot().alerts).toHaveLength(1);
  });

  it('benign (warninglisted) keys never open an alert and never join one', () => {
    const { d } = detector();
    const popular = { kind: 'domain', value: 'example.com', benign: 'Top sites' };
    for (let i = 0; i < 20; i++)
      expect(d.observe(report(i, `org-${i}`, i % 2 ? 'FR' : 'DE', [popular]))).toEqual([]);
    d.observe(report(21, 'a', 'FR', [HASH, popular]));
    d.observe(report(22, 'b', 'DE', [HASH]));
    expect(opened(d.observe(report(23, 'c', 'FR', [HASH]))).keys).toEqual([HASH]);
  });

  it('a very common key never opens an alert while it stays common', () => {
    const { d, clock } = detector({ veryCommonReports: 10 });
    for (let i = 0; i < 11; i++) d.observe(report(i / 10, 'a', 'FR'));
    expect(d.snapshot().commonKeys).toBe(1);
    expect(d.observe(report(2, 'b', 'DE'))).toEqual([]);
    expect(d.observe(report(3, 'c', 'JP'))).toEqual([]);
    // quiet for the longest window (30 minutes): forgotten, then it can trip again
    clock.set(at(33));
    d.tick();
    expect(d.snapshot()).toMatchObject({ trackedKeys: 0, commonKeys: 0 });
    d.observe(report(40, 'a', 'FR'));
    d.observe(report(41, 'b', 'DE'));
    expect(types(d.observe(report(42, 'c', 'JP')))).toEqual(['opened']);
  });
});

describe('alert ids and input', () => {
  it('ids are deterministic: same key and trip time, same id; another time, another id', () => {
    const run = (shift: number) => {
      const { d } = detector();
      d.observe(report(0, 'a', 'FR'));
      d.observe(report(1, 'b', 'DE'));
      return opened(d.observe(report(2 + shift, 'c', 'FR'))).id;
    };
    expect(run(0)).toBe(run(0));
    expect(run(0)).not.toBe(run(1));
    expect(run(0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a bad report throws naming the field and changes nothing', () => {
    const { d } = detector();
    d.observe(report(0, 'a', 'FR'));
    const bad = { ...report(1, 'b', 'DE'), keys: [HASH, { kind: 'url', value: '' }] };
    expect(() => d.observe(bad)).toThrow(DomainError);
    expect(() => d.observe(bad)).toThrow('keys/1/value');
    expect(d.snapshot()).toMatchObject({ at: at(0), trackedKeys: 1 });
  });

  it('a report older than the longest window is ignored', () => {
    const { d } = detector();
    d.observe(report(60, 'a', 'FR'));
    d.observe(report(61, 'b', 'DE'));
    expect(d.observe(report(31, 'c', 'FR'))).toEqual([]);
    expect(d.snapshot().at).toBe(at(61));
    expect(types(d.observe(report(32, 'c', 'FR', [HASH], 1)))).toEqual(['opened']);
  });
});
