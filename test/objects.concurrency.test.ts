import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices } from '../src/app.js';
import { parseConfig } from '../src/platform/config.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/database/connection.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { bundle, indicator } from './support/stix-fixtures.js';

/**
 * Several nohaven processes serve one node through PostgreSQL (DESIGN.md, "Rules of the
 * house"). Each "process" here has its own connection pool and services, as a separate process
 * would; they share nothing in memory.
 */
describeDialects('several writers on one database', (dialect) => {
  let db: TestDatabase;
  const extra: DatabaseHandle[] = [];

  beforeAll(async () => {
    db = await dialect.create();
  });
  afterAll(async () => {
    for (const h of extra) await h.close();
    await db?.dispose();
  });

  it('keeps one latest version per object and a valid audit chain under concurrent writes', async () => {
    const config = parseConfig({
      NOHAVEN_ORG: 'Concurrent CERT',
      NOHAVEN_DATA_DIR: db.dataDir,
      ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    });
    const processes = [0, 1, 2].map(() => {
      const handle = db.url ? openDatabase({ url: db.url, dataDir: db.dataDir }) : db.handle;
      if (handle !== db.handle) extra.push(handle);
      return createServices({ config, database: handle });
    });
    // All processes start at once: exactly one first-run admin.
    const firstRuns = await Promise.all(
      processes.map((s) =>
        s.auth.ensureFirstRun({ organization: config.organization, country: null }),
      ),
    );
    expect(firstRuns.filter((f) => f !== null)).toHaveLength(1);
    const orgId = firstRuns.find((f) => f !== null)!.organization.id;
    const actor = {
      kind: 'service' as const,
      name: 'writer',
      organizationId: orgId,
      role: 'analyst' as const,
    };

    // Every process writes versions of the same 30 objects, in different orders.
    const base = Array.from({ length: 30 }, () => indicator());
    const versionsOf = (p: number) =>
      base.flatMap((o, n) =>
        [1, 2, 3].map((v) => ({
          ...o,
          modified: `2026-0${v}-0${(p % 3) + 1}T00:00:00.000Z`,
          name: `v${v} p${p} ${n}`,
        })),
      );
    await Promise.all(
      processes.map((s, p) =>
        Promise.all([
          s.objects.ingest(actor, bundle(versionsOf(p)).objects, { mode: 'partial' }),
          s.objects.ingest(actor, bundle(versionsOf(p).reverse()).objects, { mode: 'atomic' }),
        ]),
      ),
    );

    for (const o of base) {
      const versions = await processes[0]!.objects.versions(actor, o.id);
      expect(versions.filter((v) => v.latest)).toHaveLength(1);
      expect(versions[0]!.latest).toBe(true); // newest first, and it is the latest
      expect(new Set(versions.map((v) => v.modified)).size).toBe(versions.length);
    }
    expect(await processes[1]!.audit.verify()).toMatchObject({ ok: true });
  });
});
