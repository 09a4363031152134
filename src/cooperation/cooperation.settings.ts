import { isRole, type Role } from '../platform/actor.js';
import { isCountryCode } from '../platform/countries.js';
import { DEFAULT_CALENDARS, isHolidaySpec, isTimeZone, type CountryCalendar } from './calendar.js';
import { LEGAL_ROLES, type LegalRole, type Period } from './definitions/definition.schema.js';

/**
 * The operator's settings of legal cooperation (issue 7), parsed once at boot from the JSON file
 * named by `NOHAVEN_COOPERATION_FILE` (config file key `cooperationFile`); everything has a
 * default. Pure: the caller reads the file.
 *
 * ```json
 * {
 *   "roleMap": { "judge": ["investigator"] },
 *   "approvers": { "E1": { "DE": ["judge"], "*": ["judge", "prosecutor"] } },
 *   "deadlines": { "P7.answer": { "amount": 45, "unit": "days" } },
 *   "reminderLeadTimes": ["7d", "1d", "4h"],
 *   "supervisorRoles": ["admin"],
 *   "sweepIntervalSeconds": 60,
 *   "calendars": { "FR": { "zone": "Europe/Paris", "weekend": [0, 6], "holidays": ["07-14"] } }
 * }
 * ```
 */
export interface CooperationSettings {
  /** Node roles (`auth/roles.ts`) that hold each legal role. */
  readonly roleMap: Readonly<Record<LegalRole, readonly Role[]>>;
  /**
   * Who approves (four-eyes) each type, per requesting country (`*`: any other): legal roles
   * replacing the definition's approvers.
   */
  readonly approvers: Readonly<Record<string, Readonly<Record<string, readonly LegalRole[]>>>>;
  /** Period overrides, `TYPE.deadline` (and `TYPE.deadline.extension`). */
  readonly deadlines: Readonly<Record<string, Period>>;
  /** Reminders this many minutes before a deadline. */
  readonly reminderLeadMinutes: readonly number[];
  /** Node roles of the supervisors an overdue request escalates to. */
  readonly supervisorRoles: readonly Role[];
  /** Interval of the deadline sweep; 0: no timer (tests sweep by hand). */
  readonly sweepIntervalMs: number;
  readonly calendars: Readonly<Record<string, CountryCalendar>>;
}

export const DEFAULT_ROLE_MAP: Readonly<Record<LegalRole, readonly Role[]>> = Object.freeze({
  'contact-point': ['contact-point'],
  investigator: ['investigator'],
  prosecutor: ['investigator'],
  judge: ['investigator'],
  'central-authority': ['contact-point', 'investigator'],
  provider: ['contact-point', 'analyst'],
});

export const DEFAULT_COOPERATION_SETTINGS: CooperationSettings = Object.freeze<CooperationSettings>(
  {
    roleMap: DEFAULT_ROLE_MAP,
    approvers: {},
    deadlines: {},
    reminderLeadMinutes: [7 * 24 * 60, 24 * 60, 4 * 60],
    supervisorRoles: ['admin'],
    sweepIntervalMs: 60_000,
    calendars: DEFAULT_CALENDARS,
  },
);

export class CooperationSettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'CooperationSettingsError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function period(v: unknown, at: string): Period {
  if (
    !isObject(v) ||
    !Number.isInteger(v.amount) ||
    (v.amount as number) < 1 ||
    !['hours', 'days', 'working-days'].includes(v.unit as string)
  )
    throw new CooperationSettingsError(
      at,
      'must be { "amount": a whole number ≥ 1, "unit": "hours" | "days" | "working-days" }',
    );
  return { amount: v.amount as number, unit: v.unit as Period['unit'] };
}

/** `7d`, `24h`, `30m` → minutes. */
export function parseLeadTime(s: unknown, at: string): number {
  const m = typeof s === 'string' ? /^(\d+)([dhm])$/.exec(s.trim()) : null;
  if (!m || Number(m[1]) === 0)
    throw new CooperationSettingsError(at, `"${String(s)}" is not a lead time such as 7d, 4h, 30m`);
  return Number(m[1]) * { d: 1440, h: 60, m: 1 }[m[2] as 'd' | 'h' | 'm'];
}

function roles(v: unknown, at: string): Role[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((r) => typeof r === 'string' && isRole(r)))
    throw new CooperationSettingsError(at, 'must be a non-empty list of node roles');
  return v as Role[];
}

function legalRoles(v: unknown, at: string): LegalRole[] {
  if (
    !Array.isArray(v) ||
    v.length === 0 ||
    !v.every((r) => (LEGAL_ROLES as readonly unknown[]).includes(r))
  )
    throw new CooperationSettingsError(at, `must be a non-empty list of ${LEGAL_ROLES.join(', ')}`);
  return v as LegalRole[];
}

