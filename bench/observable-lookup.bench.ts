import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  correlationRepository as repo,
  lookupKey,
} from '../src/correlate/correlation.repository.js';
import {
  domainKey,
  ipKey,
  relatedLookups,
  urlKeys,
  type ObservableKey,
} from '../src/correlate/observable-keys.js';
import { parseConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/connection.js';
import type { Database } from '../src/platform/database/schema.js';
import { withinReachFilter, type ReadFilter } from '../src/policy/read-policy.js';
import type { BenchResult } from './bench.types.js';
import { lookupDatabase } from './observable-lookup.build.js';
import {
  addressOf,
  domainOf,
  dotted,
  familyOf,
  LOOKUP_ORGS,
  mix32,
  networkOf,
  random,
  sha256Of,
  urlOf,
} from './observable-lookup.data.js';

/** Issue 5, item 8: one observable lookup in process, p99 at most 1 ms. */
const TARGET_P99_MS = 1;
/** The correlation service's default page (`DEFAULT_LIMIT` in correlation.service.ts). */
const LIMIT = 100;
const WARM_UP = 1_000;

/**
 * Observable lookup against `BENCH_LOOKUP_SIZE` stored indicators (default 10,000,000) in
 * SQLite. The database is built once (see observable-lookup.build.ts; kept in
 * `BENCH_LOOKUP_DIR`, default `$TMPDIR/nohaven-bench-lookup-SIZE`, while the schema is the same).
 *
 * One lookup is what the correlation service does for one seed value, with the same code: the
 * value's key (`ipKey`, `domainKey`, `urlKeys` — a URL is two keys, itself and its host), its
 * related lookups (`relatedLookups`: the same value, the 32 networks that may contain an
 * address, a domain's parents and subdomains, a network's contents), each counted against the
 * "very common" cap (`countHits`), then fetched with the read policy of an analyst of one of
 * the 8 owning organisations (`hits`, `withinReachFilter`), through Kysely on the node's own
 * connection (`openDatabase`, its pragmas). `BENCH_LOOKUP_COUNT` lookups (default 100,000)
 * after 1,000 not counted, drawn at random from: stored addresses, random addresses, addresses
 * inside stored networks, stored networks, stored domains, subdomains of stored domains,
 * unknown domains, stored and unknown URLs, stored and unknown SHA-256 digests. The floor of
 * the same run: one bare prepared better-sqlite3 `SELECT` of one stored address's exact key on
 * the same index.
 */
export async function run(): Promise<BenchResult[]> {
  const size = Number(process.env.BENCH_LOOKUP_SIZE ?? 10_000_000);
  const count = Number(process.env.BENCH_LOOKUP_COUNT ?? 100_000);
  const dataDir =
    process.env.BENCH_LOOKUP_DIR ?? join(tmpdir(), `nohaven-bench-lookup-${String(size)}`);
  const built = await lookupDatabase(dataDir, size);
  const bytes = sizeOf(built.file) + sizeOf(`${built.file}-wal`);

  const floor = rawFloor(built.file, size, count);
  const handle = openDatabase({ url: null, dataDir });
  let measured: Measured;
  try {
    const cap = parseConfig({}).correlationCap;
    const filter = withinReachFilter({
      organizationId: LOOKUP_ORGS[0]!,
      userId: 'user--6c1f4a52-8d3e-4b7a-9f20-5e8d7c6b5a41',
      sharingGroupIds: [],
      breakGlass: false,
    });
    measured = await measure(handle.db, filter, cap, size, count);
  } finally {
    await handle.close();
  }
  const floorAgain = rawFloor(built.file, size, count);

  const us = (ms: number) => Math.round(ms * 1000);
  const p99 = percentile(measured.all, 0.99);
  return [
    { name: 'indicators stored', value: size, unit: 'indicators' },
    { name: 'observable_keys rows', value: built.indexRows, unit: 'rows' },
    {
      name: `database build (setup: raw prepared INSERTs${built.cached ? ', cached' : ''})`,
      value: Math.round(built.buildSeconds),
      unit: 's',
    },
    { name: 'database size', value: Math.round(bytes / 1024 / 1024), unit: 'MiB' },
    {
      name: `lookups measured (${measured.hitShare} % found readable rows)`,
      value: count,
      unit: 'lookups',
    },
    { name: 'lookup p50', value: us(percentile(measured.all, 0.5)), unit: 'µs' },
    {
      name: 'lookup p99',
      value: us(p99),
      unit: 'µs',
      target: `≤ ${TARGET_P99_MS * 1000} µs`,
      ok: p99 <= TARGET_P99_MS,
    },
    { name: 'lookup max', value: us(maxOf(measured.all)), unit: 'µs' },
    {
      name: 'raw floor p50: prepared SELECT of one exact key',
      value: us(Math.min(percentile(floor, 0.5), percentile(floorAgain, 0.5))),
      unit: 'µs',
    },
    {
      name: 'raw floor p99',
      value: us(Math.min(percentile(floor, 0.99), percentile(floorAgain, 0.99))),
      unit: 'µs',
    },
  ];
}

type Probe = 'address' | 'random-address' | 'in-network' | 'network' | 'domain' | 'subdomain';
type ProbeKind = Probe | 'unknown-domain' | 'url' | 'unknown-url' | 'sha256' | 'unknown-sha256';

/** Share of each probe in the drawn lookups (sums to 1), and whether it must find something. */
const PROBES: readonly (readonly [ProbeKind, number, boolean])[] = [
  ['address', 0.25, true],
  ['random-address', 0.1, false],
  ['in-network', 0.15, true],
  ['network', 0.05, true],
  ['domain', 0.1, true],
  ['subdomain', 0.1, true],
  ['unknown-domain', 0.05, false],
  ['url', 0.05, true],
  ['unknown-url', 0.05, false],
  ['sha256', 0.05, true],
  ['unknown-sha256', 0.05, false],
];

interface Measured {
  /** Milliseconds of each counted lookup. */
  readonly all: number[];
  /** Percentage of the lookups that found at least one index row. */
  readonly hitShare: number;
}

async function measure(
  db: Kysely<Database>,
  filter: ReadFilter,
  cap: number,
  size: number,
  count: number,
): Promise<Measured> {
  const next = random(7);
  const all: number[] = [];
  const byProbe = new Map<ProbeKind, number[]>();
  let found = 0;
  for (let n = -WARM_UP; n < count; n++) {
    const [probe, mustFind] = drawProbe(next());
    const keys = probeKeys(probe, size, next);
    const started = performance.now();
    const rows = await lookup(db, keys, filter, cap);
    const elapsed = performance.now() - started;
    if (mustFind && !(await indexed(db, keys, cap)))
      throw new Error(`a ${probe} lookup found nothing: ${JSON.stringify(keys)}`);
    if (n < 0) continue;
    all.push(elapsed);
    if (rows.found) found++;
    let list = byProbe.get(probe);
    if (!list) byProbe.set(probe, (list = []));
    list.push(elapsed);
  }
  for (const [probe, list] of byProbe) {
    process.stderr.write(
      `  ${probe.padEnd(15)} ${String(list.length).padStart(7)} lookups  ` +
        `p50 ${percentile(list, 0.5).toFixed(3)} ms  p99 ${percentile(list, 0.99).toFixed(3)} ms  ` +
        `max ${maxOf(list).toFixed(3)} ms\n`,
    );
  }
  return { all, hitShare: Math.round((found / count) * 1000) / 10 };
}

/**
 * One lookup: each key through `lookupKey`, the correlation service's own per-seed lookup.
 * `counted`: whether any key found index rows, whoever may read them (the cap count).
 */
async function lookup(
  db: Kysely<Database>,
  keys: readonly ObservableKey[],
  filter: ReadFilter,
  cap: number,
): Promise<{ found: boolean }> {
  let found = false;
  for (const key of keys) {
    const result = await lookupKey(db, key, filter, { cap, limit: LIMIT + 1 });
    if (result.common || result.found.length > 0) found = true;
  }
  return { found };
}

/** Whether the index holds rows related to any of `keys`, whoever may read them (not timed). */
async function indexed(
  db: Kysely<Database>,
  keys: readonly ObservableKey[],
  cap: number,
): Promise<boolean> {
  for (const key of keys)
    if ((await repo.keyRows(db, relatedLookups(key), cap)).length > 0) return true;
  return false;
}

function drawProbe(r: number): readonly [ProbeKind, boolean] {
  let at = 0;
  for (const [probe, share, mustFind] of PROBES) {
    at += share;
    if (r < at) return [probe, mustFind];
  }
  return [PROBES[0]![0], PROBES[0]![2]];
}

/** A stored indicator of one family, at random among the first `size`. */
function storedOf(size: number, next: () => number, wanted: (i: number) => boolean): number {
  for (;;) {
    const i = Math.floor(next() * size);
    if (wanted(i)) return i;
  }
}

/** The keys of the value a probe looks up, from its text, with the real key functions. */
function probeKeys(probe: ProbeKind, size: number, next: () => number): ObservableKey[] {
  const of = (f: ReturnType<typeof familyOf>) => storedOf(size, next, (i) => familyOf(i) === f);
  const domainFamily = (i: number) => familyOf(i) === 'domain' || familyOf(i) === 'domain-url';
  const miss = Math.floor(next() * 2 ** 31);
  const keys = ((): (ObservableKey | undefined)[] => {
    switch (probe) {
      case 'address':
        return [ipKey(dotted(addressOf(of('ipv4'))))];
      case 'random-address':
        return [ipKey(dotted(mix32(miss, 0x31)))];
      case 'in-network': {
        const [base, length] = networkOf(of('ipv4-net'));
        const offset = Math.floor(next() * 2 ** (32 - length));
        return [ipKey(dotted((base + offset) >>> 0))];
      }
      case 'network': {
        const [base, length] = networkOf(of('ipv4-net'));
        return [ipKey(`${dotted(base)}/${length}`)];
      }
      case 'domain':
        return [domainKey(domainOf(storedOf(size, next, domainFamily)))];
      case 'subdomain':
        return [domainKey(`www.${domainOf(storedOf(size, next, domainFamily))}`)];
      case 'unknown-domain':
        return [domainKey(`nx-${miss}.zone-${miss % 10_000}.example.org`)];
      case 'url':
        return urlKeys(urlOf(of('url')));
      case 'unknown-url':
        return urlKeys(`https://nx-${miss}.example.org/login?id=${miss}`);
      case 'sha256':
        return [{ kind: 'sha256', value: sha256Of(of('sha256')) }];
      case 'unknown-sha256':
        return [{ kind: 'sha256', value: sha256Of(-1 - miss) }];
    }
  })();
  return keys.filter((k): k is ObservableKey => k !== undefined);
}

/** Milliseconds of `count` bare exact-key SELECTs of stored addresses, on a connection of its own. */
function rawFloor(file: string, size: number, count: number): number[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    const select = sqlite.prepare(
      'select object_seq from observable_keys where kind = ? and value = ?',
    );
    const next = random(11);
    const out: number[] = [];
    for (let n = -WARM_UP; n < count; n++) {
      const i = storedOf(size, next, (j) => familyOf(j) === 'ipv4');
      const value = addressOf(i).toString(16).padStart(8, '0');
      const started = performance.now();
      const rows = select.all('ipv4', value);
      const elapsed = performance.now() - started;
      if (rows.length === 0) throw new Error(`the floor found no row for ${value}`);
      if (n >= 0) out.push(elapsed);
    }
    return out;
  } finally {
    sqlite.close();
  }
}

function percentile(samples: readonly number[], p: number): number {
  const values = [...samples].sort((a, b) => a - b);
  return values[Math.max(0, Math.ceil(p * values.length) - 1)] ?? 0;
}

function maxOf(samples: readonly number[]): number {
  return samples.reduce((a, b) => Math.max(a, b), 0);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
