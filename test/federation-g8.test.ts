/**
 * The G8 test (issue 6 §8): eight nodes as separate `nohaven start` processes on 127.0.0.1 —
 * Canada, France, Germany, Italy, Japan, Russia, the United Kingdom and the United States;
 * every other one on PostgreSQL when it is configured — peered through their REST APIs with
 * the fingerprints their operators would read out. A Love-Bug-like scenario:
 *
 * - reports of the same worm URL at three nodes (France, Japan, the United States) reach every
 *   node's outbreak detector as aggregates: the alert is raised on every node, naming the three
 *   countries — including Italy's, killed with SIGKILL before the reports and restarted after;
 * - a TLP:AMBER+STRICT object never leaves France;
 * - an indicator shared with `all` reaches every node, the restarted one included, exactly once;
 * - when France tightens it to AMBER+STRICT, every peer deletes it and France shows all seven
 *   confirmations.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIALECTS, type TestDialect } from './support/dialects.js';
import { peerAll, startCluster, waitFor, type ClusterNode } from './support/node-cluster.js';
import { TLP_IDS } from './support/stix-fixtures.js';

const SLOW = 600_000;
const URL_VALUE = 'http://love-letter.example/LOVE-LETTER-FOR-YOU.TXT.vbs';
const G8: readonly [string, string, string][] = [
  ['ca', 'CA', 'Canadian Centre for Cyber Security'],
  ['fr', 'FR', 'CERT-FR'],
  ['de', 'DE', 'BSI CERT-Bund'],
  ['it', 'IT', 'CSIRT Italia'],
  ['jp', 'JP', 'JPCERT/CC'],
  ['ru', 'RU', 'RU-CERT'],
  ['gb', 'GB', 'NCSC UK'],
  ['us', 'US', 'CISA'],
];

let nodes: ClusterNode[] = [];
const node = (key: string) => nodes.find((n) => n.spec.key === key)!;
const dialect = (i: number): TestDialect => DIALECTS[i % DIALECTS.length]!;

beforeAll(async () => {
  nodes = await startCluster(
    G8.map(([key, country, organization], i) => ({
      key,
      nodeName: `${organization} node`,
      organization,
      country,
      dialect: dialect(i),
    })),
  );
  await peerAll(nodes);
}, SLOW);
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.dispose()));
}, SLOW);

async function store(n: ClusterNode, objects: unknown[], distribution: string) {
  const res = await n.api('POST', `/api/v1/objects?distribution=${distribution}`, {
    type: 'bundle',
    id: `bundle--${randomUUID()}`,
    objects,
  });
  expect(res.status, `${n.spec.key}: ${res.text}`).toBe(201);
}

function indicator(name: string, marking: string, modified = '2026-11-29T10:00:00.000Z') {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2026-11-29T10:00:00.000Z',
    modified,
    name,
    pattern: `[domain-name:value = '${name}']`,
    pattern_type: 'stix',
    valid_from: '2026-11-29T10:00:00Z',
    object_marking_refs: [marking],
  };
}

function wormReport(country: string) {
  const green = { object_marking_refs: [TLP_IDS.green] };
  const url = { type: 'url', spec_version: '2.1', id: `url--${randomUUID()}`, value: URL_VALUE };
  const now = new Date().toISOString();
  return [
    {
      type: 'report',
      spec_version: '2.1',
      id: `report--${randomUUID()}`,
      created: now,
      modified: now,
      name: `ILOVEYOU e-mails in ${country}`,
      published: now,
      report_types: ['campaign'],
      object_refs: [url.id],
      ...green,
    },
    { ...url, ...green },
  ];
}

const holds = async (n: ClusterNode, id: string) =>
  (await n.api('GET', `/api/v1/objects/${id}`)).status === 200;
const alertsOf = async (n: ClusterNode) =>
  ((await n.api('GET', '/api/v1/alerts')).json as { alerts: { countries: string[] }[] }).alerts;

it(
  'raises the alert on every node, keeps AMBER+STRICT home, catches up after SIGKILL, withdraws',
  async () => {
    const fr = node('fr');
    const italy = node('it');
    const others = nodes.filter((n) => n !== fr);

    // Italy goes down hard before anything happens.
    await italy.kill();

    const strict = indicator('strict.example', TLP_IDS.amberStrict);
    const shared = indicator('shared.example', TLP_IDS.green);
    await store(fr, [strict, shared], 'all');
    for (const key of ['fr', 'jp', 'us'])
      await store(node(key), wormReport(node(key).spec.country), 'connected');

    await italy.restart();

    // The alert on every node, for the three countries.
    for (const n of nodes) {
      await waitFor(async () => {
        const alerts = await alertsOf(n);
        return alerts.some((a) => ['FR', 'JP', 'US'].every((c) => a.countries.includes(c)));
      }, `the outbreak alert at ${n.spec.key}`);
    }
    // The shared indicator everywhere, once; AMBER+STRICT nowhere but home.
    for (const n of others) {
      await waitFor(() => holds(n, shared.id), `the shared indicator at ${n.spec.key}`);
      const versions = await n.api('GET', `/api/v1/objects/${shared.id}/versions`);
      expect((versions.json as { versions: unknown[] }).versions).toHaveLength(1);
      expect(await holds(n, strict.id), n.spec.key).toBe(false);
    }

    // France tightens the indicator: every peer deletes it and confirms.
    await store(
      fr,
      [
        {
          ...shared,
          modified: '2026-11-29T11:00:00.000Z',
          object_marking_refs: [TLP_IDS.amberStrict],
        },
      ],
      'all',
    );
    for (const n of others)
      await waitFor(async () => !(await holds(n, shared.id)), `withdrawal at ${n.spec.key}`);
    await waitFor(async () => {
      const view = (await fr.api('GET', `/api/v1/objects/${shared.id}/federation`)).json as {
        peers: { state: string }[];
      };
      return view.peers.filter((p) => p.state === 'confirmed').length === others.length;
    }, 'seven confirmations at France');
  },
  SLOW,
);
