/**
 * Federation between real node processes (issue 6): two `nohaven start` processes on
 * 127.0.0.1 — one on SQLite, one on PostgreSQL when it is configured — peer through their
 * REST APIs (descriptor + fingerprint), and what one stores for `all` reaches the other through
 * the signed change feed; AMBER+STRICT stays home; a node killed with SIGKILL catches up.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { DIALECTS } from './support/dialects.js';
import { peerAll, startCluster, waitFor, type ClusterNode } from './support/node-cluster.js';
import { TLP_IDS } from './support/stix-fixtures.js';

const SLOW = 240_000;

function indicator(name: string, marking: string) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2026-11-29T10:00:00.000Z',
    modified: '2026-11-29T10:00:00.000Z',
    name,
    pattern: `[domain-name:value = '${name}']`,
    pattern_type: 'stix',
    valid_from: '2026-11-29T10:00:00Z',
    object_marking_refs: [marking],
  };
}

describe('federation between node processes', () => {
  let paris: ClusterNode;
  let tokyo: ClusterNode;

  beforeAll(async () => {
    const last = DIALECTS[DIALECTS.length - 1]!;
    const nodes = await startCluster([
      {
        key: 'fr',
        nodeName: 'CERT-FR',
        organization: 'CERT-FR',
        country: 'FR',
        dialect: DIALECTS[0]!,
      },
      { key: 'jp', nodeName: 'JPCERT', organization: 'JPCERT/CC', country: 'JP', dialect: last },
    ]);
    paris = nodes[0]!;
    tokyo = nodes[1]!;
    await peerAll(nodes);
  }, SLOW);
  afterAll(async () => {
    await Promise.all([paris?.dispose(), tokyo?.dispose()]);
  });

  const store = async (node: ClusterNode, objects: unknown[], distribution: string) => {
    const res = await node.api('POST', `/api/v1/objects?distribution=${distribution}`, {
      type: 'bundle',
      id: `bundle--${randomUUID()}`,
      objects,
    });
    expect(res.status, res.text).toBe(201);
  };
  const holds = async (node: ClusterNode, id: string) =>
    (await node.api('GET', `/api/v1/objects/${id}`)).status === 200;

  it(
    'sends what is shared with all at once and keeps AMBER+STRICT home',
    async () => {
      const shared = indicator('love-letter.example', TLP_IDS.green);
      const strict = indicator('strict.example', TLP_IDS.amberStrict);
      await store(paris, [strict], 'all');
      await store(paris, [shared], 'all');
      await waitFor(() => holds(tokyo, shared.id), 'the shared indicator at Tokyo');
      expect(await holds(tokyo, strict.id)).toBe(false);
      const peers = (await paris.api('GET', '/api/v1/peers')).json as {
        peers: { name: string; health: { itemsSent: number; lagItems: number | null } }[];
      };
      expect(peers.peers[0]!.health.itemsSent).toBeGreaterThanOrEqual(1);
    },
    SLOW,
  );

  it(
    'withdraws what a peer may no longer hold when its policy narrows',
    async () => {
      const green = indicator('narrowed.example', TLP_IDS.green);
      await store(paris, [green], 'all');
      await waitFor(() => holds(tokyo, green.id), 'the green indicator at Tokyo');
      const tokyoId = (
        (await tokyo.api('GET', '/api/v1/federation/node')).json as {
          descriptor: { nodeId: string };
        }
      ).descriptor.nodeId;
      const narrowed = await paris.api('PUT', `/api/v1/peers/${tokyoId}/policy`, {
        distributions: ['connected', 'all'],
        sharingGroups: [],
        maxTlp: 'clear',
        content: ['objects', 'alerts', 'aggregates', 'legal'],
      });
      expect(narrowed.status, narrowed.text).toBe(200);
      await waitFor(async () => !(await holds(tokyo, green.id)), 'the withdrawal at Tokyo');
      await waitFor(async () => {
        const view = (await paris.api('GET', `/api/v1/objects/${green.id}/federation`)).json as {
          peers: { state: string }[];
        };
        return view.peers.some((p) => p.state === 'confirmed');
      }, 'Tokyo’s confirmation at Paris');
      // Restore the default for the next test.
      await paris.api('PUT', `/api/v1/peers/${tokyoId}/policy`, {
        distributions: ['connected', 'all'],
        sharingGroups: [],
        maxTlp: 'green',
        content: ['objects', 'alerts', 'aggregates', 'legal'],
      });
    },
    SLOW,
  );

  it(
    'catches up after a SIGKILL: nothing lost, nothing twice',
    async () => {
      await tokyo.kill();
      const missed = Array.from({ length: 20 }, (_, i) =>
        indicator(`missed-${i}.example`, TLP_IDS.green),
      );
      await store(paris, missed, 'all');
      await tokyo.restart();
      await waitFor(async () => {
        for (const o of missed) if (!(await holds(tokyo, o.id))) return false;
        return true;
      }, 'every missed indicator at Tokyo');
      const versions = await tokyo.api('GET', `/api/v1/objects/${missed[0]!.id}/versions`);
      expect(versions.status, versions.text).toBe(200);
      expect((versions.json as { versions: unknown[] }).versions).toHaveLength(1);
    },
    SLOW,
  );
});
