/**
 * The sliding window of one cluster key: its recent reports, oldest first. Windows are
 * half-open, `(now − length, now]`: a report exactly one window-length old is outside it.
 *
 * Memory: the detector keeps a window only for a key that is in no alert and not "very common",
 * evicts reports older than its longest window, and drops the window once the key has more
 * reports than `veryCommonReports` — so a window never holds more than that many reports.
 */
import type { ClusterKey, ReportKey } from './outbreak-report.js';

/** One report of the key: time (epoch ms), organisation, country (null when unknown). */
export interface WindowEntry {
  readonly t: number;
  readonly org: string;
  readonly country: string | null;
  /** All keys of the report (shared between the windows of its keys). */
  readonly keys: readonly ReportKey[];
}

/** What a stretch of the window holds. */
export interface WindowStats {
  readonly reports: number;
  readonly organisations: ReadonlySet<string>;
  /** Distinct countries; reports without a country add none. */
  readonly countries: ReadonlySet<string>;
  /** Every key reported alongside, by id: the cluster an alert opened on it starts with. */
  readonly keys: ReadonlyMap<string, ClusterKey>;
  /** Time of the oldest report in the stretch (epoch ms); NaN when empty. */
  readonly firstAt: number;
  /** Time of the latest report in the stretch (epoch ms); NaN when empty. */
  readonly lastAt: number;
}

export class KeyWindow {
  private entries: WindowEntry[] = [];
  /** Index of the oldest live entry; entries before it are evicted, compacted lazily. */
  private head = 0;
  /** Set once the key was over the "very common" cap; cleared only by dropping the window. */
  common = false;
  /** Time of the latest report (epoch ms). */
  lastAt = Number.NEGATIVE_INFINITY;

  /** Number of live reports. */
  get size(): number {
    return this.entries.length - this.head;
  }

  /**
   * Adds a report, keeping time order (a late report is placed where it belongs). A common key
   * only notes the time: it keeps no reports.
   */
  add(entry: WindowEntry): void {
    if (entry.t > this.lastAt) this.lastAt = entry.t;
    if (this.common) return;
    let i = this.entries.length;
    while (i > this.head && (this.entries[i - 1] as WindowEntry).t > entry.t) i--;
    if (i === this.entries.length) this.entries.push(entry);
    else this.entries.splice(i, 0, entry);
  }

  /** Evicts reports at or before `cutoff` (epoch ms): they left every window. */
  evictThrough(cutoff: number): void {
    this.head = this.firstAfter(cutoff);
    if (this.head > 64 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Forgets all reports (the key joined an alert or became very common). */
  clear(): void {
    this.entries = [];
    this.head = 0;
  }

  /** Reports in `(from, to]`. */
  count(from: number, to: number): number {
    return this.firstAfter(to) - this.firstAfter(from);
  }

  /** Reports, organisations and countries in `(from, to]`. */
  stats(from: number, to: number): WindowStats {
    const organisations = new Set<string>();
    const countries = new Set<string>();
    const keys = new Map<string, ClusterKey>();
    const start = this.firstAfter(from);
    const end = this.firstAfter(to);
    for (let i = start; i < end; i++) {
      const e = this.entries[i] as WindowEntry;
      organisations.add(e.org);
      if (e.country !== null) countries.add(e.country);
      for (const k of e.keys) if (!keys.has(k.id)) keys.set(k.id, k.key);
    }
    const first = this.entries[start];
    const last = this.entries[end - 1];
    const some = start < end && first !== undefined && last !== undefined;
    return {
      reports: end - start,
      organisations,
      countries,
      keys,
      firstAt: some ? first.t : Number.NaN,
      lastAt: some ? last.t : Number.NaN,
    };
  }

  /** Index of the first live entry later than `t` (binary search). */
  private firstAfter(t: number): number {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid] as WindowEntry).t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
