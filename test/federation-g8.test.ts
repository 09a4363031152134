/**
 * The G8 test (issue 6 §8): eight nodes as separate `nohaven start` processes on 127.0.0.1 —
 * Canada, France, Germany, Italy, Japan, Russia, the United Kingdom and the United States;
 * every other one on PostgreSQL when it is configured — peered through their REST APIs with
 * the fingerprints their operators would read out. A Love-Bug-like scenario:
 *
 * - reports of the same worm URL at three nodes (France, Japan, the United States) reach every
 *   node's outbreak detector as aggregates: the alert is raised on every node, naming the three
 *   countries — including Italy's, killed with SIGKILL before the reports and restarted between
 *   the second and the third — and the contact point located in an affected country on every
 *   node gets it live on its SSE stream as `event: alert`;
 * - a TLP:AMBER+STRICT object never leaves France;
 * - a TLP:RED object France names two users of Japan and the United States for (as
 *   `username@<their organisation>`) reaches those two nodes only, and there only the named
 *   users read it;
 * - an indicator shared with `all` reaches every node, the restarted one included, exactly once;
 * - when France tightens it to AMBER+STRICT, every peer deletes it and France shows all seven
 *   confirmations.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIALECTS, type TestDialect } from './support/dialects.js';
import {
  apiToken,
  peerAll,
  startCluster,
  waitFor,
  type ClusterNode,
} from './support/node-cluster.js';
import { openSse, type SseConnection } from './support/sse-client.js';
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

/** A user of node `n` with `role`, in `organization` (default: the node's); returns its token. */
async function user(n: ClusterNode, username: string, role: string, organization?: string) {
  const password = `g8-password-${randomUUID()}`;
  const res = await n.api('POST', '/api/v1/users', { username, role, password, organization });
  expect(res.status, `${n.spec.key}: ${res.text}`).toBe(201);
  return apiToken(n.url, username, password);
}

/** A contact point on `n` in an organisation located in `country`; returns its API token. */
async function contactPoint(n: ClusterNode, country: string): Promise<string> {
  const org = await n.api('POST', '/api/v1/organizations', {
    name: `${country} contact point at ${n.spec.key}`,
    sector: 'cert',
    country,
  });
  expect(org.status, `${n.spec.key}: ${org.text}`).toBe(201);
  const { id } = (org.json as { organization: { id: string } }).organization;
  return user(n, `${country.toLowerCase()}-contact`, 'contact-point', id);
}

const stream = (n: ClusterNode, token: string) =>
  openSse(`${n.url}/api/v1/stream`, { authorization: `Bearer ${token}` });

const holds = async (n: ClusterNode, id: string) =>
  (await n.api('GET', `/api/v1/objects/${id}`)).status === 200;
const nodeIdOf = async (n: ClusterNode) =>
  ((await n.api('GET', '/api/v1/federation/node')).json as { descriptor: { nodeId: string } })
    .descriptor.nodeId;
const alertsOf = async (n: ClusterNode) =>
  ((await n.api('GET', '/api/v1/alerts')).json as { alerts: { countries: string[] }[] }).alerts;

