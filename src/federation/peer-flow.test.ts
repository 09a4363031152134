import { describe, expect, it } from 'vitest';
import { DEFAULT_PEER_POLICY, type PeerPolicy, type PeerRecord } from './federation.types.js';
import type { ChangeAudience } from './change-feed.types.js';
import { mayFlow, type FlowContext, type FlowItem } from './peer-flow.js';

const SELF = 'node--00000000-0000-4000-8000-000000000001';
const PEER = 'node--00000000-0000-4000-8000-000000000002';
const OTHER = 'node--00000000-0000-4000-8000-000000000003';
const HOSTED = 'identity--00000000-0000-4000-8000-0000000000b1';
const ELSEWHERE = 'identity--00000000-0000-4000-8000-0000000000c1';
const GROUP = 'sg-00000000-0000-4000-8000-000000000009';
const USER_OF_HOSTED = 'user-hosted';

function peer(policy: Partial<PeerPolicy> = {}, state: PeerRecord['state'] = 'active'): PeerRecord {
  return {
    nodeId: PEER,
    descriptor: {} as PeerRecord['descriptor'],
    state,
    policy: { ...DEFAULT_PEER_POLICY, maxTlp: 'red', ...policy },
    organizations: [{ id: HOSTED, name: 'Hosted bank', country: 'DE' }],
  };
}

const ctx = (overrides: Partial<FlowContext> = {}): FlowContext => ({
  selfNodeId: SELF,
  receivedFrom: null,
  groupMembers: (g) => (g === GROUP ? [ELSEWHERE, HOSTED] : []),
  userOrganization: (u) => (u === USER_OF_HOSTED ? HOSTED : null),
  ...overrides,
});

function item(audience: Partial<ChangeAudience> = {}, rest: Partial<FlowItem> = {}): FlowItem {
  return {
    origin: SELF,
    kind: 'object',
    audience: {
      tlp: 'green',
      distribution: 'connected',
      recipientOrgIds: [],
      recipientUserIds: [],
      ...audience,
    },
    ...rest,
  };
}

const allowed = (i: FlowItem, p = peer(), c = ctx()) => mayFlow(i, p, c).allowed;

