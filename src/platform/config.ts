import { isCountryCode } from './countries.js';
import {
  DEFAULT_OUTBREAK_SETTINGS,
  parseOutbreakSettings,
  type OutbreakSettings,
} from '../correlate/outbreak-settings.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** The node's settings, parsed once at boot, validated and frozen. */
export interface Config {
  /** Folder for the SQLite file, keys and other node state. */
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** Absent: the embedded SQLite database in `dataDir`; `postgres://…`: PostgreSQL. */
  readonly databaseUrl: string | null;
  /** The URL under which peers and browsers reach this node. */
  readonly baseUrl: string;
  readonly nodeName: string;
  /** Name of the organisation that operates the node. */
  readonly organization: string;
  /** ISO 3166-1 alpha-2 code of the node's country; null until the operator sets it. */
  readonly country: string | null;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimit: number;
  readonly logLevel: LogLevel;
  /**
   * Intake de-duplication window, in seconds: reports of the same observable by the same
   * source within one window fold into one observation with a count.
   */
  readonly dedupWindowSeconds: number;
  /**
   * Index rows over which an observable value is "very common": correlation flags it and does
   * not expand it (issue 5), so one popular value never produces millions of rows.
   */
  readonly correlationCap: number;
  /**
   * Thresholds of the outbreak detector (issue 5, item 3); defaults as in
   * `DEFAULT_OUTBREAK_SETTINGS`. Environment: `NOHAVEN_OUTBREAK` as `name=value` pairs separated
   * by commas (`spreadMinCountries=3,spreadWindowSeconds=3600`); config file: an object.
   */
  readonly outbreak: OutbreakSettings;
  /**
   * Enrichment data files replacing the packaged ones (comma-separated in the environment):
   * ASN tables (`.csv` in the ip-location-db layout or `.mmdb`), country tables (same), and a
   * folder of MISP warninglists added to the built-in ones. Null: the packaged data only.
   */
  readonly asnDatabase: readonly string[] | null;
  readonly countryDatabase: readonly string[] | null;
  readonly warninglistsDir: string | null;
  /**
   * PEM certificate (chain) and private key for HTTPS; both or neither. Set: the node listens
   * with TLS only (TAXII 2.1 §1.6.1 requires HTTPS outside local development). The files are
   * read and matched at boot by `readTlsMaterial` (`tls.ts`).
   */
  readonly tlsCertFile: string | null;
  readonly tlsKeyFile: string | null;
  /**
   * SMTP server for e-mail notifications (`smtp://user:pass@host:587`, `smtps://…`); null: no
   * e-mail is sent (e-mail deliveries fail and are dead-lettered, visible to admins).
   */
  readonly smtpUrl: string | null;
  /** The `From:` address of notification e-mail (X-ARF `Reported-From`). */
  readonly mailFrom: string;
  /** Attempts of one delivery before it is dead-lettered. */
  readonly deliveryAttempts: number;
  /** Delay before the first retry, in seconds; each later retry doubles it (at most 6 hours). */
  readonly retryDelaySeconds: number;
  /** Time a webhook endpoint has to answer, in milliseconds. */
  readonly webhookTimeoutMs: number;
  /** How long e-mail notifications to one recipient are gathered into one message, in seconds. */
  readonly mailBatchSeconds: number;
  /** Interval of the delivery worker's look for due deliveries, in milliseconds; 0: never polls. */
  readonly deliveryPollMs: number;
  /** Sector code of the operator in the node descriptor (issue 6), e.g. `cert`, `isp`. */
  readonly sector: string;
  /** Largest accepted gap between a signed federation request's date and this clock, in seconds. */
  readonly federationClockSkewSeconds: number;
  /** A peer unreachable for longer than this, in seconds, raises an alert (issue 6 §7). */
  readonly peerUnreachableAlertSeconds: number;
  /** Largest evidence file a case accepts, in bytes (issue 7, item 7). */
  readonly evidenceMaxBytes: number;
  /**
   * JSON file of the legal-cooperation settings (issue 7: role map, approvers per type and
   * country, period overrides of [U] rules, reminder lead times, calendars); null: defaults.
   * Read and checked at boot (`cooperation/cooperation.settings.ts`).
   */
  readonly cooperationFile: string | null;
  /**
   * Tests only: a file holding the node's current time (an instant, or an offset from the real
   * time) that its clock reads on every use (`platform/clock-file.ts`); null: the real clock.
   */
  readonly clockFile: string | null;
  /**
   * JSON file of the oversight settings (issue 8, items 3 and 6: retention rules per data
   * category and legal basis, the transparency report's small-count threshold); null: defaults.
   * Read and checked at boot (`oversight/oversight.settings.ts`).
   */
  readonly oversightFile: string | null;
  /**
   * The privacy master key(s) as base64, comma-separated, current first (issue 8, item 1);
   * null: the key file `<dataDir>/privacy/master.key`. Keep it out of config files.
   */
  readonly masterKey: string | null;
  /** Interval of signed audit checkpoints, in seconds (issue 8, item 4); 0: on demand only. */
  readonly auditCheckpointSeconds: number;
  /**
   * Base URLs of outside witnesses of the audit checkpoints (any nohaven node that registered
   * this one); comma-separated in the environment, an array in the config file.
   */
  readonly auditWitnesses: readonly string[];
  /** Interval of the audit sweep (checkpoints due, witness outbox, alerts), in ms; 0: never. */
  readonly auditPollMs: number;
  /** Delay before the first retry of a witness that did not answer; doubles each time. */
  readonly auditWitnessRetrySeconds: number;
  /** Unusual-access alerts (issue 8, item 5): the window the rules count in, in seconds. */
  readonly auditAlertWindowSeconds: number;
  /** Bulk access: more object reads or exports than this by one user in one window. */
  readonly auditAlertBulkReads: number;
  /** Unusual rate: reads in a window above this factor times the user's own mean per window… */
  readonly auditAlertRateFactor: number;
  /** …and at least this many (so 1 → 6 reads does not fire). */
  readonly auditAlertRateMinimum: number;
  /** Days of history the user's own baseline is taken from. */
  readonly auditAlertBaselineDays: number;
  /** Working hours (UTC, Monday to Friday) as `HH-HH`; break-glass outside them alerts. */
  readonly auditAlertWorkingHours: { readonly from: number; readonly to: number };
}

