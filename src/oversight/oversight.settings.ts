import { ROLES, type Role } from '../platform/actor.js';
import { DATA_CATEGORIES, type DataCategory } from '../privacy/personal-data.js';
import { DEFAULT_PRIVACY_SETTINGS, type PrivacySettings } from '../privacy/privacy.settings.js';

/**
 * The operator's oversight settings (issue 8, items 3 and 6), parsed once at boot from the JSON
 * file named by `NOHAVEN_OVERSIGHT_FILE` (config file key `oversightFile`); everything has a
 * default. Pure: the caller reads the file (`oversight-settings.loader.ts`).
 *
 * ```json
 * {
 *   "retention": [
 *     { "category": "preserved-data", "basis": "BC Art 29(7)", "afterDays": 30, "types": ["R4", "E2"] },
 *     { "category": "closed-case", "basis": "GDPR Art 5(1)(e)", "afterDays": 365 },
 *     { "category": "indicator", "basis": "GDPR Art 5(1)(e)", "afterDays": 90 }
 *   ],
 *   "retentionBatchSize": 50,
 *   "retentionSweepSeconds": 3600,
 *   "transparencyThreshold": 5,
 *   "privacy": {
 *     "roles": { "identity": ["investigator"], "subscriber": ["investigator", "contact-point"] },
 *     "bulkSubjects": 20,
 *     "bulkWindowSeconds": 3600
 *   }
 * }
 * ```
 */

/**
 * The data categories retention knows:
 * - `preserved-data`: a preservation request (R4, E2 by default) released or expired — its
 *   content is anonymised, the count survives (type, countries, outcome, times);
 * - `closed-case`: the personal data of a closed case (title, links, evidence names and
 *   descriptions) is erased, the case's reference and times survive;
 * - `indicator`: a STIX indicator past its `valid_until` is deleted with all its versions and
 *   withdrawn from the peers that hold it.
 */
export const RETENTION_CATEGORIES = ['preserved-data', 'closed-case', 'indicator'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

export interface RetentionRule {
  readonly category: RetentionCategory;
  /** The legal basis of the period (recorded with every deletion), e.g. `BC Art 29(7)`. */
  readonly basis: string;
  /** Days after the category's start event (end of preservation, closing, `valid_until`). */
  readonly afterDays: number;
  /** `preserved-data` only: the request types the rule covers. */
  readonly types: readonly string[];
}

export interface OversightSettings {
  readonly retention: readonly RetentionRule[];
  /** Plan items processed per transaction-sized step of a run. */
  readonly retentionBatchSize: number;
  /** Interval of the retention sweep, in ms; 0: no timer (runs by hand or by tests). */
  readonly retentionSweepMs: number;
  /** Counts from 1 to `threshold - 1` are shown as `< threshold` in the transparency report. */
  readonly transparencyThreshold: number;
  /** Who may open which category of sealed personal data, and the bulk-access threshold. */
  readonly privacy: PrivacySettings;
}

export const DEFAULT_RETENTION_RULES: readonly RetentionRule[] = Object.freeze([
  { category: 'preserved-data', basis: 'BC Art 29(7)', afterDays: 30, types: ['R4', 'E2'] },
  { category: 'closed-case', basis: 'GDPR Art 5(1)(e)', afterDays: 365, types: [] },
  { category: 'indicator', basis: 'GDPR Art 5(1)(e)', afterDays: 90, types: [] },
] as const);

export const DEFAULT_OVERSIGHT_SETTINGS: OversightSettings = Object.freeze({
  retention: DEFAULT_RETENTION_RULES,
  retentionBatchSize: 50,
  retentionSweepMs: 3_600_000,
  transparencyThreshold: 5,
  privacy: DEFAULT_PRIVACY_SETTINGS,
});

export class OversightSettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'OversightSettingsError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function wholeNumber(v: unknown, at: string, min: number, max: number): number {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max)
    throw new OversightSettingsError(at, `must be a whole number from ${min} to ${max}`);
  return v as number;
}

