import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { runImport } from '../src/cli/commands/import.command.js';
import { openNodeWith } from '../src/cli/open-node.js';
import { parseFeedDefinition, type FeedDefinition } from '../src/intake/feeds/feed-definition.js';
import { parseConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/connection.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';
import type { BenchResult } from './bench.types.js';

/** Issue 4: the full path reaches at least 40 % of the raw floor, measured in the same run. */
const TARGET_RATIO = 0.4;
const TARGET_RSS_MIB = 400;

/**
 * End-to-end import of a CSV feed (`BENCH_FEED_LINES`, default 1,000,000 lines) into SQLite:
 * parse → enrich → de-duplicate → store, exactly what `nohaven import FILE --feed DEF` runs.
 * Each line reports one observable — IPv4 (40 %), IPv6 (15 %), URL (25 %) or domain (20 %) —
 * drawn from a pool of half as many values as lines, with times spread over one day, so feeds
 * repeat themselves as real ones do. The floor of the same run stores the same data with the
 * least work (see {@link rawFloor}), into a fresh migrated database with the node's pragmas.
 */
export async function run(): Promise<BenchResult[]> {
  const lines = Number(process.env.BENCH_FEED_LINES ?? 1_000_000);
  const tmp = mkdtempSync(join(tmpdir(), 'nohaven-bench-feed-'));
  try {
    const file = join(tmp, 'feed.csv');
    await writeFeed(file, lines);
    const floor = await rawFloor(file, join(tmp, 'floor'));
    const rssBefore = process.memoryUsage().rss;
    const full = await fullImport(file, join(tmp, 'node'));
    if (full.records !== lines) throw new Error(`read ${full.records} of ${lines} lines`);
    if (full.problems !== 0) throw new Error(`${full.problems} problems in a clean feed`);
    const floorRate = lines / floor.seconds;
    const fullRate = lines / full.seconds;
    const ratio = fullRate / floorRate;
    const peak = process.resourceUsage().maxRSS / 1024;
    return [
      {
        name: `feed size (${lines.toLocaleString('en')} CSV lines)`,
        value: statSync(file).size / 1024 / 1024,
        unit: 'MiB',
      },
      {
        name: 'raw floor: read lines + split + prepared INSERTs',
        value: Math.round(floorRate),
        unit: 'lines/s',
      },
      {
        name: 'nohaven import --feed (full path, atomic)',
        value: Math.round(fullRate),
        unit: 'lines/s',
      },
      { name: 'objects stored (observables + observations)', value: full.stored, unit: 'objects' },
      { name: 'reports folded into observations', value: full.folded, unit: 'lines' },
      {
        name: 'nohaven import --feed / raw floor',
        value: Math.round(ratio * 1000) / 10,
        unit: '%',
        target: `≥ ${TARGET_RATIO * 100} %`,
        ok: ratio >= TARGET_RATIO,
      },
      {
        name: 'peak RSS of the bench process',
        value: Math.round(peak),
        unit: 'MiB',
        target: `≤ ${TARGET_RSS_MIB} MiB`,
        ok: peak <= TARGET_RSS_MIB,
      },
      { name: 'RSS before the import', value: Math.round(rssBefore / 1024 / 1024), unit: 'MiB' },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const DEFINITION: FeedDefinition = (() => {
  const parsed = parseFeedDefinition({
    name: 'bench-mixed',
    description: 'Benchmark feed: time, ip, url, fqdn, classification',
    format: 'csv',
    options: { header: true },
    fields: {
      'time.source': { column: 'time', convert: 'timestamp', timestamp: 'iso', required: true },
      'source.ip': { column: 'ip', convert: 'ip' },
      'source.url': { column: 'url', convert: 'url' },
      'source.fqdn': { column: 'fqdn', convert: 'fqdn' },
      'classification.type': { column: 'classification' },
    },
    tlp: 'GREEN',
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.definition;
})();

/** A small deterministic generator (mulberry32), so every run writes the same feed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeFeed(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  const next = random(42);
  const pool = Math.max(1, Math.floor(lines / 2));
  const day = Date.parse('2026-11-27T00:00:00Z');
  let buffer = 'time,ip,url,fqdn,classification\n';
  for (let i = 0; i < lines; i++) {
    const v = Math.floor(next() * pool);
    const kind = next();
    const time = new Date(day + Math.floor(next() * 86_400_000)).toISOString();
    const a = (v >> 16) & 255;
    const b = (v >> 8) & 255;
    const c = v & 255;
    if (kind < 0.4) buffer += `${time},10.${a}.${b}.${c},,,scanner\n`;
    else if (kind < 0.55)
      buffer += `${time},2001:db8:${a.toString(16)}:${b.toString(16)}::${c.toString(16)},,,scanner\n`;
    else if (kind < 0.8)
      buffer += `${time},,http://host-${v}.example.net/login?id=${v},,phishing\n`;
    else buffer += `${time},,,host-${v}.example.org,malware-distribution\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/**
 * Seconds for the raw floor: the same data stored with the least work — read the lines, split
 * the columns, and insert one row per distinct observable and one per distinct (observable,
 * day) observation, as plain prepared INSERTs in one transaction. Returns the rows inserted.
 */
async function rawFloor(file: string, dataDir: string): Promise<{ seconds: number; rows: number }> {
  const handle = openDatabase({ url: null, dataDir });
  await migrateToLatest(handle);
  await handle.close();
  const sqlite = new SQLite(join(dataDir, 'nohaven.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const insert = sqlite.prepare(
    `insert into stix_objects (id, type, modified, created, spec_version, date_added, revoked, is_latest,
       created_by_ref, name, description, tlp, owner_org_id, distribution, content)
     values (?, ?, ?, null, '2.1', ?, 0, 1, null, ?, null, null, null, 'community', ?)`,
  );
  const started = performance.now();
  const now = new Date().toISOString();
  const observables = new Set<string>();
  const observations = new Set<string>();
  let rows = 0;
  sqlite.exec('begin');
  let n = 0;
  for await (const line of createInterface({
    input: createReadStream(file, { highWaterMark: 1 << 20 }),
  })) {
    if (n++ === 0) continue; // header
    const [time = '', ip = '', url = '', fqdn = ''] = line.split(',');
    const type = ip ? (ip.includes(':') ? 'ipv6-addr' : 'ipv4-addr') : url ? 'url' : 'domain-name';
    const value = ip || url || fqdn;
    if (!observables.has(value)) {
      observables.add(value);
      insert.run(`${type}--${n}`, type, now, now, value, `{"type":"${type}","value":"${value}"}`);
      rows++;
    }
    const key = `${value}|${time.slice(0, 10)}`;
    if (!observations.has(key)) {
      observations.add(key);
      insert.run(
        `observed-data--${n}`,
        'observed-data',
        time,
        now,
        null,
        `{"type":"observed-data","first_observed":"${time}","object_refs":["${value}"]}`,
      );
      rows++;
    }
  }
  sqlite.exec('commit');
  const seconds = (performance.now() - started) / 1000;
  sqlite.close();
  return { seconds, rows };
}

async function fullImport(
  file: string,
  dataDir: string,
): Promise<{ seconds: number; records: number; stored: number; folded: number; problems: number }> {
  const node = await openNodeWith(
    parseConfig({ NOHAVEN_DATA_DIR: dataDir, NOHAVEN_LOG_LEVEL: 'warn' }),
    process.stderr,
  );
  try {
    const started = performance.now();
    const summary = await runImport(node, createReadStream(file, { highWaterMark: 1 << 20 }), {
      mode: 'atomic',
      feed: DEFINITION,
    });
    return {
      seconds: (performance.now() - started) / 1000,
      records: summary.records,
      stored: summary.stored,
      folded: summary.folded,
      problems: summary.problemCount,
    };
  } finally {
    await node.close();
  }
}
