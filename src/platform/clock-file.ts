import { readFileSync } from 'node:fs';
import { ConfigError } from './config.js';
import type { Clock } from './ports.js';

/**
 * A test clock for node processes (`NOHAVEN_CLOCK_FILE`): the node's {@link Clock} reads the
 * current time from a file on every `now()`, so tests that run nodes as separate processes move
 * their time by writing the file — every clock of the node (legal deadlines, reminders, outbox
 * back-off, signed federation requests, audit) follows. Never for production.
 *
 * The file holds one line:
 * - an instant with its zone, `2026-12-01T09:00:00Z` or `2026-12-01T10:00:00+01:00`: the time
 *   stands still there until the file changes;
 * - an offset from the real time, `+3d`, `-90m`, `+36h`, `+15s` (units d, h, m, s): the time runs,
 *   shifted.
 */

const OFFSET = /^([+-])(\d{1,9})([dhms])$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/** The calendar date of an instant exists (`Date` would roll 02-30 over into March). */
function realDate(line: string): boolean {
  const [y, m, d] = line.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d && m >= 1 && m <= 12;
}

/** What the file says, given the real time (pure); throws a message naming the problem. */
export function clockFileTime(text: string, realNow: Date): Date {
  const line = text.trim();
  const offset = OFFSET.exec(line);
  if (offset) {
    const ms = Number(offset[2]) * UNIT_MS[offset[3] as keyof typeof UNIT_MS];
    return new Date(realNow.getTime() + (offset[1] === '-' ? -ms : ms));
  }
  const at = INSTANT.test(line) && realDate(line) ? new Date(line) : null;
  if (!at || Number.isNaN(at.getTime()))
    throw new Error(
      `"${line.slice(0, 40)}" is neither an instant with its zone (2026-12-01T09:00:00Z) nor an offset (+3d, -90m, +36h, +15s)`,
    );
  return at;
}

/**
 * The clock of `file`. Throws a {@link ConfigError} naming the setting when the file cannot be
 * read or does not hold a time (the node refuses to start). Later, a read that fails (the file
 * being rewritten) keeps the last good time and warns once per distinct problem.
 */
export function fileClock(
  file: string,
  options: { readonly realNow?: () => Date; readonly warn?: (message: string) => void } = {},
): Clock {
  const realNow = options.realNow ?? (() => new Date());
  const warn = options.warn ?? ((m: string) => process.emitWarning(m));
  const read = () => clockFileTime(readFileSync(file, 'utf8'), realNow());
  let last: Date;
  try {
    last = read();
  } catch (err) {
    throw new ConfigError(
      'NOHAVEN_CLOCK_FILE',
      `${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  let lastProblem = '';
  return {
    now() {
      try {
        last = read();
        lastProblem = '';
      } catch (err) {
        const problem = err instanceof Error ? err.message : String(err);
        if (problem !== lastProblem)
          warn(`NOHAVEN_CLOCK_FILE ${file}: ${problem}; keeping ${last.toISOString()}`);
        lastProblem = problem;
      }
      return new Date(last.getTime());
    },
  };
}
