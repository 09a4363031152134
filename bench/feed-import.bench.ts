import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FloorResult, FullResult } from './feed-import.phases.js';
import { promisify } from 'node:util';
import type { BenchResult } from './bench.types.js';
import { indexerNote } from './indexer-switch.js';

/** Issue 4: the full path reaches at least 40 % of the raw floor, measured in the same run. */
const TARGET_RATIO = 0.4;
const TARGET_RSS_MIB = 400;

/**
 * End-to-end import of a CSV feed (`BENCH_FEED_LINES`, default 1,000,000 lines) into SQLite:
 * parse → enrich → de-duplicate → store, exactly what `nohaven import FILE --feed DEF` runs.
 * Each line reports one observable — IPv4 (40 %), IPv6 (15 %), URL (25 %) or domain (20 %) —
 * drawn from a pool of half as many values as lines, with times spread over one day, so feeds
 * repeat themselves as real ones do. The floor of the same run stores the same data with the
 * least work (see `rawFloor` in feed-import.phases.ts), into a fresh migrated database with the
 * node's pragmas. `BENCH_INDEXER=off` runs the full path without the observable index writer
 * (see indexer-switch.ts). Each phase runs in its own process, so each peak RSS is that phase's alone.
 */
export async function run(): Promise<BenchResult[]> {
  const lines = Number(process.env.BENCH_FEED_LINES ?? 1_000_000);
  const tmp = mkdtempSync(join(tmpdir(), 'nohaven-bench-feed-'));
  try {
    const file = join(tmp, 'feed.csv');
    await writeFeed(file, lines);
    const floor = await inChild<FloorResult>('floor', file, join(tmp, 'floor'));
    const full = await inChild<FullResult>('full', file, join(tmp, 'node'));
    if (full.records !== lines) throw new Error(`read ${full.records} of ${lines} lines`);
    if (full.problems !== 0) throw new Error(`${full.problems} problems in a clean feed`);
    const floorRate = lines / floor.seconds;
    const fullRate = lines / full.seconds;
    const ratio = fullRate / floorRate;
    const peak = full.maxRssMiB;
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
        name: `nohaven import --feed (full path, atomic${indexerNote()})`,
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
        name: 'peak RSS of the import process',
        value: Math.round(peak),
        unit: 'MiB',
        target: `≤ ${TARGET_RSS_MIB} MiB`,
        ok: peak <= TARGET_RSS_MIB,
      },
      { name: 'peak RSS of the floor process', value: Math.round(floor.maxRssMiB), unit: 'MiB' },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

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

/** Runs one phase of the bench in a fresh process (see feed-import.phases.ts). */
async function inChild<T>(phase: 'floor' | 'full', file: string, dataDir: string): Promise<T> {
  const script = join(import.meta.dirname, 'feed-import.phases.ts');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', script, phase, file, dataDir],
    { maxBuffer: 1 << 20 },
  );
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}
