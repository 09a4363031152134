/**
 * STIX timestamps (spec 2.17): RFC 3339, UTC with an uppercase `Z`, uppercase `T`, optional
 * fractional seconds of any length, e.g. `2016-01-20T12:31:12.123Z`.
 */

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Two ASCII digits at `i` as a number (callers have checked they are digits). */
function twoDigits(ts: string, i: number): number {
  return (ts.charCodeAt(i) - 48) * 10 + ts.charCodeAt(i + 1) - 48;
}

/**
 * True when `ts` is a valid STIX timestamp: the syntax of spec 2.17 and a real calendar date and
 * time (no month 13, no February 30 outside leap years, no hour 24). A leap second (`:60`,
 * RFC 3339 section 5.6) is accepted. Allocation-free: used on every timestamp in bulk imports.
 */
export function isValidTimestamp(ts: unknown): ts is string {
  if (typeof ts !== 'string' || !TIMESTAMP_RE.test(ts)) return false;
  const month = twoDigits(ts, 5);
  const day = twoDigits(ts, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = twoDigits(ts, 0) * 100 + twoDigits(ts, 2);
  const maxDay = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return (
    day <= maxDay && twoDigits(ts, 11) <= 23 && twoDigits(ts, 14) <= 59 && twoDigits(ts, 17) <= 60
  );
}

/**
 * Turns a STIX timestamp into the fixed-width, lexically sortable form
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` (microseconds; more precision is truncated, less is padded).
 * Returns `null` when the value is not a valid STIX timestamp ({@link isValidTimestamp}): wrong
 * syntax, a time zone other than `Z`, lowercase `t`/`z`, month 13, February 30 …
 *
 * @example normalizeTimestamp('2016-05-12T08:17:27Z') === '2016-05-12T08:17:27.000000Z'
 */
export function normalizeTimestamp(ts: string): string | null {
  if (!isValidTimestamp(ts)) return null;
  const fraction = ts.length > 21 ? ts.slice(20, -1) : '';
  const micros =
    fraction.length >= 6 ? fraction.slice(0, 6) : fraction + '000000'.slice(fraction.length);
  return `${ts.slice(0, 19)}.${micros}Z`;
}

/** True when `ts` is a valid STIX timestamp with at least millisecond precision (spec 3.2). */
export function hasMillisecondPrecision(ts: string): boolean {
  const dot = ts.indexOf('.', 19);
  return dot === 19 && ts.length - 21 >= 3;
}

/**
 * Compares two valid STIX timestamps at full precision: negative when `a` is earlier, 0 when
 * equal, positive when later. Callers must pass values accepted by {@link normalizeTimestamp}.
 */
export function compareTimestamps(a: string, b: string): number {
  const head = a.slice(0, 19) < b.slice(0, 19) ? -1 : a.slice(0, 19) > b.slice(0, 19) ? 1 : 0;
  if (head !== 0) return head;
  const fa = fractionDigits(a);
  const fb = fractionDigits(b);
  const len = Math.max(fa.length, fb.length);
  const pa = fa.padEnd(len, '0');
  const pb = fb.padEnd(len, '0');
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

function fractionDigits(ts: string): string {
  return ts.length > 21 && ts.charCodeAt(19) === 46 ? ts.slice(20, -1) : '';
}
