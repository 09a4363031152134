import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, createServices } from '../src/app.js';
import { prepareNode } from '../src/node/node-setup.js';
import type { Actor } from '../src/platform/actor.js';
import { parseConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/connection.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';
import { deterministicScoId } from '../src/stix/ids.js';
import { openSse, type SseConnection } from '../test/support/sse-client.js';
import type { BenchResult } from './bench.types.js';

/** DESIGN.md: report → alert on one node, HTTP response of the tripping report → SSE event. */
const TARGET_P99_MS = 50;
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';

/**
 * Report-to-alert latency on one SQLite node over loopback (issue 5, item 8). Three
 * organisations in two countries each POST a STIX report of the same new URL; the third report
 * trips the spread rule (3 organisations, 2 countries). Timed: from the HTTP response of that
 * third POST until the SSE `event: alert` of the alert reaches a client subscribed as the first
 * organisation. `BENCH_ALERT_TRIPS` (default 200) separate outbreaks, one after the other.
 * The raw floor of the same run: the same kind of POST (one report of a new URL) until its
 * `event: object` reaches the same subscriber — storage, event bus and live stream without the
 * detector and the alert's own storing.
 *
 * Limit: the client runs in the node's own process and event loop, so "the HTTP response" is
 * when `fetch` resolves in that loop — after whatever the node did meanwhile (the detector's
 * work for the report may already be done): the figure is a lower bound of what a client in
 * another process sees. An event that arrives before the response counts as 0 ms and is
 * counted apart.
 */
export async function run(): Promise<BenchResult[]> {
  const trips = Number(process.env.BENCH_ALERT_TRIPS ?? 200);
  const tmp = mkdtempSync(join(tmpdir(), 'nohaven-alert-bench-'));
  const config = parseConfig({ NOHAVEN_DATA_DIR: tmp, NOHAVEN_PORT: '0' });
  const database = openDatabase({ url: null, dataDir: tmp });
  let sse: SseConnection | null = null;
  try {
    await migrateToLatest(database);
    const deps = { config, database, webRoot: null };
    const services = createServices(deps);
    const first = await prepareNode(services, config);
    if (!first) throw new Error('no first run');
    const admin: Actor = {
      kind: 'service',
      name: 'bench',
      organizationId: first.organization.id,
      role: 'admin',
    };
    const tokens: string[] = [];
    for (const [i, country] of ['HK', 'PH', 'HK'].entries()) {
      const org = await services.auth.createOrganization(admin, {
        name: `Bench org ${i}`,
        sector: 'industry',
        country,
      });
      const username = `bench-${i}`;
      await services.auth.createUser(admin, {
        username,
        role: 'analyst',
        organization: org.id,
        password: 'bench-password-1',
      });
      tokens.push((await services.auth.createTokenForUser(admin, username, 'bench')).token);
    }
    const app = await buildApp(deps, services);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    sse = await openSse(`${base}/api/v1/stream`, { authorization: `Bearer ${tokens[0]}` });
    const stream = sse;

    const post = async (token: string, url: string) => {
      const u = { type: 'url', spec_version: '2.1', value: url };
      const sco = { ...u, id: deterministicScoId(u), object_marking_refs: [GREEN] };
      const now = new Date().toISOString();
      const report = {
        type: 'report',
        spec_version: '2.1',
        id: `report--${crypto.randomUUID()}`,
        created: now,
        modified: now,
        name: 'Bench report',
        published: now,
        report_types: ['campaign'],
        object_refs: [sco.id],
        object_marking_refs: [GREEN],
      };
      const res = await fetch(`${base}/api/v1/objects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'bundle',
          id: `bundle--${crypto.randomUUID()}`,
          objects: [report, sco],
        }),
      });
      if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    /**
     * Starts watching for an event that `matches`, stamping the moment its bytes arrive (the
     * client checks on every chunk); resolves to that moment.
     */
    const watch = (matches: (event: string, data: string) => boolean) => {
      let at = 0;
      return stream
        .until((c) => {
          const hit = c.events.some((e) => matches(e.event, e.data));
          if (hit && at === 0) at = performance.now();
          return hit;
        })
        .then(() => at);
    };
    let early = 0;
    /** Event arrival minus HTTP response; an event that came first counts as 0 (and early). */
    const latencyOf = (arrived: number, answered: number) => {
      if (arrived < answered) early++;
      return Math.max(0, arrived - answered);
    };

    const floor: number[] = [];
    const latency: number[] = [];
    for (let i = 0; i < trips; i++) {
      const url = `http://floor-${i}.lovebug-bench.net/x`;
      const seen = watch((e, d) => e === 'object' && d.includes(url));
      await post(tokens[0]!, url);
      const answered = performance.now();
      floor.push(latencyOf(await seen, answered));
      stream.events.length = 0;
    }
    const earlyFloor = early;
    for (let i = 0; i < trips; i++) {
      const url = `http://outbreak-${i}.lovebug-bench.net/love.vbs`;
      await post(tokens[0]!, url);
      await post(tokens[1]!, url);
      const seen = watch((e, d) => e === 'alert' && d.includes(url));
      await post(tokens[2]!, url);
      const answered = performance.now();
      latency.push(latencyOf(await seen, answered));
      stream.events.length = 0;
    }
    const earlyAlerts = early - earlyFloor;
    await services.outbreak.idle();
    const alerts = await services.alerts.list(admin, { limit: 500 });
    if (alerts.length !== Math.min(trips, 500))
      throw new Error(`expected ${trips} alerts, found ${alerts.length}`);
    stream.close();
    await app.close();
    const p99 = percentile(latency, 99);
    return [
      {
        name: `floor: POST report → SSE object, p50 of ${trips}`,
        value: round(percentile(floor, 50)),
        unit: 'ms',
      },
      {
        name: `floor: POST report → SSE object, p99 of ${trips}`,
        value: round(percentile(floor, 99)),
        unit: 'ms',
      },
      { name: 'floor: SSE object before the HTTP response', value: earlyFloor, unit: 'count' },
      { name: 'SSE alert before the HTTP response', value: earlyAlerts, unit: 'count' },
      {
        name: `tripping report response → SSE alert, p50 of ${trips}`,
        value: round(percentile(latency, 50)),
        unit: 'ms',
      },
      {
        name: `tripping report response → SSE alert, p99 of ${trips}`,
        value: round(p99),
        unit: 'ms',
        target: `≤ ${TARGET_P99_MS} ms`,
        ok: p99 <= TARGET_P99_MS,
      },
    ];
  } finally {
    sse?.close();
    await database.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const round = (v: number) => Math.round(v * 100) / 100;