function rule(v: unknown, at: string): RetentionRule {
  if (!isObject(v)) throw new OversightSettingsError(at, 'must be an object');
  for (const k of Object.keys(v))
    if (!['category', 'basis', 'afterDays', 'types'].includes(k))
      throw new OversightSettingsError(`${at}.${k}`, 'unknown setting');
  if (!(RETENTION_CATEGORIES as readonly unknown[]).includes(v.category))
    throw new OversightSettingsError(
      `${at}.category`,
      `must be one of ${RETENTION_CATEGORIES.join(', ')}`,
    );
  if (typeof v.basis !== 'string' || v.basis.trim() === '' || v.basis.length > 200)
    throw new OversightSettingsError(
      `${at}.basis`,
      'must name the legal basis (1 to 200 characters)',
    );
  const afterDays = wholeNumber(v.afterDays, `${at}.afterDays`, 0, 36_500);
  const category = v.category as RetentionCategory;
  let types: string[] = [];
  if (category === 'preserved-data') {
    types = (v.types ?? ['R4', 'E2']) as string[];
    if (
      !Array.isArray(types) ||
      types.length === 0 ||
      !types.every((t) => /^[A-Z]\d{1,2}$/.test(t))
    )
      throw new OversightSettingsError(
        `${at}.types`,
        'must list request types such as ["R4", "E2"]',
      );
  } else if (v.types !== undefined)
    throw new OversightSettingsError(`${at}.types`, `applies to preserved-data only`);
  return { category, basis: v.basis.trim(), afterDays, types };
}

function privacy(v: unknown, at: string): PrivacySettings {
  if (!isObject(v)) throw new OversightSettingsError(at, 'must be an object');
  for (const k of Object.keys(v))
    if (!['roles', 'bulkSubjects', 'bulkWindowSeconds'].includes(k))
      throw new OversightSettingsError(`${at}.${k}`, 'unknown setting');
  const d = DEFAULT_PRIVACY_SETTINGS;
  let roles = d.roles;
  if (v.roles !== undefined) {
    if (!isObject(v.roles))
      throw new OversightSettingsError(`${at}.roles`, 'must map data categories to lists of roles');
    const chosen: Record<DataCategory, readonly Role[]> = { ...d.roles };
    for (const [category, list] of Object.entries(v.roles)) {
      if (!(DATA_CATEGORIES as readonly string[]).includes(category))
        throw new OversightSettingsError(
          `${at}.roles.${category}`,
          `is not a data category (${DATA_CATEGORIES.join(', ')})`,
        );
      if (
        !Array.isArray(list) ||
        !list.every((r) => typeof r === 'string' && (ROLES as readonly string[]).includes(r))
      )
        throw new OversightSettingsError(
          `${at}.roles.${category}`,
          `must list roles among ${ROLES.join(', ')}`,
        );
      chosen[category as DataCategory] = list as Role[];
    }
    roles = chosen;
  }
  return Object.freeze({
    roles,
    bulkSubjects:
      v.bulkSubjects === undefined
        ? d.bulkSubjects
        : wholeNumber(v.bulkSubjects, `${at}.bulkSubjects`, 1, 100_000),
    bulkWindowSeconds:
      v.bulkWindowSeconds === undefined
        ? d.bulkWindowSeconds
        : wholeNumber(v.bulkWindowSeconds, `${at}.bulkWindowSeconds`, 60, 2_592_000),
  });
}

const KEYS = [
  'retention',
  'retentionBatchSize',
  'retentionSweepSeconds',
  'transparencyThreshold',
  'privacy',
];

/**
 * Parses the settings object; `label` prefixes the names in errors. Unknown keys are refused;
 * a category may have several rules (one per legal basis or request type), the first matching
 * one applies. Throws {@link OversightSettingsError}.
 */
export function parseOversightSettings(raw: unknown, label = 'oversight'): OversightSettings {
  if (!isObject(raw)) throw new OversightSettingsError(label, 'must be a JSON object');
  for (const k of Object.keys(raw))
    if (!KEYS.includes(k)) throw new OversightSettingsError(`${label}.${k}`, 'unknown setting');
  const d = DEFAULT_OVERSIGHT_SETTINGS;
  let retention = d.retention;
  if (raw.retention !== undefined) {
    if (!Array.isArray(raw.retention))
      throw new OversightSettingsError(`${label}.retention`, 'must be a list of rules');
    retention = raw.retention.map((r, i) => rule(r, `${label}.retention[${i}]`));
  }
  return Object.freeze({
    retention,
    retentionBatchSize:
      raw.retentionBatchSize === undefined
        ? d.retentionBatchSize
        : wholeNumber(raw.retentionBatchSize, `${label}.retentionBatchSize`, 1, 10_000),
    retentionSweepMs:
      raw.retentionSweepSeconds === undefined
        ? d.retentionSweepMs
        : wholeNumber(raw.retentionSweepSeconds, `${label}.retentionSweepSeconds`, 0, 604_800) *
          1000,
    transparencyThreshold:
      raw.transparencyThreshold === undefined
        ? d.transparencyThreshold
        : wholeNumber(raw.transparencyThreshold, `${label}.transparencyThreshold`, 1, 1000),
    privacy: raw.privacy === undefined ? d.privacy : privacy(raw.privacy, `${label}.privacy`),
  });
}
