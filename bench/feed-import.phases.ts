/**
 * The two phases of the feed bench (feed-import.bench.ts), each run in a process of its own:
 * `tsx bench/feed-import.phases.ts floor|full FEED.csv DATA_DIR` prints one JSON line.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { runImport } from '../src/cli/commands/import.command.js';
import { openNodeWith } from '../src/cli/open-node.js';
import { parseFeedDefinition, type FeedDefinition } from '../src/intake/feeds/feed-definition.js';
import { parseConfig } from '../src/platform/config.js';
import { applySqliteCachePragmas, openDatabase } from '../src/platform/database/connection.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';
import { benchOverrides } from './indexer-switch.js';

export interface FloorResult {
  readonly seconds: number;
  readonly rows: number;
  readonly maxRssMiB: number;
}

export interface FullResult {
  readonly seconds: number;
  readonly records: number;
  readonly stored: number;
  readonly folded: number;
  readonly problems: number;
  readonly maxRssMiB: number;
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

/**
 * Seconds for the raw floor: the same data stored with the least work — read the lines, split
 * the columns, and insert one row per distinct observable and one per distinct (observable,
 * day) observation, as plain prepared INSERTs in one transaction. Returns the rows inserted.
 */
async function rawFloor(file: string, dataDir: string): Promise<Omit<FloorResult, 'maxRssMiB'>> {
  const handle = openDatabase({ url: null, dataDir });
  await migrateToLatest(handle);
  await handle.close();
  const sqlite = new SQLite(join(dataDir, 'nohaven.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  applySqliteCachePragmas(sqlite);
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

async function fullImport(file: string, dataDir: string): Promise<Omit<FullResult, 'maxRssMiB'>> {
  const node = await openNodeWith(
    parseConfig({ NOHAVEN_DATA_DIR: dataDir, NOHAVEN_LOG_LEVEL: 'warn' }),
    process.stderr,
    benchOverrides(),
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

const [phase, file, dataDir] = process.argv.slice(2);
if (phase !== undefined && file !== undefined && dataDir !== undefined) {
  const result =
    phase === 'floor' ? await rawFloor(file, dataDir) : await fullImport(file, dataDir);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB })}\n`);
}
