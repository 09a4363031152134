/**
 * The outbreak early-warning detector (issue 5, item 3): watches sliding windows per cluster key
 * (the same attachment hash, subject line, URL or C2 address) and opens an alert when
 *
 * - **spread**: ≥ `spreadMinOrganisations` distinct organisations in ≥ `spreadMinCountries`
 *   distinct countries reported the key within `spreadWindowSeconds`, or
 * - **growth**: the reports of the key in the last `growthWindowSeconds` are ≥ `growthFactor` ×
 *   those in the window before, which held ≥ `growthMinBase` reports, from ≥
 *   `growthMinOrganisations` organisations over both windows.
 *
 * Windows are `(now − length, now]`; `now` is the latest time seen, from a report or `tick`.
 * A report joins the alert of any of its keys: its other keys join that alert too (one e-mail's
 * subject and attachment hash make one alert, never two), and a report that links two alerts
 * merges the younger into the older. Benign (warninglisted) and very common keys never open or
 * join an alert. `updated` events are rate-limited per alert; alerts close after a quiet period.
 *
 * Pure and synchronous: no I/O, time only from reports and the injected clock. Not safe to share
 * between processes: each node process feeds its own, or one process owns it.
 */
import type { Clock } from '../platform/ports.js';
import {
  outbreakAlertId,
  severityFor,
  severityRank,
  type OutbreakAlert,
  type OutbreakEvent,
} from './outbreak-alert.js';
import {
  alertView,
  grow,
  iso,
  pendingOf,
  updateEvent,
  type AlertState,
} from './outbreak-alert-state.js';
import {
  parseOutbreakReport,
  type ClusterKey,
  type OutbreakReport,
  type ParsedReport,
  type ReportKey,
} from './outbreak-report.js';
import { DEFAULT_OUTBREAK_SETTINGS, type OutbreakSettings } from './outbreak-settings.js';
import { trippedRule } from './outbreak-rules.js';
import { WindowLru } from './outbreak-lru.js';
import type { KeyWindow } from './outbreak-window.js';

export interface OutbreakSnapshot {
  /** The detector's time (latest report or tick), null before the first. */
  readonly at: string | null;
  /** Open alerts, oldest first. */
  readonly alerts: readonly OutbreakAlert[];
  /** Keys with a window (in no alert); bounded by `maxTrackedKeys`. */
  readonly trackedKeys: number;
  /** Of those, keys flagged very common. */
  readonly commonKeys: number;
}

export interface OutbreakDetector {
  readonly settings: OutbreakSettings;
  /**
   * Takes one report and returns the events it causes, in order: alerts that fell quiet by its
   * time `closed`, then `opened` or `updated`/`closed` (merge), then held updates now due (the
   * report included). Throws a `DomainError`
   * `NH_ERR_VALIDATION` naming the field for a bad report, changing nothing. A report older
   * than the longest window (spread, or twice growth) before the detector's time is ignored.
   */
  observe(report: OutbreakReport): OutbreakEvent[];
  /** Moves time on without a report (default: the clock's now): closes, held updates, eviction. */
  tick(now?: Date): OutbreakEvent[];
  /** Open alerts and memory figures, for storage and monitoring. */
  snapshot(): OutbreakSnapshot;
  /** An open alert by id. */
  alert(id: string): OutbreakAlert | undefined;
}