/** A setting that stops the start; `setting` names it as the operator wrote it. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Each setting: its environment variable and its key in a config file. */
export const SETTINGS = {
  dataDir: { env: 'NOHAVEN_DATA_DIR', key: 'dataDir' },
  host: { env: 'NOHAVEN_HOST', key: 'host' },
  port: { env: 'NOHAVEN_PORT', key: 'port' },
  databaseUrl: { env: 'NOHAVEN_DATABASE_URL', key: 'databaseUrl' },
  baseUrl: { env: 'NOHAVEN_BASE_URL', key: 'baseUrl' },
  nodeName: { env: 'NOHAVEN_NODE_NAME', key: 'nodeName' },
  organization: { env: 'NOHAVEN_ORG', key: 'organization' },
  country: { env: 'NOHAVEN_COUNTRY', key: 'country' },
  bodyLimit: { env: 'NOHAVEN_BODY_LIMIT', key: 'bodyLimit' },
  logLevel: { env: 'NOHAVEN_LOG_LEVEL', key: 'logLevel' },
  dedupWindowSeconds: { env: 'NOHAVEN_DEDUP_WINDOW_SECONDS', key: 'dedupWindowSeconds' },
  correlationCap: { env: 'NOHAVEN_CORRELATION_CAP', key: 'correlationCap' },
  outbreak: { env: 'NOHAVEN_OUTBREAK', key: 'outbreak' },
  asnDatabase: { env: 'NOHAVEN_ASN_DATABASE', key: 'asnDatabase' },
  countryDatabase: { env: 'NOHAVEN_COUNTRY_DATABASE', key: 'countryDatabase' },
  warninglistsDir: { env: 'NOHAVEN_WARNINGLISTS_DIR', key: 'warninglistsDir' },
  tlsCertFile: { env: 'NOHAVEN_TLS_CERT_FILE', key: 'tlsCertFile' },
  tlsKeyFile: { env: 'NOHAVEN_TLS_KEY_FILE', key: 'tlsKeyFile' },
  smtpUrl: { env: 'NOHAVEN_SMTP_URL', key: 'smtpUrl' },
  mailFrom: { env: 'NOHAVEN_MAIL_FROM', key: 'mailFrom' },
  deliveryAttempts: { env: 'NOHAVEN_DELIVERY_ATTEMPTS', key: 'deliveryAttempts' },
  retryDelaySeconds: { env: 'NOHAVEN_RETRY_DELAY_SECONDS', key: 'retryDelaySeconds' },
  webhookTimeoutMs: { env: 'NOHAVEN_WEBHOOK_TIMEOUT_MS', key: 'webhookTimeoutMs' },
  mailBatchSeconds: { env: 'NOHAVEN_MAIL_BATCH_SECONDS', key: 'mailBatchSeconds' },
  deliveryPollMs: { env: 'NOHAVEN_DELIVERY_POLL_MS', key: 'deliveryPollMs' },
  sector: { env: 'NOHAVEN_SECTOR', key: 'sector' },
  federationClockSkewSeconds: {
    env: 'NOHAVEN_FEDERATION_CLOCK_SKEW_SECONDS',
    key: 'federationClockSkewSeconds',
  },
  peerUnreachableAlertSeconds: {
    env: 'NOHAVEN_PEER_UNREACHABLE_ALERT_SECONDS',
    key: 'peerUnreachableAlertSeconds',
  },
  evidenceMaxBytes: { env: 'NOHAVEN_EVIDENCE_MAX_BYTES', key: 'evidenceMaxBytes' },
  cooperationFile: { env: 'NOHAVEN_COOPERATION_FILE', key: 'cooperationFile' },
  clockFile: { env: 'NOHAVEN_CLOCK_FILE', key: 'clockFile' },
  oversightFile: { env: 'NOHAVEN_OVERSIGHT_FILE', key: 'oversightFile' },
  masterKey: { env: 'NOHAVEN_MASTER_KEY', key: 'masterKey' },
  auditCheckpointSeconds: {
    env: 'NOHAVEN_AUDIT_CHECKPOINT_SECONDS',
    key: 'auditCheckpointSeconds',
  },
  auditWitnesses: { env: 'NOHAVEN_AUDIT_WITNESSES', key: 'auditWitnesses' },
  auditPollMs: { env: 'NOHAVEN_AUDIT_POLL_MS', key: 'auditPollMs' },
  auditWitnessRetrySeconds: {
    env: 'NOHAVEN_AUDIT_WITNESS_RETRY_SECONDS',
    key: 'auditWitnessRetrySeconds',
  },
  auditAlertWindowSeconds: {
    env: 'NOHAVEN_AUDIT_ALERT_WINDOW_SECONDS',
    key: 'auditAlertWindowSeconds',
  },
  auditAlertBulkReads: { env: 'NOHAVEN_AUDIT_ALERT_BULK_READS', key: 'auditAlertBulkReads' },
  auditAlertRateFactor: { env: 'NOHAVEN_AUDIT_ALERT_RATE_FACTOR', key: 'auditAlertRateFactor' },
  auditAlertRateMinimum: { env: 'NOHAVEN_AUDIT_ALERT_RATE_MINIMUM', key: 'auditAlertRateMinimum' },
  auditAlertBaselineDays: {
    env: 'NOHAVEN_AUDIT_ALERT_BASELINE_DAYS',
    key: 'auditAlertBaselineDays',
  },
  auditAlertWorkingHours: {
    env: 'NOHAVEN_AUDIT_ALERT_WORKING_HOURS',
    key: 'auditAlertWorkingHours',
  },
} as const satisfies Record<keyof Config, { env: string; key: string }>;

