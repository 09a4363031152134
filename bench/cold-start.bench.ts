import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './bench.types.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'nohaven.js');
const RUNS = 5;

/**
 * Cold start of a node (DESIGN.md: ≤ 1 s): `nohaven start` as `npm start` runs it, on an
 * existing SQLite data folder, timed from spawn until `/healthz` answers. Next to it, the floor
 * of the same run: spawning `node -e 0`. Needs the build (`npm run build`).
 */
export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join(ROOT, 'dist', 'nohaven.mjs'))) {
    throw new Error('cold-start.bench.ts needs the build: run `npm run build` first');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'nohaven-bench-start-'));
  try {
    await startOnce(dataDir); // the first run migrates and creates the admin: not a cold start
    const starts: number[] = [];
    for (let i = 0; i < RUNS; i++) starts.push(await startOnce(dataDir));
    const floors: number[] = [];
    for (let i = 0; i < RUNS; i++) floors.push(await timeSpawn([process.execPath, '-e', '0']));
    const start = median(starts);
    return [
      { name: 'node -e 0 (floor), median of 5', value: Math.round(median(floors)), unit: 'ms' },
      {
        name: 'cold start to /healthz, median of 5',
        value: Math.round(start),
        unit: 'ms',
        target: '≤ 1000 ms',
        ok: start <= 1000,
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Milliseconds from spawning `nohaven start` until its `/healthz` answers; then stops it. */
async function startOnce(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      NOHAVEN_DATA_DIR: dataDir,
      NOHAVEN_PORT: '0',
      NOHAVEN_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    for (;;) {
      const url = /listening on (http:\/\/[^\s]+)/.exec(out)?.[1];
      if (url) {
        const ok = await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return performance.now() - started;
      }
      if (child.exitCode !== null) throw new Error(`nohaven start exited: ${out}`);
      if (performance.now() - started > 30_000) throw new Error(`no answer after 30 s: ${out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function timeSpawn(argv: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return performance.now() - started;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
