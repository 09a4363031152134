/**
 * Thresholds of the outbreak detector (issue 5, item 3), with their defaults. The config module
 * reads them (environment or config file) and calls {@link parseOutbreakSettings}; the detector
 * receives the frozen result.
 */
import { ConfigError } from '../platform/config.js';

export interface OutbreakSettings {
  /** Spread rule: the sliding window, in seconds (default 30 minutes). */
  readonly spreadWindowSeconds: number;
  /** Spread rule: distinct reporting organisations within the window (default 3). */
  readonly spreadMinOrganisations: number;
  /** Spread rule: distinct countries within the window; null countries do not count (default 2). */
  readonly spreadMinCountries: number;
  /** Growth rule: the length of each of the two windows compared, in seconds (default 10 min). */
  readonly growthWindowSeconds: number;
  /** Growth rule: reports in the last window ≥ factor × reports in the one before (default 2). */
  readonly growthFactor: number;
  /** Growth rule: least number of reports in the earlier window, so 1 → 2 does not fire (5). */
  readonly growthMinBase: number;
  /**
   * Growth rule: least number of distinct organisations across both windows (default 2), so
   * one organisation re-reporting the same value faster does not fire.
   */
  readonly growthMinOrganisations: number;
  /**
   * Least time between two `updated` events of one alert, in seconds (default 5 minutes); a new
   * country or a higher severity is announced at once.
   */
  readonly updateIntervalSeconds: number;
  /** An alert closes after this long without a report of any of its keys (default 1 hour). */
  readonly quietPeriodSeconds: number;
  /**
   * A key with more reports than this within the longest window, while in no alert, is "very
   * common": it never opens an alert until it has been quiet for the longest window (1000).
   */
  readonly veryCommonReports: number;
  /** Most keys tracked outside alerts; the least recently reported is evicted (100,000). */
  readonly maxTrackedKeys: number;
  /** Severity `high` from this many countries or organisations in an alert (4 and 10). */
  readonly highCountries: number;
  readonly highOrganisations: number;
  /** Severity `critical` from this many countries or organisations in an alert (8 and 25). */
  readonly criticalCountries: number;
  readonly criticalOrganisations: number;
}

export const DEFAULT_OUTBREAK_SETTINGS: OutbreakSettings = Object.freeze({
  spreadWindowSeconds: 30 * 60,
  spreadMinOrganisations: 3,
  spreadMinCountries: 2,
  growthWindowSeconds: 10 * 60,
  growthFactor: 2,
  growthMinBase: 5,
  growthMinOrganisations: 2,
  updateIntervalSeconds: 5 * 60,
  quietPeriodSeconds: 60 * 60,
  veryCommonReports: 1000,
  maxTrackedKeys: 100_000,
  highCountries: 4,
  highOrganisations: 10,
  criticalCountries: 8,
  criticalOrganisations: 25,
});

type SettingName = keyof OutbreakSettings;

/** Inclusive bounds of each setting; `growthFactor` alone may have a fraction. */
const BOUNDS: Readonly<Record<SettingName, readonly [number, number]>> = {
  spreadWindowSeconds: [1, 7 * 86_400],
  spreadMinOrganisations: [1, 1_000_000],
  spreadMinCountries: [1, 249],
  growthWindowSeconds: [1, 7 * 86_400],
  growthFactor: [1.01, 1000],
  growthMinBase: [1, 1_000_000],
  growthMinOrganisations: [1, 1_000_000],
  updateIntervalSeconds: [0, 86_400],
  quietPeriodSeconds: [1, 30 * 86_400],
  veryCommonReports: [1, 100_000_000],
  maxTrackedKeys: [1, 100_000_000],
  highCountries: [1, 249],
  highOrganisations: [1, 1_000_000],
  criticalCountries: [1, 249],
  criticalOrganisations: [1, 1_000_000],
};

/**
 * Builds the settings from raw values (numbers, or numeric strings as the environment gives
 * them); a missing or null value takes its default. `label` turns a setting name into the name
 * the operator wrote (for example an environment variable), for the error.
 * Throws {@link ConfigError} naming the first bad setting: an unknown name, a value that is not
 * a number in its bounds, or a `critical*` threshold below its `high*` one.
 */
export function parseOutbreakSettings(
  raw: Readonly<Record<string, unknown>> = {},
  label: (name: string) => string = (name) => name,
): OutbreakSettings {
  for (const name of Object.keys(raw)) {
    if (!(name in BOUNDS)) throw new ConfigError(label(name), 'unknown outbreak setting');
  }
  const out: Record<string, number> = {};
  for (const name of Object.keys(BOUNDS) as SettingName[]) {
    out[name] = numberSetting(raw[name], name, label);
  }
  const settings = out as unknown as OutbreakSettings;
  for (const [high, critical] of [
    ['highCountries', 'criticalCountries'],
    ['highOrganisations', 'criticalOrganisations'],
  ] as const) {
    if (settings[critical] < settings[high])
      throw new ConfigError(label(critical), `must be at least ${high} (${settings[high]})`);
  }
  return Object.freeze(settings);
}

function numberSetting(value: unknown, name: SettingName, label: (n: string) => string): number {
  if (value === undefined || value === null) return DEFAULT_OUTBREAK_SETTINGS[name];
  const integer = name !== 'growthFactor';
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const re = integer ? /^\s*\d+\s*$/ : /^\s*\d+(?:\.\d+)?\s*$/;
  if (!re.test(text))
    throw new ConfigError(
      label(name),
      `"${String(value)}" is not ${integer ? 'a whole number' : 'a number'}`,
    );
  const n = Number(text);
  const [min, max] = BOUNDS[name];
  if (n < min || n > max) throw new ConfigError(label(name), `must be between ${min} and ${max}`);
  return n;
}