export type ConfigSource = Readonly<Record<string, unknown>>;

/**
 * Builds the configuration from a config file's values and the environment (the environment
 * wins). Pure: the caller reads the file and passes `process.env`.
 * Throws {@link ConfigError} naming the first bad setting.
 */
export function parseConfig(env: ConfigSource, file: ConfigSource = {}): Config {
  for (const key of Object.keys(file)) {
    if (!Object.values(SETTINGS).some((s) => s.key === key)) {
      throw new ConfigError(key, 'unknown setting in the config file');
    }
  }
  const raw = (name: keyof Config): { label: string; value: string | undefined } => {
    const s = SETTINGS[name];
    const fromEnv = env[s.env];
    if (typeof fromEnv === 'string' && fromEnv !== '') return { label: s.env, value: fromEnv };
    const fromFile = file[s.key];
    if (fromFile === undefined || fromFile === null) return { label: s.key, value: undefined };
    if (Array.isArray(fromFile) && fromFile.every((f) => typeof f === 'string')) {
      return { label: s.key, value: fromFile.join(',') };
    }
    if (typeof fromFile !== 'string' && typeof fromFile !== 'number') {
      throw new ConfigError(s.key, 'must be a string or a number');
    }
    return { label: s.key, value: String(fromFile) };
  };

  const dataDir = raw('dataDir').value ?? './data';
  const host = raw('host').value ?? '127.0.0.1';
  const port = integerSetting(raw('port'), 8080, 0, 65535);
  const databaseUrl = databaseUrlSetting(raw('databaseUrl'));
  const nodeName = textSetting(raw('nodeName'), 'nohaven node');
  const organization = textSetting(raw('organization'), 'Node operator');
  const countryRaw = raw('country');
  const country = countryRaw.value === undefined ? null : countryRaw.value.trim().toUpperCase();
  if (country !== null && !isCountryCode(country)) {
    throw new ConfigError(
      countryRaw.label,
      `"${countryRaw.value}" is not an ISO 3166-1 alpha-2 country code (for example FR, JP, CA)`,
    );
  }
  const bodyLimit = integerSetting(raw('bodyLimit'), 100 * 1024 * 1024, 1024, 2 ** 31);
  const dedupWindowSeconds = integerSetting(raw('dedupWindowSeconds'), 86_400, 1, 366 * 86_400);
  const correlationCap = integerSetting(raw('correlationCap'), 1000, 1, 1_000_000);
  const outbreak = outbreakSetting(env[SETTINGS.outbreak.env], file[SETTINGS.outbreak.key]);
  const logLevelRaw = raw('logLevel');
  const logLevel = (logLevelRaw.value ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(logLevelRaw.label, `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const tlsCertRaw = raw('tlsCertFile');
  const tlsKeyRaw = raw('tlsKeyFile');
  const tlsCertFile = tlsCertRaw.value?.trim() || null;
  const tlsKeyFile = tlsKeyRaw.value?.trim() || null;
  // The missing half is named the way its partner was written (environment or file key).
  const fromEnv = (label: string): boolean => label.startsWith('NOHAVEN_');
  if (tlsCertFile !== null && tlsKeyFile === null) {
    const missing = fromEnv(tlsCertRaw.label) ? SETTINGS.tlsKeyFile.env : SETTINGS.tlsKeyFile.key;
    throw new ConfigError(missing, `must be set together with ${tlsCertRaw.label}`);
  }
  if (tlsKeyFile !== null && tlsCertFile === null) {
    const missing = fromEnv(tlsKeyRaw.label) ? SETTINGS.tlsCertFile.env : SETTINGS.tlsCertFile.key;
    throw new ConfigError(missing, `must be set together with ${tlsKeyRaw.label}`);
  }
  const scheme = tlsCertFile === null ? 'http' : 'https';
  const baseUrlRaw = raw('baseUrl');
  const baseUrl = (
    baseUrlRaw.value ?? `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`
  ).replace(/\/+$/, '');
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(baseUrlRaw.label, `"${baseUrl}" is not an http(s) URL`);
  }
  const asnDatabase = dataFilesSetting(raw('asnDatabase'));
  const countryDatabase = dataFilesSetting(raw('countryDatabase'));
  const warninglistsRaw = raw('warninglistsDir').value?.trim();
  const warninglistsDir = warninglistsRaw ? warninglistsRaw : null;
  const smtpUrl = smtpUrlSetting(raw('smtpUrl'));
  const mailFromRaw = raw('mailFrom');
  const mailFrom = (mailFromRaw.value ?? `nohaven@${new URL(baseUrl).hostname}`).trim();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom))
    throw new ConfigError(mailFromRaw.label, `"${mailFrom}" is not an e-mail address`);
  const deliveryAttempts = integerSetting(raw('deliveryAttempts'), 8, 1, 100);
  const retryDelaySeconds = integerSetting(raw('retryDelaySeconds'), 30, 1, 86_400);
  const webhookTimeoutMs = integerSetting(raw('webhookTimeoutMs'), 5000, 1, 120_000);
  const mailBatchSeconds = integerSetting(raw('mailBatchSeconds'), 60, 0, 86_400);
  const deliveryPollMs = integerSetting(raw('deliveryPollMs'), 1000, 0, 3_600_000);
  const sectorRaw = raw('sector');
  const sector = (sectorRaw.value ?? 'other').trim();
  if (!/^[a-z0-9-]{1,64}$/.test(sector))
    throw new ConfigError(
      sectorRaw.label,
      `"${sector}" is not a sector code (lower-case letters, digits and hyphens, e.g. cert, isp)`,
    );
  const federationClockSkewSeconds = integerSetting(
    raw('federationClockSkewSeconds'),
    900,
    1,
    86_400,
  );
  const peerUnreachableAlertSeconds = integerSetting(
    raw('peerUnreachableAlertSeconds'),
    900,
    1,
    30 * 86_400,
  );
  const evidenceMaxBytes = integerSetting(raw('evidenceMaxBytes'), 64 * 1024 * 1024, 1, 2 ** 30);
  const cooperationFile = raw('cooperationFile').value?.trim() || null;
  const clockFile = raw('clockFile').value?.trim() || null;
  const oversightFile = raw('oversightFile').value?.trim() || null;
  const masterKey = raw('masterKey').value?.trim() || null;
  const auditCheckpointSeconds = integerSetting(
    raw('auditCheckpointSeconds'),
    3600,
    0,
    366 * 86_400,
  );
  const auditWitnesses = witnessUrlsSetting(raw('auditWitnesses'));
  const auditPollMs = integerSetting(raw('auditPollMs'), 10_000, 0, 3_600_000);
  const auditWitnessRetrySeconds = integerSetting(raw('auditWitnessRetrySeconds'), 60, 1, 86_400);
  const auditAlertWindowSeconds = integerSetting(
    raw('auditAlertWindowSeconds'),
    3600,
    60,
    7 * 86_400,
  );
  const auditAlertBulkReads = integerSetting(raw('auditAlertBulkReads'), 1000, 1, 100_000_000);
  const auditAlertRateFactor = integerSetting(raw('auditAlertRateFactor'), 5, 2, 1000);
  const auditAlertRateMinimum = integerSetting(raw('auditAlertRateMinimum'), 100, 1, 100_000_000);
  const auditAlertBaselineDays = integerSetting(raw('auditAlertBaselineDays'), 14, 1, 366);
  const auditAlertWorkingHours = workingHoursSetting(raw('auditAlertWorkingHours'));
  return Object.freeze({
    dataDir,
    host,
    port,
    databaseUrl,
    baseUrl,
    nodeName,
    organization,
    country,
    bodyLimit,
    logLevel,
    dedupWindowSeconds,
    correlationCap,
    outbreak,
    asnDatabase,
    countryDatabase,
    warninglistsDir,
    tlsCertFile,
    tlsKeyFile,
    smtpUrl,
    mailFrom,
    deliveryAttempts,
    retryDelaySeconds,
    webhookTimeoutMs,
    mailBatchSeconds,
    deliveryPollMs,
    sector,
    federationClockSkewSeconds,
    peerUnreachableAlertSeconds,
    evidenceMaxBytes,
    cooperationFile,
    clockFile,
    oversightFile,
    masterKey,
    auditCheckpointSeconds,
    auditWitnesses,
    auditPollMs,
    auditWitnessRetrySeconds,
    auditAlertWindowSeconds,
    auditAlertBulkReads,
    auditAlertRateFactor,
    auditAlertRateMinimum,
    auditAlertBaselineDays,
    auditAlertWorkingHours,
  });
}

/** Comma-separated http(s) base URLs (an array in the config file); none when unset. */
function witnessUrlsSetting(r: { label: string; value: string | undefined }): readonly string[] {
  if (r.value === undefined) return Object.freeze([]);
  const urls = r.value
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter((u) => u !== '');
  for (const u of urls) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new ConfigError(r.label, `"${u}" is not a URL`);
    }
    if (
      (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
      parsed.search ||
      parsed.hash
    )
      throw new ConfigError(
        r.label,
        `"${u}" must be an http(s) base URL without query or fragment`,
      );
  }
  return Object.freeze([...new Set(urls)]);
}

/** `HH-HH` (UTC hours, the end excluded), e.g. `07-19`; default 07-19. */
function workingHoursSetting(r: { label: string; value: string | undefined }): {
  readonly from: number;
  readonly to: number;
} {
  if (r.value === undefined) return Object.freeze({ from: 7, to: 19 });
  const m = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(r.value);
  const from = m ? Number(m[1]) : NaN;
  const to = m ? Number(m[2]) : NaN;
  if (!(from >= 0 && from <= 23 && to >= 1 && to <= 24 && from < to))
    throw new ConfigError(r.label, `"${r.value}" is not HH-HH working hours (for example 07-19)`);
  return Object.freeze({ from, to });
}

function smtpUrlSetting(r: { label: string; value: string | undefined }): string | null {
  const v = r.value?.trim();
  if (!v) return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(r.label, 'is not a valid URL');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
    throw new ConfigError(r.label, 'must be an smtp:// or smtps:// URL');
  return v;
}

/** Comma-separated `.csv` / `.mmdb` paths (an array in the config file); null when unset. */
function dataFilesSetting(r: {
  label: string;
  value: string | undefined;
}): readonly string[] | null {
  if (r.value === undefined) return null;
  const files = r.value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (files.length === 0) throw new ConfigError(r.label, 'names no file');
  for (const f of files) {
    if (!/\.(csv|mmdb)$/i.test(f))
      throw new ConfigError(r.label, `"${f}" must be a .csv or .mmdb file`);
  }
  return Object.freeze(files);
}

function integerSetting(
  r: { label: string; value: string | undefined },
  fallback: number,
  min: number,
  max: number,
): number {
  if (r.value === undefined) return fallback;
  if (!/^\d+$/.test(r.value.trim()))
    throw new ConfigError(r.label, `"${r.value}" is not a whole number`);
  const n = Number(r.value);
  if (n < min || n > max) throw new ConfigError(r.label, `must be between ${min} and ${max}`);
  return n;
}

function textSetting(r: { label: string; value: string | undefined }, fallback: string): string {
  if (r.value === undefined) return fallback;
  const v = r.value.trim();
  if (v.length === 0 || v.length > 200)
    throw new ConfigError(r.label, 'must be 1 to 200 characters');
  return v;
}

function databaseUrlSetting(r: { label: string; value: string | undefined }): string | null {
  if (r.value === undefined) return null;
  if (!/^postgres(ql)?:\/\//.test(r.value)) {
    throw new ConfigError(
      r.label,
      'must be a postgres:// URL (leave it unset for the embedded SQLite database)',
    );
  }
  try {
    new URL(r.value);
  } catch {
    throw new ConfigError(r.label, 'is not a valid URL');
  }
  return r.value;
}

/** The configuration as `nohaven config check` prints it: passwords in URLs masked. */
export function maskedConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl === null ? null : maskUrlPassword(config.databaseUrl),
    smtpUrl: config.smtpUrl === null ? null : maskUrlPassword(config.smtpUrl),
  };
}

export function maskUrlPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return '****';
  }
}

/**
 * The outbreak thresholds: from the environment as `name=value,…`, else from the config file as
 * an object, else the defaults. Errors name the variable or key and the threshold.
 */
function outbreakSetting(fromEnv: unknown, fromFile: unknown): OutbreakSettings {
  const { env: envName, key } = SETTINGS.outbreak;
  if (typeof fromEnv === 'string' && fromEnv.trim() !== '') {
    const pairs: Record<string, string> = {};
    for (const part of fromEnv.split(',')) {
      const m = /^\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(part);
      if (!m) {
        throw new ConfigError(
          envName,
          `"${part.trim()}" is not name=value (for example spreadMinCountries=3)`,
        );
      }
      pairs[m[1]!] = m[2]!;
    }
    return parseOutbreakSettings(pairs, (name) => `${envName} ${name}`);
  }
  if (fromFile === undefined || fromFile === null) return DEFAULT_OUTBREAK_SETTINGS;
  if (typeof fromFile !== 'object' || Array.isArray(fromFile)) {
    throw new ConfigError(key, 'must be an object of thresholds, e.g. { "spreadMinCountries": 3 }');
  }
  return parseOutbreakSettings(fromFile as Record<string, unknown>, (name) => `${key}.${name}`);
}