it(
  'raises the alert on every node, keeps AMBER+STRICT home, catches up after SIGKILL, withdraws',
  async () => {
    const fr = node('fr');
    const italy = node('it');
    const others = nodes.filter((n) => n !== fr);

    // On every node a contact point located in one of the countries the worm will hit.
    const affected = ['FR', 'JP', 'US'];
    const contactTokens = new Map<ClusterNode, string>();
    for (const [i, n] of nodes.entries())
      contactTokens.set(n, await contactPoint(n, affected[i % affected.length]!));
    const strict = indicator('strict.example', TLP_IDS.amberStrict);
    const shared = indicator('shared.example', TLP_IDS.green);
    const streams = new Map<ClusterNode, SseConnection>();
    try {
      for (const n of others)
        if (n !== italy) streams.set(n, await stream(n, contactTokens.get(n)!));
      streams.set(fr, await stream(fr, contactTokens.get(fr)!));

      // Italy goes down hard before anything happens.
      await italy.kill();

      await store(fr, [strict, shared], 'all');
      for (const key of ['fr', 'jp'])
        await store(node(key), wormReport(node(key).spec.country), 'connected');

      // Italy returns (catching up what it missed) and its contact point listens before the
      // third report trips the detectors.
      await italy.restart();
      streams.set(italy, await stream(italy, contactTokens.get(italy)!));
      await store(node('us'), wormReport('US'), 'connected');

      // The alert on every node, for the three countries, and live to every contact point.
      for (const n of nodes) {
        await waitFor(async () => {
          const alerts = await alertsOf(n);
          return alerts.some((a) => affected.every((c) => a.countries.includes(c)));
        }, `the outbreak alert at ${n.spec.key}`);
        await streams
          .get(n)!
          .until((c) => c.events.some((e) => e.event === 'alert' && e.data.includes(URL_VALUE)));
      }
    } finally {
      for (const s of streams.values()) s.close();
    }
    // The shared indicator everywhere, once; AMBER+STRICT nowhere but home.
    for (const n of others) {
      await waitFor(() => holds(n, shared.id), `the shared indicator at ${n.spec.key}`);
      const versions = await n.api('GET', `/api/v1/objects/${shared.id}/versions`);
      expect((versions.json as { versions: unknown[] }).versions).toHaveLength(1);
      expect(await holds(n, strict.id), n.spec.key).toBe(false);
    }

    // TLP:RED for two named users, of Japan's and the United States' node organisations.
    const named = new Map<ClusterNode, { named: string; other: string; org: string }>();
    for (const n of [node('jp'), node('us')]) {
      const descriptor = (await n.api('GET', '/api/v1/federation/node')).json as {
        descriptor: { organization: { id: string } };
      };
      named.set(n, {
        named: await user(n, `${n.spec.key}-red-reader`, 'analyst'),
        other: await user(n, `${n.spec.key}-colleague`, 'analyst'),
        org: descriptor.descriptor.organization.id,
      });
    }
    for (const p of others) {
      const res = await fr.api('PUT', `/api/v1/peers/${await nodeIdOf(p)}/policy`, {
        distributions: ['connected', 'all'],
        sharingGroups: [],
        maxTlp: 'red',
        content: ['objects', 'alerts', 'aggregates', 'legal'],
      });
      expect(res.status, res.text).toBe(200);
    }
    const red = indicator('red.example', TLP_IDS.red);
    const recipients = [...named].map(
      ([n, u]) => `recipient_user=${encodeURIComponent(`${n.spec.key}-red-reader@${u.org}`)}`,
    );
    const redRes = await fr.api(
      'POST',
      `/api/v1/objects?distribution=connected&${recipients.join('&')}`,
      { type: 'bundle', id: `bundle--${randomUUID()}`, objects: [red] },
    );
    expect(redRes.status, redRes.text).toBe(201);
    for (const [n, u] of named) {
      const read = (token: string) => n.api('GET', `/api/v1/objects/${red.id}`, undefined, token);
      await waitFor(
        async () => (await read(u.named)).status === 200,
        `the named reader at ${n.spec.key}`,
      );
      expect((await read(u.other)).status, `${n.spec.key} colleague`).toBe(404);
      expect((await read(n.adminToken)).status, `${n.spec.key} admin`).toBe(404);
    }
    // France sent it to those two nodes and to no other.
    const redView = (await fr.api('GET', `/api/v1/objects/${red.id}/federation`)).json as {
      peers: { node_id: string }[];
    };
    expect(redView.peers.map((p) => p.node_id).sort()).toEqual(
      (await Promise.all([node('jp'), node('us')].map(nodeIdOf))).sort(),
    );
    // Not even an administrator's break-glass finds it in Germany.
    const de = node('de');
    const glass = await de.api('POST', '/api/v1/break-glass', {
      reason: 'G8 test: checking that a TLP:RED object for other nodes never arrived here',
    });
    expect(glass.status, glass.text).toBe(201);
    expect((await de.api('GET', `/api/v1/objects/${red.id}`)).status).toBe(404);

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