function calendar(v: unknown, at: string, base: CountryCalendar | undefined): CountryCalendar {
  if (!isObject(v)) throw new CooperationSettingsError(at, 'must be an object');
  const zone = v.zone ?? base?.zone;
  if (typeof zone !== 'string' || !isTimeZone(zone))
    throw new CooperationSettingsError(`${at}.zone`, `"${String(zone)}" is not an IANA time zone`);
  const weekend = v.weekend ?? base?.weekend ?? [0, 6];
  if (!Array.isArray(weekend) || !weekend.every((d) => Number.isInteger(d) && d >= 0 && d <= 6))
    throw new CooperationSettingsError(`${at}.weekend`, 'must list weekdays 0 (Sunday) to 6');
  const holidays = v.holidays ?? base?.holidays ?? [];
  if (!Array.isArray(holidays))
    throw new CooperationSettingsError(`${at}.holidays`, 'must be a list');
  holidays.forEach((h, i) => {
    if (typeof h !== 'string' || !isHolidaySpec(h))
      throw new CooperationSettingsError(
        `${at}.holidays[${i}]`,
        `"${String(h)}" is not MM-DD or YYYY-MM-DD`,
      );
  });
  return { zone, weekend: weekend as number[], holidays: holidays as string[] };
}

const KEYS = [
  'roleMap',
  'approvers',
  'deadlines',
  'reminderLeadTimes',
  'supervisorRoles',
  'sweepIntervalSeconds',
  'calendars',
];

/**
 * Parses the settings object (the JSON file's content); `label` prefixes the names in errors
 * (`cooperationFile`). Unknown keys are refused. Throws {@link CooperationSettingsError}.
 */
export function parseCooperationSettings(raw: unknown, label = 'cooperation'): CooperationSettings {
  if (!isObject(raw)) throw new CooperationSettingsError(label, 'must be a JSON object');
  for (const k of Object.keys(raw))
    if (!KEYS.includes(k)) throw new CooperationSettingsError(`${label}.${k}`, 'unknown setting');
  const d = DEFAULT_COOPERATION_SETTINGS;
  const roleMap: Record<LegalRole, readonly Role[]> = { ...d.roleMap };
  if (raw.roleMap !== undefined) {
    if (!isObject(raw.roleMap))
      throw new CooperationSettingsError(`${label}.roleMap`, 'must be an object');
    for (const [k, v] of Object.entries(raw.roleMap)) {
      if (!(LEGAL_ROLES as readonly string[]).includes(k))
        throw new CooperationSettingsError(`${label}.roleMap.${k}`, 'is not a legal role');
      roleMap[k as LegalRole] = roles(v, `${label}.roleMap.${k}`);
    }
  }
  const approvers: Record<string, Record<string, LegalRole[]>> = {};
  if (raw.approvers !== undefined) {
    if (!isObject(raw.approvers))
      throw new CooperationSettingsError(`${label}.approvers`, 'must be an object');
    for (const [type, byCountry] of Object.entries(raw.approvers)) {
      if (!isObject(byCountry))
        throw new CooperationSettingsError(
          `${label}.approvers.${type}`,
          'must be an object by country',
        );
      approvers[type] = {};
      for (const [country, v] of Object.entries(byCountry)) {
        if (country !== '*' && !isCountryCode(country))
          throw new CooperationSettingsError(
            `${label}.approvers.${type}.${country}`,
            'is not a country code or *',
          );
        approvers[type][country] = legalRoles(v, `${label}.approvers.${type}.${country}`);
      }
    }
  }
  const deadlines: Record<string, Period> = {};
  if (raw.deadlines !== undefined) {
    if (!isObject(raw.deadlines))
      throw new CooperationSettingsError(`${label}.deadlines`, 'must be an object');
    for (const [k, v] of Object.entries(raw.deadlines))
      deadlines[k] = period(v, `${label}.deadlines.${k}`);
  }
  let reminderLeadMinutes = d.reminderLeadMinutes;
  if (raw.reminderLeadTimes !== undefined) {
    if (!Array.isArray(raw.reminderLeadTimes))
      throw new CooperationSettingsError(
        `${label}.reminderLeadTimes`,
        'must be a list such as ["7d","1d","4h"]',
      );
    reminderLeadMinutes = raw.reminderLeadTimes.map((x, i) =>
      parseLeadTime(x, `${label}.reminderLeadTimes[${i}]`),
    );
  }
  const supervisorRoles =
    raw.supervisorRoles === undefined
      ? d.supervisorRoles
      : roles(raw.supervisorRoles, `${label}.supervisorRoles`);
  let sweepIntervalMs = d.sweepIntervalMs;
  if (raw.sweepIntervalSeconds !== undefined) {
    const s = raw.sweepIntervalSeconds;
    if (!Number.isInteger(s) || (s as number) < 0 || (s as number) > 86_400)
      throw new CooperationSettingsError(
        `${label}.sweepIntervalSeconds`,
        'must be a whole number from 0 to 86400',
      );
    sweepIntervalMs = (s as number) * 1000;
  }
  const calendars: Record<string, CountryCalendar> = { ...d.calendars };
  if (raw.calendars !== undefined) {
    if (!isObject(raw.calendars))
      throw new CooperationSettingsError(`${label}.calendars`, 'must be an object');
    for (const [country, v] of Object.entries(raw.calendars)) {
      if (!isCountryCode(country))
        throw new CooperationSettingsError(
          `${label}.calendars.${country}`,
          'is not a country code',
        );
      calendars[country] = calendar(v, `${label}.calendars.${country}`, d.calendars[country]);
    }
  }
  return Object.freeze({
    roleMap,
    approvers,
    deadlines,
    reminderLeadMinutes,
    supervisorRoles,
    sweepIntervalMs,
    calendars,
  });
}
