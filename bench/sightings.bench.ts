import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../src/app.js';
import { prepareNode } from '../src/node/node-setup.js';
import type { Actor } from '../src/platform/actor.js';
import { parseConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/connection.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';
import { deterministicScoId, type StixObject } from '../src/stix/index.js';
import type { BenchResult } from './bench.types.js';

/**
 * Issue 5, item 2: the cost of the sighting writer behind a large import, on SQLite. One
 * organisation stores `BENCH_SIGHTING_INDICATORS` indicators (default 1,000), each on its own
 * IPv4 address; another then imports `BENCH_SIGHTING_REPORTS` observed-data (default 20,000),
 * each of its own address, of which one in 20 is an indicator's. Measured: the import's own
 * time (the writer runs after each batch's commit, off the import's path), then the time from
 * the import's return until every sighting is written (`settled()`), and the sightings written;
 * against the same import on a fresh node whose writer is stopped. Wall times vary with the
 * machine's load; the process CPU times of the two runs compare the work better.
 */
export async function run(): Promise<BenchResult[]> {
  const indicatorCount = Number(process.env.BENCH_SIGHTING_INDICATORS ?? 1000);
  const reportCount = Number(process.env.BENCH_SIGHTING_REPORTS ?? 20_000);
  const without = await phase(indicatorCount, reportCount, false);
  const withWriter = await phase(indicatorCount, reportCount, true);
  return [
    {
      name: `import of ${reportCount.toLocaleString('en')} observed-data + observables, no sighting writer`,
      value: Math.round(without.importMs),
      unit: 'ms',
    },
    {
      name: 'the same import with the sighting writer subscribed',
      value: Math.round(withWriter.importMs),
      unit: 'ms',
    },
    {
      name: 'process CPU time, import until settled, no sighting writer',
      value: Math.round(without.cpuMs),
      unit: 'ms',
    },
    {
      name: 'process CPU time, import until settled, with the sighting writer',
      value: Math.round(withWriter.cpuMs),
      unit: 'ms',
    },
    {
      name: 'sighting writer: import return → all sightings written',
      value: Math.round(withWriter.settleMs),
      unit: 'ms',
    },
    { name: 'sightings written', value: withWriter.sightings, unit: 'sightings' },
  ];
}

async function phase(
  indicatorCount: number,
  reportCount: number,
  writer: boolean,
): Promise<{ importMs: number; settleMs: number; cpuMs: number; sightings: number }> {
  const tmp = mkdtempSync(join(tmpdir(), 'nohaven-bench-sightings-'));
  const config = parseConfig({ NOHAVEN_DATA_DIR: tmp, NOHAVEN_PORT: '0' });
  const database = openDatabase({ url: null, dataDir: tmp });
  try {
    await migrateToLatest(database);
    const services = createServices({ config, database, webRoot: null });
    if (!writer) services.sightings.stop();
    const first = await prepareNode(services, config);
    if (!first) throw new Error('no first run');
    const root: Actor = {
      kind: 'service',
      name: 'bench',
      organizationId: first.organization.id,
      role: 'admin',
    };
    const other = await services.auth.createOrganization(root, {
      name: 'Reporter',
      sector: 'industry',
      country: 'NL',
    });
    const reporter: Actor = { ...root, organizationId: other.id, role: 'analyst' };

    const indicators: StixObject[] = [];
    for (let i = 0; i < indicatorCount; i++) {
      indicators.push({
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        created: '2026-11-01T00:00:00.000Z',
        modified: '2026-11-01T00:00:00.000Z',
        pattern: `[ipv4-addr:value = '${address(i * 20)}']`,
        pattern_type: 'stix',
        valid_from: '2026-11-01T00:00:00Z',
      } as StixObject);
    }
    await services.objects.ingest(root, indicators, { mode: 'atomic' });
    await services.sightings.settled();

    const objects: StixObject[] = [];
    for (let i = 0; i < reportCount; i++) {
      const sco = { type: 'ipv4-addr', spec_version: '2.1', value: address(i) };
      const scoId = deterministicScoId(sco);
      objects.push(
        { id: scoId, ...sco } as StixObject,
        {
          type: 'observed-data',
          spec_version: '2.1',
          id: `observed-data--00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
          created: '2026-11-02T00:00:00.000Z',
          modified: '2026-11-02T00:00:00.000Z',
          first_observed: '2026-11-02T00:00:00.000Z',
          last_observed: '2026-11-02T00:00:00.000Z',
          number_observed: 1,
          object_refs: [scoId],
        } as StixObject,
      );
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await services.objects.ingest(reporter, objects, { mode: 'partial' });
    const t1 = performance.now();
    await services.sightings.settled();
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const written = await database.db
      .selectFrom('stix_objects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'sighting')
      .executeTakeFirstOrThrow();
    if (writer && Number(written.n) === 0) throw new Error('no sighting was written');
    return {
      importMs: t1 - t0,
      settleMs: t2 - t1,
      cpuMs: (cpu.user + cpu.system) / 1000,
      sightings: Number(written.n),
    };
  } finally {
    await database.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The i-th address of 10.0.0.0/8. */
function address(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}
