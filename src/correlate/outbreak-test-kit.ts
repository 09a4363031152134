/**
 * Helpers for the outbreak detector's tests: a detector on a fake clock and terse reports, with
 * times given in minutes after a fixed start.
 */
import { fixedClock } from '../platform/ports.js';
import { createOutbreakDetector, type OutbreakDetector } from './outbreak-detector.js';
import type { OutbreakEvent } from './outbreak-alert.js';
import type { ClusterKey, OutbreakReport } from './outbreak-report.js';
import { parseOutbreakSettings } from './outbreak-settings.js';

export const T0 = Date.UTC(2026, 4, 4, 0, 0, 0);

/** The RFC 3339 time `minutes` (and `ms`) after {@link T0}. */
export function at(minutes: number, ms = 0): string {
  return new Date(T0 + minutes * 60_000 + ms).toISOString();
}

export const HASH: ClusterKey = { kind: 'file-sha256', value: '5e'.repeat(32) };
export const SUBJECT: ClusterKey = { kind: 'email-subject', value: 'Invoice overdue' };

export function detector(settings: Record<string, unknown> = {}): {
  d: OutbreakDetector;
  clock: ReturnType<typeof fixedClock>;
} {
  const clock = fixedClock(at(0));
  return { d: createOutbreakDetector({ clock, settings: parseOutbreakSettings(settings) }), clock };
}

export function report(
  minutes: number,
  organisationId: string,
  country: string | null,
  keys: readonly ClusterKey[] = [HASH],
  ms = 0,
): OutbreakReport {
  return { at: at(minutes, ms), organisationId, country, keys };
}

export function types(events: readonly OutbreakEvent[]): string[] {
  return events.map((e) => e.type);
}
