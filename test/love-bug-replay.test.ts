/**
 * Issue 5, item 3 — the Love-Bug replay: the ILOVEYOU worm of 4 May 2000 "following the sun"
 * (Hong Kong and the Philippines first, then Europe's working day, then the Americas; facts from
 * `reference/love-bug.md`), replayed through the outbreak detector on a fake clock, interleaved
 * with benign noise. The attachment hash is made up; no value here is fetched or resolved.
 */
import { describe, expect, it } from 'vitest';
import { affectedParties, type OutbreakEvent } from '../src/correlate/outbreak-alert.js';
import { createOutbreakDetector } from '../src/correlate/outbreak-detector.js';
import type { ClusterKey, OutbreakReport } from '../src/correlate/outbreak-report.js';
import { parseOutbreakSettings } from '../src/correlate/outbreak-settings.js';
import { fixedClock } from '../src/platform/ports.js';

const SUBJECT: ClusterKey = { kind: 'email-subject', value: 'ILOVEYOU' };
const HASH: ClusterKey = {
  kind: 'file-sha256',
  value: '8148d3ef7c5e705f9a80dcf15723578734fcae5721a3ae42c2ccd83e5dd55e57', // made up
};
const NAME: ClusterKey = { kind: 'file-name', value: 'LOVE-LETTER-FOR-YOU.TXT.vbs' };
const POPULAR: ClusterKey = { kind: 'domain', value: 'example.com', benign: 'Top sites' };
const FLOODED: ClusterKey = { kind: 'url', value: 'http://198.51.100.23/update.exe' };

const DAY = Date.UTC(2000, 4, 4);
/** `HH:MM[:SS]` on 4 May 2000, UTC, in epoch ms. */
const t = (hhmm: string): number => {
  const [h, m, sec] = hhmm.split(':').map(Number);
  return DAY + ((h ?? 0) * 3600 + (m ?? 0) * 60 + (sec ?? 0)) * 1000;
};
const iso = (hhmm: string): string => new Date(t(hhmm)).toISOString();

interface Step {
  readonly label: string;
  readonly report: OutbreakReport;
}
const step = (hhmm: string, org: string, country: string | null, keys: ClusterKey[]): Step => ({
  label: `${hhmm} ${org}`,
  report: { at: iso(hhmm), organisationId: org, country, keys },
});

/** The worm, as reported by organisations around the world (times UTC). */
const WORM: Step[] = [
  step('06:50', 'hk-bank-1', 'HK', [SUBJECT, HASH, NAME]),
  step('07:05', 'ph-isp', 'PH', [SUBJECT, HASH, NAME]),
  step('07:30', 'hk-bank-2', 'HK', [SUBJECT, HASH]),
  step('07:34', 'hk-av-lab', 'HK', [HASH]), // 3 organisations, 2 countries within 30 min
  step('07:36', 'hk-bank-1', 'HK', [SUBJECT]),
  step('08:05', 'gb-parliament', 'GB', [SUBJECT]),
  step('08:06', 'gb-isp', 'GB', [SUBJECT, HASH, NAME]),
  step('08:07', 'de-bank', 'DE', [SUBJECT]),
  step('08:08', 'de-isp', 'DE', [HASH]),
  step('08:09', 'fr-bank', 'FR', [SUBJECT]),
  step('08:10', 'fr-cert', 'FR', [HASH, NAME]),
  step('08:11', 'gb-bank', 'GB', [SUBJECT]),
  step('08:12', 'de-av', 'DE', [NAME]),
  step('08:40', 'it-bank', 'IT', [SUBJECT]),
  step('09:15', 'nl-isp', 'NL', [SUBJECT, HASH]),
  step('09:50', 'be-gov', 'BE', [SUBJECT]),
  step('10:30', 'se-isp', 'SE', [HASH]),
  step('11:20', 'dk-bank', 'DK', [SUBJECT]),
  step('12:10', 'es-isp', 'ES', [SUBJECT]),
  step('13:00', 'us-cert', 'US', [SUBJECT, HASH, NAME]),
  step('13:20', 'us-utility', 'US', [SUBJECT]),
  step('13:45', 'ca-bank', 'CA', [HASH]),
  step('14:10', 'br-isp', 'BR', [SUBJECT]),
  step('14:30', 'us-agency', 'US', [SUBJECT]),
  step('15:00', 'mx-isp', 'MX', [HASH]),
];

