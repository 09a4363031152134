/**
 * Legal clocks (issue 7, item 4), pure: working days per country across weekends and public
 * holidays, time zones (a daylight-saving change inside a period), the clocks a transition
 * starts, holds and extends (R4 preservation, E1 emergency, E2), and reminders and escalation
 * as a fake clock moves.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDARS,
  FALLBACK_CALENDAR,
  fromLocalTime,
  isWorkingDay,
} from '../src/cooperation/calendar.js';
import { addPeriod, reminderDecision, type ClockState } from '../src/cooperation/deadline-math.js';
import { clockActions, type StoredClock } from '../src/cooperation/clock-rules.js';
import { createDefinitionRegistry } from '../src/cooperation/definition-registry.js';
import { BUILT_IN_DEFINITIONS } from '../src/cooperation/definitions/index.js';
import {
  DEFAULT_COOPERATION_SETTINGS,
  parseCooperationSettings,
} from '../src/cooperation/cooperation.settings.js';

const registry = createDefinitionRegistry(BUILT_IN_DEFINITIONS);
const { FR, DE, JP, US } = DEFAULT_CALENDARS as Record<string, (typeof DEFAULT_CALENDARS)['FR']>;

describe('working days', () => {
  it('skips the weekend and 14 July in France, but not in Germany', () => {
    // Friday 10 July 2026, 15:00 in Paris.
    const start = new Date('2026-07-10T13:00:00Z');
    const five = { amount: 5, unit: 'working-days' } as const;
    // Mon 13, (Tue 14 holiday), Wed 15, Thu 16, Fri 17, Mon 20 → end of Mon 20, Paris time.
    expect(addPeriod(start, five, FR!).toISOString()).toBe('2026-07-20T22:00:00.000Z');
    // Mon 13 … Fri 17 → end of Fri 17, Berlin time.
    expect(addPeriod(start, five, DE!).toISOString()).toBe('2026-07-17T22:00:00.000Z');
  });

  it('uses the movable holidays of the year and the zone of the country', () => {
    expect(isWorkingDay(DE!, { year: 2026, month: 4, day: 3 })).toBe(false); // Good Friday
    expect(isWorkingDay(FR!, { year: 2026, month: 4, day: 3 })).toBe(true);
    // Thursday 29 April 2027 is Shōwa Day; Tokyo has no daylight saving.
    const start = new Date('2027-04-28T01:00:00Z'); // Wed 28 April, 10:00 in Tokyo
    expect(addPeriod(start, { amount: 1, unit: 'working-days' }, JP!).toISOString()).toBe(
      '2027-04-30T15:00:00.000Z', // end of Fri 30 April (1 May 00:00) in Tokyo
    );
    // US federal: Thanksgiving 2026 (Thu 26 Nov) and the weekend are skipped.
    const wed = new Date('2026-11-25T15:00:00Z');
    expect(addPeriod(wed, { amount: 2, unit: 'working-days' }, US!).toISOString()).toBe(
      '2026-12-01T05:00:00.000Z', // end of Mon 30 Nov, New York (UTC−5)
    );
  });

  it('counts only weekends for a country without a calendar, in UTC', () => {
    const sat = new Date('2026-11-28T10:00:00Z');
    expect(
      addPeriod(sat, { amount: 1, unit: 'working-days' }, FALLBACK_CALENDAR).toISOString(),
    ).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('calendar days and hours across a daylight-saving change', () => {
  it('keeps the wall-clock time for days and the elapsed time for hours', () => {
    // 12:00 in Paris (CEST, UTC+2) on 15 September; 60 days later is 14 November, CET (UTC+1).
    const start = new Date('2026-09-15T10:00:00Z');
    expect(addPeriod(start, { amount: 60, unit: 'days' }, FR!).toISOString()).toBe(
      '2026-11-14T11:00:00.000Z',
    );
    // 8 hours across the night of 25 October (clocks back): still 8 elapsed hours.
    const night = new Date('2026-10-24T22:30:00Z');
    expect(addPeriod(night, { amount: 8, unit: 'hours' }, FR!).toISOString()).toBe(
      '2026-10-25T06:30:00.000Z',
    );
  });

  it('resolves a wall-clock time inside the spring gap to the later offset', () => {
    // 29 March 2026, 02:30 does not exist in Paris (02:00 → 03:00).
    const t = fromLocalTime(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, millisecond: 0 },
      'Europe/Paris',
    );
    expect(t.toISOString()).toBe('2026-03-29T00:30:00.000Z');
  });
});

describe('clocks a transition starts, holds, extends and stops', () => {
  const ctx = (
    at: string,
    urgency: 'normal' | 'emergency' = 'normal',
    fields: Record<string, unknown> = {},
  ) => ({
    at: new Date(at),
    urgency,
    fields,
    calendar: () => FR!,
  });

  it('R4: 60 days from preservation, extended once, held when the follow-up arrives, stopped on release', () => {
    const r4 = registry.get('R4')!;
    const started = clockActions(r4, 'preserved', [], ctx('2026-11-28T10:00:00Z'));
    expect(started).toEqual([
      {
        kind: 'start',
        code: 'preservation',
        dueAt: new Date('2027-01-27T10:00:00.000Z'),
        zone: 'Europe/Paris',
        party: 'requester',
      },
    ]);
    const running: StoredClock = {
      code: 'preservation',
      status: 'running',
      dueAt: new Date('2027-01-27T10:00:00Z'),
      extensions: 0,
    };
    expect(clockActions(r4, 'extended', [running], ctx('2027-01-20T10:00:00Z'))).toEqual([
      { kind: 'extend', code: 'preservation', dueAt: new Date('2027-03-28T09:00:00.000Z') },
    ]);
    // Extended once already: no second extension.
    expect(
      clockActions(r4, 'extended', [{ ...running, extensions: 1 }], ctx('2027-01-20T10:00:00Z')),
    ).toEqual([]);
    expect(clockActions(r4, 'follow_up_received', [running], ctx('2027-01-10T10:00:00Z'))).toEqual([
      { kind: 'hold', code: 'preservation' },
    ]);
    expect(
      clockActions(r4, 'released', [{ ...running, status: 'held' }], ctx('2027-02-10T10:00:00Z')),
    ).toEqual([{ kind: 'stop', code: 'preservation' }]);
    // A clock already met is left alone.
    expect(
      clockActions(r4, 'released', [{ ...running, status: 'met' }], ctx('2027-02-10T10:00:00Z')),
    ).toEqual([]);
  });

  it('E1: 10 days, 8 hours in an emergency; the enforcing authority 10 days / 96 hours only when notified', () => {
    const e1 = registry.get('E1')!;
    expect(
      clockActions(
        e1,
        'received',
        [],
        ctx('2026-11-28T10:00:00Z', 'normal', { enforcing_state_notified: false }),
      ),
    ).toEqual([
      {
        kind: 'start',
        code: 'production',
        dueAt: new Date('2026-12-08T10:00:00.000Z'),
        zone: 'Europe/Paris',
        party: 'recipient',
      },
    ]);
    expect(
      clockActions(
        e1,
        'received',
        [],
        ctx('2026-11-28T10:00:00Z', 'emergency', { enforcing_state_notified: true }),
      ).map((a) => (a.kind === 'start' ? [a.code, a.dueAt.toISOString()] : a.kind)),
    ).toEqual([
      ['production', '2026-11-28T18:00:00.000Z'],
      ['enforcing-review', '2026-12-02T10:00:00.000Z'],
    ]);
    // Recognition by the enforcing authority: 5 working days (Art 16(2)).
    const rec = clockActions(e1, 'enforcement_requested', [], ctx('2026-12-18T10:00:00Z'));
    expect(rec).toEqual([
      // Mon 21, Tue 22, Wed 23, Thu 24, (Fri 25 Christmas, weekend), Mon 28 → end of Mon 28, Paris.
      {
        kind: 'start',
        code: 'recognition',
        dueAt: new Date('2026-12-28T23:00:00.000Z'),
        zone: 'Europe/Paris',
        party: 'requester',
      },
    ]);
  });

  it('E2: 60 days, extended by 30 once, open-ended once the follow-up is confirmed', () => {
    const e2 = registry.get('E2')!;
    const [start] = clockActions(e2, 'preserved', [], ctx('2026-12-01T09:00:00Z'));
    expect(start).toMatchObject({ kind: 'start', dueAt: new Date('2027-01-30T09:00:00.000Z') });
    const running: StoredClock = {
      code: 'preservation',
      status: 'running',
      dueAt: new Date('2027-01-30T09:00:00Z'),
      extensions: 0,
    };
    expect(clockActions(e2, 'extended', [running], ctx('2027-01-20T09:00:00Z'))).toEqual([
      { kind: 'extend', code: 'preservation', dueAt: new Date('2027-03-01T09:00:00.000Z') },
    ]);
    expect(clockActions(e2, 'follow_up_confirmed', [running], ctx('2027-01-20T09:00:00Z'))).toEqual(
      [{ kind: 'hold', code: 'preservation' }],
    );
  });

  it('P7: the [U] 30-day answer period can be changed by configuration alone', () => {
    const r = createDefinitionRegistry(BUILT_IN_DEFINITIONS, {
      'P7.answer': { amount: 45, unit: 'days' },
    });
    expect(clockActions(r.get('P7')!, 'received', [], ctx('2026-11-28T10:00:00Z'))).toMatchObject([
      { kind: 'start', code: 'answer', dueAt: new Date('2027-01-12T10:00:00.000Z') },
    ]);
  });
});

describe('reminders and escalation with a fake clock', () => {
  const leads = DEFAULT_COOPERATION_SETTINGS.reminderLeadMinutes; // 7 d, 1 d, 4 h
  const due = new Date('2026-12-10T12:00:00Z');
  const clock = (over: Partial<ClockState> = {}): ClockState => ({
    status: 'running',
    dueAt: due,
    remindedLeads: [],
    escalated: false,
    ...over,
  });
  const at = (iso: string) => new Date(iso);

  it('reminds once per lead time as the deadline nears, then escalates once when it passes', () => {
    expect(reminderDecision(clock(), at('2026-12-01T12:00:00Z'), leads)).toEqual({
      leads: [],
      remind: null,
      escalate: false,
    });
    expect(reminderDecision(clock(), at('2026-12-03T12:00:00Z'), leads)).toEqual({
      leads: [10080],
      remind: 10080,
      escalate: false,
    });
    expect(
      reminderDecision(clock({ remindedLeads: [10080] }), at('2026-12-05T12:00:00Z'), leads).remind,
    ).toBeNull();
    expect(
      reminderDecision(clock({ remindedLeads: [10080] }), at('2026-12-09T13:00:00Z'), leads).remind,
    ).toBe(1440);
    expect(
      reminderDecision(clock({ remindedLeads: [10080, 1440] }), at('2026-12-10T08:00:00Z'), leads)
        .remind,
    ).toBe(240);
    expect(
      reminderDecision(
        clock({ remindedLeads: [10080, 1440, 240] }),
        at('2026-12-10T12:00:00Z'),
        leads,
      ),
    ).toEqual({
      leads: [],
      remind: null,
      escalate: true,
    });
    expect(
      reminderDecision(
        clock({ status: 'overdue', escalated: true }),
        at('2026-12-11T12:00:00Z'),
        leads,
      ).escalate,
    ).toBe(false);
  });

  it('sends only the most urgent reminder when a sweep comes late, and none for a held clock', () => {
    expect(reminderDecision(clock(), at('2026-12-10T09:00:00Z'), leads)).toEqual({
      leads: [240, 1440, 10080],
      remind: 240,
      escalate: false,
    });
    expect(reminderDecision(clock({ status: 'held' }), at('2026-12-10T13:00:00Z'), leads)).toEqual({
      leads: [],
      remind: null,
      escalate: false,
    });
  });
});

describe('cooperation settings', () => {
  it('parses lead times, calendars and approvers, naming a bad setting', () => {
    const s = parseCooperationSettings({
      reminderLeadTimes: ['2d', '30m'],
      calendars: { FR: { holidays: ['2026-12-24'] }, BE: { zone: 'Europe/Brussels' } },
      approvers: { E1: { DE: ['judge'] } },
    });
    expect(s.reminderLeadMinutes).toEqual([2880, 30]);
    expect(s.calendars.FR!.zone).toBe('Europe/Paris');
    expect(s.calendars.FR!.holidays).toEqual(['2026-12-24']);
    expect(s.calendars.BE!.weekend).toEqual([0, 6]);
    expect(() => parseCooperationSettings({ reminderLeadTimes: ['soon'] })).toThrow(
      'cooperation.reminderLeadTimes[0]: "soon" is not a lead time such as 7d, 4h, 30m',
    );
    expect(() => parseCooperationSettings({ calendars: { FR: { zone: 'Mars/Olympus' } } })).toThrow(
      'cooperation.calendars.FR.zone: "Mars/Olympus" is not an IANA time zone',
    );
    expect(() => parseCooperationSettings({ approvers: { E1: { DE: ['king'] } } })).toThrow(
      /approvers\.E1\.DE/,
    );
    expect(() => parseCooperationSettings({ colour: 1 })).toThrow(
      'cooperation.colour: unknown setting',
    );
  });
});
