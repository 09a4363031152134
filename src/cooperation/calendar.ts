/**
 * Working-day calendars per country and time-zone arithmetic (issue 7, item 4). Pure: the
 * zone rules come from the runtime's ICU data (`Intl`), nothing is read from disk.
 *
 * The default calendars cover the G8 countries: Saturday and Sunday are not working days, plus
 * the national public holidays that fall on a fixed date every year (`MM-DD`) and the movable
 * ones of 2026 and 2027 (`YYYY-MM-DD`), as listed by each government's official public-holiday
 * list (national/federal holidays only: regional ones — German Länder, Canadian provinces,
 * US states — and "substitute day" rules are not included). Operators replace or extend them
 * in the cooperation settings (`calendars`); re-check them every year.
 */

export interface CountryCalendar {
  /** IANA time zone deadlines in this country are expressed in. */
  readonly zone: string;
  /** Days of the week that are not working days (0 Sunday … 6 Saturday). */
  readonly weekend: readonly number[];
  /** Public holidays: `MM-DD` every year, or `YYYY-MM-DD` once. */
  readonly holidays: readonly string[];
}

const WEEKEND = [0, 6];

export const DEFAULT_CALENDARS: Readonly<Record<string, CountryCalendar>> = Object.freeze({
  FR: {
    zone: 'Europe/Paris',
    weekend: WEEKEND,
    holidays: [
      '01-01',
      '05-01',
      '05-08',
      '07-14',
      '08-15',
      '11-01',
      '11-11',
      '12-25',
      '2026-04-06',
      '2026-05-14',
      '2026-05-25',
      '2027-03-29',
      '2027-05-06',
      '2027-05-17',
    ],
  },
  DE: {
    zone: 'Europe/Berlin',
    weekend: WEEKEND,
    holidays: [
      '01-01',
      '05-01',
      '10-03',
      '12-25',
      '12-26',
      '2026-04-03',
      '2026-04-06',
      '2026-05-14',
      '2026-05-25',
      '2027-03-26',
      '2027-03-29',
      '2027-05-06',
      '2027-05-17',
    ],
  },
  IT: {
    zone: 'Europe/Rome',
    weekend: WEEKEND,
    holidays: [
      '01-01',
      '01-06',
      '04-25',
      '05-01',
      '06-02',
      '08-15',
      '11-01',
      '12-08',
      '12-25',
      '12-26',
      '2026-04-06',
      '2027-03-29',
    ],
  },
  GB: {
    zone: 'Europe/London',
    weekend: WEEKEND,
    holidays: [
      '01-01',
      '12-25',
      '12-26',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-28',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ],
  },
  US: {
    zone: 'America/New_York',
    weekend: WEEKEND,
    holidays: [
      '01-01',
      '06-19',
      '07-04',
      '11-11',
      '12-25',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-26',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-10-11',
      '2027-11-25',
      '2027-12-24',
      '2027-12-31',
    ],
  },
  CA: {
    zone: 'America/Toronto',
    weekend: WEEKEND,
    holidays: [
      '01-01',
      '07-01',
      '09-30',
      '11-11',
      '12-25',
      '12-26',
      '2026-04-03',
      '2026-05-18',
      '2026-09-07',
      '2026-10-12',
      '2027-03-26',
      '2027-05-24',
      '2027-09-06',
      '2027-10-11',
    ],
  },
  JP: {
    zone: 'Asia/Tokyo',
    weekend: WEEKEND,
    holidays: [
      '01-01',
      '02-11',
      '02-23',
      '04-29',
      '05-03',
      '05-04',
      '05-05',
      '08-11',
      '11-03',
      '11-23',
      '2026-01-12',
      '2026-03-20',
      '2026-05-06',
      '2026-07-20',
      '2026-09-21',
      '2026-09-22',
      '2026-09-23',
      '2026-10-12',
      '2027-01-11',
      '2027-03-21',
      '2027-03-22',
      '2027-07-19',
      '2027-09-20',
      '2027-09-23',
      '2027-10-11',
    ],
  },
  RU: {
    zone: 'Europe/Moscow',
    weekend: WEEKEND,
    holidays: [
      '01-01',
      '01-02',
      '01-03',
      '01-04',
      '01-05',
      '01-06',
      '01-07',
      '01-08',
      '02-23',
      '03-08',
      '05-01',
      '05-09',
      '06-12',
      '11-04',
    ],
  },
});

/** Calendar of a country not configured: weekends only, in UTC. */
export const FALLBACK_CALENDAR: CountryCalendar = Object.freeze({
  zone: 'UTC',
  weekend: WEEKEND,
  holidays: [],
});

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface LocalTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone `zone`. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time of `at` in `zone`. */
export function localTime(at: Date, zone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: at.getUTCMilliseconds(),
  };
}

/**
 * The instant at which the wall clock of `zone` shows `t`. In a gap (clocks moved forward) the
 * later offset applies; in an overlap, the first of the two instants.
 */
export function fromLocalTime(t: LocalTime, zone: string): Date {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const seen = localTime(new Date(guess), zone);
    const seenUtc = Date.UTC(
      seen.year,
      seen.month - 1,
      seen.day,
      seen.hour,
      seen.minute,
      seen.second,
      seen.millisecond,
    );
    const diff = asUtc - seenUtc;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

/** The calendar date `days` after `d` (negative: before). */
export function addDays(d: LocalDate, days: number): LocalDate {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Whether `d` is a working day in `calendar`. */
export function isWorkingDay(calendar: CountryCalendar, d: LocalDate): boolean {
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  if (calendar.weekend.includes(weekday)) return false;
  const md = `${pad(d.month)}-${pad(d.day)}`;
  return !calendar.holidays.includes(md) && !calendar.holidays.includes(`${d.year}-${md}`);
}

/** `MM-DD` or a valid `YYYY-MM-DD`. */
export function isHolidaySpec(s: string): boolean {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const year = m[1] ? Number(m[1]) : 2024; // a leap year, so that 02-29 is accepted
  const x = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])));
  return x.getUTCMonth() + 1 === Number(m[2]) && x.getUTCDate() === Number(m[3]);
}
