/**
 * The two rules of the outbreak detector (issue 5, item 3), evaluated on one key's window at
 * one moment. Windows are half-open, `(now − length, now]`.
 */
import type { OutbreakTrigger } from './outbreak-alert.js';
import type { OutbreakSettings } from './outbreak-settings.js';
import type { KeyWindow, WindowStats } from './outbreak-window.js';

/** A rule that tripped, and the reports that made it trip (they seed the alert). */
export interface Trip {
  readonly trigger: Omit<OutbreakTrigger, 'key'>;
  readonly evidence: WindowStats;
}

/**
 * The rule the window trips at `now`, spread first; null when neither does.
 *
 * - spread: ≥ `spreadMinOrganisations` distinct organisations and ≥ `spreadMinCountries`
 *   distinct countries (null countries add none) within `spreadWindowSeconds`;
 * - growth: with `G` = `growthWindowSeconds`, the reports in `(now − G, now]` are ≥
 *   `growthFactor` × those in `(now − 2G, now − G]`, the latter ≥ `growthMinBase`, and the
 *   reports of `(now − 2G, now]` come from ≥ `growthMinOrganisations` organisations.
 */
export function trippedRule(w: KeyWindow, now: number, s: OutbreakSettings): Trip | null {
  // Too few reports for either rule (the common case of a one-off value): nothing to count.
  if (w.size < Math.min(s.spreadMinOrganisations, s.growthMinBase * (1 + s.growthFactor)))
    return null;
  const spreadMs = s.spreadWindowSeconds * 1000;
  const growthMs = s.growthWindowSeconds * 1000;
  const spread = w.stats(now - spreadMs, now);
  if (
    spread.organisations.size >= s.spreadMinOrganisations &&
    spread.countries.size >= s.spreadMinCountries
  ) {
    const params = {
      organisations: spread.organisations.size,
      countries: spread.countries.size,
      windowSeconds: s.spreadWindowSeconds,
      minOrganisations: s.spreadMinOrganisations,
      minCountries: s.spreadMinCountries,
    };
    return { trigger: { rule: 'spread', code: 'NH_OUTBREAK_SPREAD', params }, evidence: spread };
  }
  const recent = w.count(now - growthMs, now);
  const previous = w.count(now - 2 * growthMs, now - growthMs);
  if (previous < s.growthMinBase || recent < s.growthFactor * previous) return null;
  const evidence = w.stats(now - 2 * growthMs, now);
  if (evidence.organisations.size < s.growthMinOrganisations) return null;
  const params = {
    recentReports: recent,
    previousReports: previous,
    windowSeconds: s.growthWindowSeconds,
    factor: s.growthFactor,
    minBase: s.growthMinBase,
    organisations: evidence.organisations.size,
  };
  return { trigger: { rule: 'growth', code: 'NH_OUTBREAK_GROWTH', params }, evidence };
}
