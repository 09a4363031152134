import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { openNodeWith } from '../src/cli/open-node.js';
import type { Actor } from '../src/platform/actor.js';
import { parseConfig } from '../src/platform/config.js';
import { deterministicScoId } from '../src/stix/index.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { makeTestNode } from './support/app.js';
import { TLP_IDS, bundle, indicator, type Obj } from './support/stix-fixtures.js';

/**
 * The sighting writer works after each commit, off the request's path. Closing the node (the
 * server's shutdown, or the end of a CLI command such as `nohaven import`) must let it finish
 * the reports already stored before the database closes: otherwise their sightings are lost and
 * the writer fails on a destroyed driver.
 */
const address = (() => {
  const o = { type: 'ipv4-addr', spec_version: '2.1', value: '198.51.100.23' };
  return { id: deterministicScoId(o), ...o } as Obj;
})();

function report(): Obj {
  return {
    type: 'observed-data',
    spec_version: '2.1',
    id: `observed-data--${randomUUID()}`,
    created: '2026-03-01T09:00:00.000Z',
    modified: '2026-03-01T09:00:00.000Z',
    first_observed: '2026-03-01T08:00:00.000Z',
    last_observed: '2026-03-01T08:30:00.000Z',
    number_observed: 1,
    object_refs: [address.id],
    object_marking_refs: [TLP_IDS.green],
  };
}

async function sightingsIn(db: TestDatabase): Promise<number> {
  const row = await db.handle.db
    .selectFrom('stix_objects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'sighting')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describeDialects('closing a node while sightings are being written', (dialect) => {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.dispose();
  });

  it('the server waits for the sighting writer before it closes', async () => {
    const node = await makeTestNode(dialect);
    opened.push(node.db);
    const cookie = await node.signIn();
    const post = (objects: Obj[]) =>
      node.app.inject({
        method: 'POST',
        url: '/api/v1/objects',
        headers: { cookie },
        payload: bundle(objects) as object,
      });
    const sighted = indicator({ pattern: "[ipv4-addr:value = '198.51.100.23']" });
    expect((await post([sighted])).statusCode).toBeLessThan(300);
    expect((await post([address, report()])).statusCode).toBeLessThan(300);

    await node.app.close(); // no `settled()` first: the shutdown itself must wait
    expect(await sightingsIn(node.db)).toBe(1);
  });

  it('a CLI command waits for the sighting writer before it closes the database', async () => {
    const db = await dialect.create();
    opened.push(db);
    const config = parseConfig({
      NOHAVEN_DATA_DIR: db.dataDir,
      NOHAVEN_ORG: 'Test CERT',
      NOHAVEN_COUNTRY: 'FR',
      ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    });
    const notices = new Writable({ write: (_chunk, _enc, done) => done() });
    const node = await openNodeWith(config, notices);
    const actor: Actor = {
      kind: 'service',
      name: 'test-import',
      organizationId: await node.services.node.organizationId(),
      role: 'analyst',
    };
    const sighted = indicator({ pattern: "[ipv4-addr:value = '198.51.100.23']" });
    await node.services.objects.ingest(actor, [sighted], { mode: 'atomic' });
    await node.services.objects.ingest(actor, [address, report()], { mode: 'atomic' });

    await node.close(); // the command's end, as `nohaven import` closes the node
    expect(await sightingsIn(db)).toBe(1);
  });
});