export function createOutbreakDetector(options: {
  clock: Clock;
  settings?: OutbreakSettings;
}): OutbreakDetector {
  const s = options.settings ?? DEFAULT_OUTBREAK_SETTINGS;
  const longestMs = Math.max(s.spreadWindowSeconds, 2 * s.growthWindowSeconds) * 1000;
  const updateMs = s.updateIntervalSeconds * 1000;
  const quietMs = s.quietPeriodSeconds * 1000;

  let now = Number.NEGATIVE_INFINITY;
  /** Windows of keys in no alert, least recently reported first (re-inserted on each report). */
  const windows = new WindowLru(s.maxTrackedKeys);
  /** Open alerts, oldest first, and the alert of each of their keys. */
  const alerts = new Map<string, AlertState>();
  const alertOfKey = new Map<string, AlertState>();

  function close(a: AlertState, at: number, mergedInto: string | null): OutbreakEvent {
    alerts.delete(a.id);
    for (const keyId of a.keys.keys()) if (alertOfKey.get(keyId) === a) alertOfKey.delete(keyId);
    return {
      type: 'closed',
      at: iso(now),
      alert: alertView(a, at),
      reason: mergedInto === null ? 'quiet' : 'merged',
      mergedInto,
    };
  }

  /** Moves time to `t` (never back): closes quiet alerts, evicts windows left behind. */
  function advance(t: number): OutbreakEvent[] {
    if (t > now) now = t;
    const events: OutbreakEvent[] = [];
    for (const a of [...alerts.values()])
      if (now - a.lastSeen >= quietMs) events.push(close(a, a.lastSeen + quietMs, null));
    for (let o = windows.oldest(); o && o.w.lastAt <= now - longestMs; o = windows.oldest()) {
      windows.delete(o.id);
    }
    return events;
  }

  /** Sends the held updates that have waited the update interval. */
  function flushDue(): OutbreakEvent[] {
    const events: OutbreakEvent[] = [];
    for (const a of alerts.values())
      if (a.pending && now - a.lastEventAt >= updateMs) events.push(updateEvent(a, a.pending, now));
    return events;
  }

  function joinKey(a: AlertState, keyId: string, key: ClusterKey): void {
    if (a.keys.has(keyId)) return;
    a.keys.set(keyId, key);
    alertOfKey.set(keyId, a);
    windows.delete(keyId);
    pendingOf(a).keys.push(key);
  }

  function addToAlerts(
    hit: AlertState[],
    r: ParsedReport,
    keys: readonly ReportKey[],
  ): OutbreakEvent[] {
    const events: OutbreakEvent[] = [];
    const [target, ...others] = hit.sort(
      (x, y) => x.openedAt - y.openedAt || (x.id < y.id ? -1 : 1),
    );
    if (!target) return events;
    let newCountry = false;
    for (const o of others) {
      events.push(close(o, now, target.id));
      for (const [keyId, key] of o.keys) joinKey(target, keyId, key);
      newCountry = grow(target, o.organisations, o.countries, s) || newCountry;
      target.reports += o.reports;
      target.firstSeen = Math.min(target.firstSeen, o.firstSeen);
      target.lastSeen = Math.max(target.lastSeen, o.lastSeen);
      pendingOf(target).reports += o.reports;
      pendingOf(target).merged.push(o.id);
    }
    for (const { id, key } of keys) {
      // A very common key stays out of alerts (it would glue unrelated outbreaks together).
      if (windows.get(id)?.common) record(id, r);
      else joinKey(target, id, key);
    }
    newCountry = grow(target, [r.organisationId], r.country ? [r.country] : [], s) || newCountry;
    target.reports += 1;
    pendingOf(target).reports += 1;
    target.lastSeen = Math.max(target.lastSeen, r.atMs);
    const rose = severityRank(target.severity) > severityRank(target.announced);
    if (newCountry || rose || now - target.lastEventAt >= updateMs)
      events.push(updateEvent(target, pendingOf(target), now));
    return events;
  }

  /**
   * Records a report in the window of a key in no alert, making it the most recently used
   * (the least recently used goes when `maxTrackedKeys` are tracked).
   */
  function record(id: string, r: ParsedReport): KeyWindow {
    const w = windows.touch(id);
    w.evictThrough(now - longestMs);
    w.add({ t: r.atMs, org: r.organisationId, country: r.country, keys: r.keys });
    if (w.size > s.veryCommonReports) {
      w.common = true;
      w.clear();
    }
    return w;
  }

  /** Records the report in the windows of its keys; opens an alert when one trips. */
  function track(r: ParsedReport, keys: readonly ReportKey[]): OutbreakEvent[] {
    const touched: { id: string; key: ClusterKey; w: KeyWindow }[] = [];
    for (const { id, key } of keys) {
      const w = record(id, r);
      if (!w.common) touched.push({ id, key, w });
    }
    for (const { id, key, w } of touched) {
      const trip = trippedRule(w, now, s);
      if (!trip) continue;
      const e = trip.evidence;
      // The cluster: every key reported together with this one in the evidence, so that the
      // subject and the attachment hash of one e-mail make one alert. When one of them is
      // already in an alert, the report joins that alert instead of opening a second one.
      const cluster: ReportKey[] = [];
      for (const [kid, k] of e.keys)
        if (!k.benign && !windows.get(kid)?.common) cluster.push({ id: kid, key: k });
      const existing = new Set<AlertState>();
      for (const k of cluster) {
        const other = alertOfKey.get(k.id);
        if (other) existing.add(other);
      }
      if (existing.size > 0) return addToAlerts([...existing], r, cluster);
      const a: AlertState = {
        id: outbreakAlertId(id, now),
        trigger: { ...trip.trigger, key },
        openedAt: now,
        firstSeen: e.firstAt,
        lastSeen: e.lastAt,
        reports: e.reports,
        organisations: new Set(e.organisations),
        countries: new Set(e.countries),
        keys: new Map(),
        severity: severityFor(e.countries.size, e.organisations.size, s),
        announced: 'medium',
        lastEventAt: now,
        pending: null,
      };
      alerts.set(a.id, a);
      for (const k of cluster) joinKey(a, k.id, k.key);
      a.announced = a.severity;
      a.pending = null;
      return [{ type: 'opened', at: iso(now), alert: alertView(a) }];
    }
    return [];
  }

  return {
    settings: s,
    observe(report) {
      const r = parseOutbreakReport(report);
      const events = advance(r.atMs);
      if (r.atMs <= now - longestMs) return [...events, ...flushDue()];
      const keys = r.keys.filter(({ key }) => !key.benign);
      const hit = new Set<AlertState>();
      for (const { id } of keys) {
        const a = alertOfKey.get(id);
        if (a) hit.add(a);
      }
      events.push(...(hit.size > 0 ? addToAlerts([...hit], r, keys) : track(r, keys)));
      return [...events, ...flushDue()];
    },
    tick(at = options.clock.now()) {
      return [...advance(at.getTime()), ...flushDue()];
    },
    snapshot() {
      let commonKeys = 0;
      for (const w of windows.values()) if (w.common) commonKeys++;
      return {
        at: Number.isFinite(now) ? iso(now) : null,
        alerts: [...alerts.values()].map((a) => alertView(a)),
        trackedKeys: windows.size,
        commonKeys,
      };
    },
    alert(id) {
      const a = alerts.get(id);
      return a ? alertView(a) : undefined;
    },
  };
}