const COUNTRIES = ['HK', 'PH', 'GB', 'DE', 'FR', 'IT', 'NL', 'BE', 'US', 'CA', 'JP', 'AU'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Benign noise over the same hours. */
function noise(): Step[] {
  const out: Step[] = [];
  // A popular, warninglisted domain reported by 40 organisations in 12 countries.
  for (let i = 0; i < 40; i++) {
    const min = 7 * 60 + i * 10 + 3;
    const hhmm = `${pad(Math.floor(min / 60))}:${pad(min % 60)}`;
    out.push(step(hhmm, `noise-org-${i}`, COUNTRIES[i % COUNTRIES.length] ?? null, [POPULAR]));
  }
  // Unrelated one-off values, each reported once, some without a country.
  for (let i = 0; i < 60; i++) {
    const min = 6 * 60 + 45 + i * 7;
    const hhmm = `${pad(Math.floor(min / 60))}:${pad(min % 60)}:17`;
    const key = { kind: 'url', value: `http://192.0.2.${i}/one-off/${i}` };
    out.push(step(hhmm, `other-org-${i % 9}`, i % 5 ? (COUNTRIES[i % 7] ?? null) : null, [key]));
  }
  // One organisation reporting the same value 100 times, faster and faster: 5 in ten minutes,
  // then 95 in the next ten (a "doubling", but from one organisation only).
  for (let i = 0; i < 5; i++) out.push(step(`09:0${2 * i}`, 'de-isp', 'DE', [FLOODED]));
  for (let i = 0; i < 95; i++) {
    const sec = 600 + Math.floor((i * 599) / 95);
    const hhmm = `09:${pad(Math.floor(sec / 60))}:${pad(sec % 60)}`;
    out.push(step(hhmm, 'de-isp', 'DE', [FLOODED]));
  }
  return out;
}

interface Logged {
  readonly cause: string;
  readonly event: OutbreakEvent;
}

/**
 * Replays worm and noise in time order on a fake clock that ticks every minute from 06:00 to
 * 16:30; returns every event with the report (or tick) that caused it.
 */
function replay(settings: Record<string, unknown> = {}, steps: Step[] = [...WORM, ...noise()]) {
  const clock = fixedClock(iso('06:00'));
  const d = createOutbreakDetector({ clock, settings: parseOutbreakSettings(settings) });
  // Stable sort: at equal times the worm's report comes before the noise.
  const queue = [...steps].sort((a, b) => Date.parse(a.report.at) - Date.parse(b.report.at));
  const log: Logged[] = [];
  let next = 0;
  for (let minute = t('06:00'); minute <= t('16:30'); minute += 60_000) {
    for (; next < queue.length && Date.parse(queue[next]!.report.at) < minute + 60_000; next++) {
      const s = queue[next]!;
      for (const event of d.observe(s.report)) log.push({ cause: s.label, event });
    }
    clock.set(new Date(minute + 60_000));
    for (const event of d.tick())
      log.push({ cause: `tick ${clock.now().toISOString().slice(11, 16)}`, event });
  }
  expect(next).toBe(queue.length);
  return { log, d };
}

/** The events of the worm's alert, compactly: cause, type, countries added, severity (from). */
function summary(log: readonly Logged[]): string[] {
  return log.map(({ cause, event }) => {
    const base = `${cause} ${event.type} ${event.alert.severity}`;
    if (event.type === 'updated')
      return `${base}${event.severityFrom ? ` (from ${event.severityFrom})` : ''} +${event.added.reports} [${event.added.countries.join(' ')}]`;
    return event.type === 'closed' ? `${base} ${event.reason} ${event.alert.closedAt}` : base;
  });
}

function expectRateLimited(log: readonly Logged[]): void {
  let last = Number.NaN;
  for (const { event } of log) {
    const now = Date.parse(event.at);
    if (event.type === 'updated' && event.added.countries.length === 0 && !event.severityFrom)
      expect(now - last).toBeGreaterThanOrEqual(5 * 60_000);
    last = now;
  }
}

describe('Love-Bug replay (issue 5, item 3)', () => {
  it('opens one alert at 07:34 on the Hong Kong AV lab’s report, then follows the sun', () => {
    const { log } = replay();
    const opened = log.filter((l) => l.event.type === 'opened');
    expect(opened.map((l) => l.cause)).toEqual(['07:34 hk-av-lab']);
    const alert = opened[0]!.event.alert;
    expect(alert).toMatchObject({
      openedAt: iso('07:34'),
      // hk-bank-1's report of 06:50 had left the 30-minute window by 07:34
      firstSeen: iso('07:05'),
      reportCount: 3,
      severity: 'medium',
      keys: [SUBJECT, HASH, NAME],
      trigger: { rule: 'spread', key: HASH, params: { organisations: 3, countries: 2 } },
    });
    expect(affectedParties(alert)).toEqual({
      countries: ['HK', 'PH'],
      organisations: ['hk-av-lab', 'hk-bank-2', 'ph-isp'],
    });
    expect(log.every((l) => l.event.alert.id === alert.id)).toBe(true);
    expect(summary(log)).toEqual([
      '07:34 hk-av-lab opened medium',
      'tick 07:39 updated medium +1 []', // hk-bank-1 at 07:36, held 5 minutes
      '08:05 gb-parliament updated medium +1 [GB]',
      '08:07 de-bank updated high (from medium) +2 [DE]', // with gb-isp's held report
      '08:09 fr-bank updated high +2 [FR]',
      'tick 08:14 updated high +3 []', // fr-cert, gb-bank, de-av, held
      '08:40 it-bank updated high +1 [IT]',
      '09:15 nl-isp updated high +1 [NL]',
      '09:50 be-gov updated critical (from high) +1 [BE]',
      '10:30 se-isp updated critical +1 [SE]',
      '11:20 dk-bank updated critical +1 [DK]',
      '12:10 es-isp updated critical +1 [ES]',
      '13:00 us-cert updated critical +1 [US]',
      '13:20 us-utility updated critical +1 []',
      '13:45 ca-bank updated critical +1 [CA]',
      '14:10 br-isp updated critical +1 [BR]',
      '14:30 us-agency updated critical +1 []',
      '15:00 mx-isp updated critical +1 [MX]',
      `tick 16:00 closed critical quiet ${iso('16:00')}`,
    ]);
  });

  it('tells each jurisdiction as the outbreak reaches it', () => {
    const { log } = replay();
    const countriesAt = (cause: string) =>
      affectedParties(log.find((l) => l.cause === cause)!.event.alert).countries;
    expect(countriesAt('08:07 de-bank')).toEqual(['DE', 'GB', 'HK', 'PH']);
    expect(countriesAt('09:50 be-gov')).toEqual(['BE', 'DE', 'FR', 'GB', 'HK', 'IT', 'NL', 'PH']);
    const final = log.at(-1)!.event.alert;
    expect(final.countries).toHaveLength(15);
    expect(final.organisations).toEqual(
      [...new Set(WORM.map((s) => s.report.organisationId))].sort(),
    );
    expect(final.reportCount).toBe(WORM.length - 1); // all but hk-bank-1's first, out of window
  });

  it('rate-limits updates: without a new country or higher severity, ≥ 5 minutes apart', () => {
    const { log } = replay();
    expectRateLimited(log);
    // a storm: every report sent ten times opens at the same moment and adds at most one held
    // update per burst, not nine
    const storm = replay(
      {},
      WORM.flatMap((s) => Array.from({ length: 10 }, () => s)),
    ).log;
    expectRateLimited(storm);
    expect(storm.filter((l) => l.event.type === 'opened').map((l) => l.cause)).toEqual([
      '07:34 hk-av-lab',
    ]);
    expect(storm.length).toBeLessThan(2 * log.length);
    expect(storm.at(-1)?.event.alert.reportCount).toBe(10 * (WORM.length - 1));
  });

  it('noise alone opens nothing', () => {
    const { log, d } = replay({}, noise());
    expect(log).toEqual([]);
    expect(d.snapshot().alerts).toEqual([]);
  });

  describe('the replay can fail', () => {
    it('with a threshold of 4 organisations the alert opens later, on another report', () => {
      const opened = replay({ spreadMinOrganisations: 4 }).log.filter(
        (l) => l.event.type === 'opened',
      );
      expect(opened).toHaveLength(1);
      expect(opened[0]!.cause).not.toBe('07:34 hk-av-lab');
      expect(Date.parse(opened[0]!.event.alert.openedAt)).toBeGreaterThan(t('07:34'));
    });

    it('without its warninglist flag the popular domain opens an alert', () => {
      const unflagged = noise().map((s) => ({
        ...s,
        report: {
          ...s.report,
          keys: s.report.keys.map((k) => (k === POPULAR ? { kind: k.kind, value: k.value } : k)),
        },
      }));
      expect(replay({}, unflagged).log.some((l) => l.event.type === 'opened')).toBe(true);
    });

    it('counting one organisation’s own growth, the 100 reports open an alert', () => {
      const { log } = replay({ growthMinOrganisations: 1 }, noise());
      expect(log[0]?.event).toMatchObject({
        type: 'opened',
        alert: { keys: [FLOODED], trigger: { rule: 'growth' } },
      });
    });
  });
});