describe('peer flow: what may go to a peer (issue 6 §2)', () => {
  it('connected goes to direct peers of its origin only, never relayed', () => {
    expect(allowed(item())).toBe(true);
    expect(allowed(item({}, { origin: OTHER }), peer(), ctx({ receivedFrom: OTHER }))).toBe(false);
    expect(allowed(item(), peer({ distributions: ['all'] }))).toBe(false);
  });

  it('outbreak aggregates go to direct peers that take aggregates, never relayed', () => {
    const aggregate = item({}, { kind: 'aggregate' });
    expect(allowed(aggregate)).toBe(true);
    expect(allowed(aggregate, peer({ content: ['objects', 'alerts'] }))).toBe(false);
    expect(allowed(item({}, { kind: 'aggregate', origin: OTHER }), peer(), ctx())).toBe(false);
    // Objects do not need the aggregates content, nor aggregates the objects one.
    expect(allowed(item(), peer({ content: ['objects'] }))).toBe(true);
    expect(allowed(aggregate, peer({ content: ['aggregates'] }))).toBe(true);
  });

  it('all goes to peers that take all, relayed too, but never back to its origin or sender', () => {
    const all = item({ distribution: 'all' });
    expect(allowed(all)).toBe(true);
    expect(
      allowed(
        item({ distribution: 'all' }, { origin: OTHER }),
        peer(),
        ctx({ receivedFrom: OTHER }),
      ),
    ).toBe(true);
    expect(allowed(all, peer({ distributions: ['connected'] }))).toBe(false);
    expect(allowed(item({ distribution: 'all' }, { origin: PEER }))).toBe(false);
    expect(
      allowed(
        item({ distribution: 'all' }, { origin: OTHER }),
        peer(),
        ctx({ receivedFrom: PEER }),
      ),
    ).toBe(false);
  });

  it('organisation, community and unknown distributions never leave', () => {
    for (const distribution of ['organisation', 'community', 'anything']) {
      expect(allowed(item({ distribution }))).toBe(false);
    }
  });

  it('a sharing group flows when the policy lists it and the peer hosts a member', () => {
    const grouped = item({ distribution: `sharing-group:${GROUP}` });
    expect(allowed(grouped, peer({ sharingGroups: [GROUP] }))).toBe(true);
    expect(allowed(grouped, peer({ sharingGroups: [] }))).toBe(false);
    expect(
      allowed(grouped, peer({ sharingGroups: [GROUP] }), ctx({ groupMembers: () => [ELSEWHERE] })),
    ).toBe(false);
    expect(
      allowed(
        item({ distribution: `sharing-group:${GROUP}` }, { origin: OTHER }),
        peer({ sharingGroups: [GROUP] }),
        ctx({ receivedFrom: OTHER }),
      ),
    ).toBe(false);
  });

  it('a membership item reaches the peer hosting the organisation it removes', () => {
    const removal = item(
      { distribution: `sharing-group:${GROUP}` },
      {
        kind: 'membership',
        body: {
          groupId: GROUP,
          groupName: 'g',
          ownerOrgId: ELSEWHERE,
          organizationId: HOSTED,
          change: 'removed',
        },
      },
    );
    expect(
      allowed(removal, peer({ sharingGroups: [GROUP] }), ctx({ groupMembers: () => [ELSEWHERE] })),
    ).toBe(true);
  });

  it('TLP at most the ceiling; AMBER+STRICT never; unknown levels count as RED', () => {
    const levels = ['clear', 'green', 'amber', 'red'] as const;
    for (const ceiling of levels) {
      for (const tlp of levels) {
        const expected = levels.indexOf(tlp) <= levels.indexOf(ceiling);
        const audience = { tlp, recipientOrgIds: [HOSTED] };
        expect(allowed(item(audience), peer({ maxTlp: ceiling })), `${tlp} under ${ceiling}`).toBe(
          expected,
        );
      }
    }
    expect(allowed(item({ tlp: 'amber+strict', recipientOrgIds: [HOSTED] }))).toBe(false);
    expect(allowed(item({ tlp: null }), peer({ maxTlp: 'green' }))).toBe(true);
    expect(allowed(item({ tlp: null }), peer({ maxTlp: 'clear' }))).toBe(false);
    expect(
      allowed(item({ tlp: 'purple', recipientOrgIds: [HOSTED] }), peer({ maxTlp: 'amber' })),
    ).toBe(false);
  });

  it('RED only to a peer hosting a named recipient organisation, or a named user’s organisation', () => {
    expect(allowed(item({ tlp: 'red' }))).toBe(false);
    expect(allowed(item({ tlp: 'red', recipientOrgIds: [ELSEWHERE] }))).toBe(false);
    expect(allowed(item({ tlp: 'red', recipientOrgIds: [HOSTED] }))).toBe(true);
    expect(allowed(item({ tlp: 'red', recipientUserIds: [USER_OF_HOSTED] }))).toBe(true);
    expect(allowed(item({ tlp: 'red', recipientUserIds: ['someone-else'] }))).toBe(false);
  });

  it('RED to an organisation-qualified user flows to the peer hosting that organisation only', () => {
    expect(allowed(item({ tlp: 'red', recipientUsers: [`alice@${HOSTED}`] }))).toBe(true);
    expect(allowed(item({ tlp: 'red', recipientUsers: [`alice@${ELSEWHERE}`] }))).toBe(false);
    expect(allowed(item({ tlp: 'red', recipientUsers: ['alice@not-an-identity'] }))).toBe(false);
  });

  it('content kinds: alerts need alerts, everything else needs objects', () => {
    expect(allowed(item({}, { kind: 'alert' }), peer({ content: ['objects'] }))).toBe(false);
    expect(allowed(item({}, { kind: 'alert' }), peer({ content: ['alerts'] }))).toBe(true);
    expect(allowed(item(), peer({ content: ['alerts'] }))).toBe(false);
    expect(allowed(item({}, { kind: 'membership' }), peer({ content: ['alerts'] }))).toBe(false);
  });

  it('a withdrawal goes exactly to the peers it addresses, whatever its audience', () => {
    const to = (addressedTo: string[]) =>
      item(
        { distribution: 'organisation', tlp: 'amber+strict' },
        {
          kind: 'withdrawal',
          body: { objectId: 'indicator--x', addressedTo, reason: 'audience-narrowed' },
        },
      );
    expect(allowed(to([PEER]))).toBe(true);
    expect(allowed(to([OTHER]))).toBe(false);
    expect(allowed(to([PEER]), peer({ content: ['alerts'] }))).toBe(false);
  });

  it('nothing flows to a peer that is not active', () => {
    for (const state of ['requested', 'awaiting-remote', 'suspended', 'removed'] as const) {
      expect(allowed(item(), peer({}, state))).toBe(false);
    }
  });

  it('says why it refuses', () => {
    expect(mayFlow(item({ tlp: 'amber+strict' }), peer(), ctx())).toEqual({
      allowed: false,
      reason: 'TLP:AMBER+STRICT never leaves the node',
    });
  });
});
