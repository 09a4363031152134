import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareNode } from '../src/node/node-setup.js';
import { TLP_IDS, bundle, indicator, malware } from './support/stix-fixtures.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';

describeDialects('the node: health, readiness, overview, built-in content', (dialect) => {
  let node: TestNode;
  let cookie: string;

  beforeAll(async () => {
    node = await makeTestNode(dialect);
    cookie = await node.signIn();
  });
  afterAll(async () => node?.close());

  it('answers liveness and readiness without authentication', async () => {
    expect((await node.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await node.app.inject({ url: '/readyz' })).json()).toEqual({
      ready: true,
      database: dialect.name,
    });
  });

  it('ships the five TLP 2.0 marking definitions with their official ids, once', async () => {
    for (const id of Object.values(TLP_IDS)) {
      const res = await node.app.inject({ url: `/api/v1/objects/${id}`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json().object.type).toBe('marking-definition');
    }
    const red = await node.app.inject({
      url: `/api/v1/objects/${TLP_IDS.red}`,
      headers: { cookie },
    });
    expect(red.json().object.name).toBe('TLP:RED');
    // A second preparation (a restart) creates no admin and stores nothing new.
    expect(await prepareNode(node.services, node.config)).toBeNull();
    const versions = await node.app.inject({
      url: `/api/v1/objects/${TLP_IDS.clear}/versions`,
      headers: { cookie },
    });
    expect(versions.json().versions).toHaveLength(1);
  });

  it('gives the overview with counts of what the actor may read', async () => {
    const anonymous = await node.app.inject({ url: '/api/v1/node' });
    expect(anonymous.statusCode).toBe(401);
    const before = (await node.app.inject({ url: '/api/v1/node', headers: { cookie } })).json();
    expect(before).toMatchObject({
      name: 'Test node',
      organization: { id: node.organizationId, name: 'Test CERT' },
      country: 'FR',
    });
    expect(before.counts.byType['marking-definition']).toBe(5);
    await node.services.objects.ingest(
      node.actor(),
      bundle([indicator(), indicator(), malware({ object_marking_refs: [TLP_IDS.red] })]).objects,
      { mode: 'atomic' },
    );
    const after = (await node.app.inject({ url: '/api/v1/node', headers: { cookie } })).json();
    // TLP:RED is for named users only (issue #3): the stored RED malware is not counted.
    expect(after.counts.total).toBe(before.counts.total + 2);
    expect(after.counts.byType.malware ?? 0).toBe(before.counts.byType.malware ?? 0);
    expect(after.counts.byType.indicator).toBe((before.counts.byType.indicator ?? 0) + 2);
  });

  it('serves the OpenAPI document', async () => {
    const res = await node.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/objects/',
        '/api/v1/objects/{id}',
        '/api/v1/auth/login',
        '/api/v1/tokens',
      ]),
    );
  });

  it('answers unknown routes with the standard error shape', async () => {
    const res = await node.app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NH_ERR_NOT_FOUND');
  });
});
