import {
  addDays,
  fromLocalTime,
  isWorkingDay,
  localTime,
  type CountryCalendar,
} from './calendar.js';
import type { Period } from './definitions/definition.schema.js';

/**
 * Deadline arithmetic (issue 7, item 4). Pure: the start instant and the calendar are passed in.
 *
 * - `hours`: elapsed time (8 hours is 8 × 3,600 s, whatever the wall clock does).
 * - `days`: calendar days in the calendar's zone — the same wall-clock time `n` days later, so a
 *   daylight-saving change in between does not move the deadline by an hour.
 * - `working-days`: the deadline falls at the end (24:00 local) of the `n`-th working day after
 *   the start day; weekends and public holidays of the country do not count.
 */
export function addPeriod(start: Date, period: Period, calendar: CountryCalendar): Date {
  if (period.unit === 'hours') return new Date(start.getTime() + period.amount * 3_600_000);
  const local = localTime(start, calendar.zone);
  if (period.unit === 'days') {
    return fromLocalTime({ ...local, ...addDays(local, period.amount) }, calendar.zone);
  }
  let day: { year: number; month: number; day: number } = local;
  let counted = 0;
  // A period of a few hundred working days stays far below this bound.
  for (let guard = 0; counted < period.amount && guard < 100_000; guard++) {
    day = addDays(day, 1);
    if (isWorkingDay(calendar, day)) counted++;
  }
  const next = addDays(day, 1);
  return fromLocalTime({ ...next, hour: 0, minute: 0, second: 0, millisecond: 0 }, calendar.zone);
}

/** A running clock as the reminder rules see it. */
export interface ClockState {
  readonly status: 'running' | 'held' | 'met' | 'overdue' | 'cancelled';
  readonly dueAt: Date;
  /** Lead times (minutes) already reminded, or skipped as passed. */
  readonly remindedLeads: readonly number[];
  readonly escalated: boolean;
}

export interface ReminderDecision {
  /** Lead times now due: the first is reminded, all are recorded as done. */
  readonly leads: readonly number[];
  /** The smallest lead among them: the reminder to send now (null: none). */
  readonly remind: number | null;
  /** The deadline has passed: flag overdue and escalate (once). */
  readonly escalate: boolean;
}

/**
 * What a sweep at `now` must do for one clock: remind once per configured lead time (if the
 * sweep ran late and several leads passed, only the most urgent one is sent and the others are
 * recorded as passed), and escalate once when the deadline has passed. Held, met and cancelled
 * clocks never remind.
 */
export function reminderDecision(
  clock: ClockState,
  now: Date,
  leadMinutes: readonly number[],
): ReminderDecision {
  if (clock.status !== 'running' && clock.status !== 'overdue')
    return { leads: [], remind: null, escalate: false };
  const left = clock.dueAt.getTime() - now.getTime();
  if (left <= 0) {
    return { leads: [], remind: null, escalate: !clock.escalated };
  }
  const leads = leadMinutes
    .filter((l) => !clock.remindedLeads.includes(l) && left <= l * 60_000)
    .sort((a, b) => a - b);
  return { leads, remind: leads[0] ?? null, escalate: false };
}
