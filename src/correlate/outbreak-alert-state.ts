/**
 * The detector's working state of one open alert, and the events made from it. Internal to the
 * outbreak detector; callers see {@link OutbreakAlert} values only.
 */
import {
  severityFor,
  severityRank,
  type OutbreakAlert,
  type OutbreakEvent,
  type OutbreakSeverity,
  type OutbreakTrigger,
} from './outbreak-alert.js';
import type { ClusterKey } from './outbreak-report.js';
import type { OutbreakSettings } from './outbreak-settings.js';

/** What an alert gained since its latest event (held while updates are rate-limited). */
export interface Pending {
  reports: number;
  organisations: Set<string>;
  countries: Set<string>;
  keys: ClusterKey[];
  merged: string[];
}

export interface AlertState {
  readonly id: string;
  readonly trigger: OutbreakTrigger;
  readonly openedAt: number;
  firstSeen: number;
  lastSeen: number;
  reports: number;
  readonly organisations: Set<string>;
  readonly countries: Set<string>;
  readonly keys: Map<string, ClusterKey>;
  severity: OutbreakSeverity;
  /** Severity as of the latest event, and that event's time. */
  announced: OutbreakSeverity;
  lastEventAt: number;
  pending: Pending | null;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The alert as callers see it; `closedAt` set for a closed one. */
export function alertView(a: AlertState, closedAt: number | null = null): OutbreakAlert {
  return {
    id: a.id,
    status: closedAt === null ? 'open' : 'closed',
    severity: a.severity,
    openedAt: iso(a.openedAt),
    firstSeen: iso(a.firstSeen),
    lastSeen: iso(a.lastSeen),
    closedAt: closedAt === null ? null : iso(closedAt),
    reportCount: a.reports,
    organisations: [...a.organisations].sort(),
    countries: [...a.countries].sort(),
    keys: [...a.keys.values()],
    trigger: a.trigger,
  };
}

/** The `updated` event for what the alert gained; it becomes the latest event, at `now`. */
export function updateEvent(a: AlertState, p: Pending, now: number): OutbreakEvent {
  const rose = severityRank(a.severity) > severityRank(a.announced);
  const event: OutbreakEvent = {
    type: 'updated',
    at: iso(now),
    alert: alertView(a),
    added: {
      reports: p.reports,
      organisations: [...p.organisations].sort(),
      countries: [...p.countries].sort(),
      keys: p.keys,
    },
    severityFrom: rose ? a.announced : null,
    merged: p.merged,
  };
  a.announced = a.severity;
  a.lastEventAt = now;
  a.pending = null;
  return event;
}

export function pendingOf(a: AlertState): Pending {
  a.pending ??= {
    reports: 0,
    organisations: new Set(),
    countries: new Set(),
    keys: [],
    merged: [],
  };
  return a.pending;
}

/** Adds organisations/countries to an alert; true when a country is new to it. */
export function grow(
  a: AlertState,
  orgs: Iterable<string>,
  countries: Iterable<string>,
  s: OutbreakSettings,
): boolean {
  const p = pendingOf(a);
  let newCountry = false;
  for (const o of orgs) {
    if (a.organisations.has(o)) continue;
    a.organisations.add(o);
    p.organisations.add(o);
  }
  for (const c of countries) {
    if (a.countries.has(c)) continue;
    a.countries.add(c);
    p.countries.add(c);
    newCountry = true;
  }
  a.severity = severityFor(a.countries.size, a.organisations.size, s);
  return newCountry;
}
