import { Type } from 'typebox';
import type { NodeDescriptor } from './descriptor.js';
import type { HostedOrganization } from './federation.types.js';
import type { PeerView } from './peer.view.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const KeyRotationSchema = Type.Object(
  {
    previousKey: Type.String(),
    newKey: Type.String(),
    rotatedAt: Type.String(),
    signature: Type.String(),
  },
  { additionalProperties: false },
);

/** A node descriptor (`descriptor.ts`), self-signed. */
export const DescriptorSchema = Type.Object(
  {
    nodeId: Type.String({ description: 'node--<uuid>' }),
    name: Type.String(),
    organization: Type.Object({ id: Type.String(), name: Type.String() }),
    sector: Type.String(),
    country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
    baseUrl: Type.String(),
    publicKey: Type.String({ description: 'base64url of the raw Ed25519 public key' }),
    fingerprint: Type.String({ description: 'SHA256:<base64> of the raw public key' }),
    keyHistory: Type.Array(KeyRotationSchema),
    encryptionKey: Type.Optional(
      Type.String({ description: 'base64url of the raw X25519 key messages are encrypted to' }),
    ),
    signature: Type.String(),
  },
  { additionalProperties: false },
);

export const HostedOrganizationSchema = Type.Object(
  {
    id: Type.String({ maxLength: 100 }),
    name: Type.String({ maxLength: 200 }),
    country: Type.String({ maxLength: 2 }),
  },
  { additionalProperties: false },
);

/** Per-peer policy (`PeerPolicy`); checked member by member by `parsePeerPolicy`. */
export const PeerPolicySchema = Type.Object(
  {
    distributions: Type.Array(Type.Union([Type.Literal('connected'), Type.Literal('all')])),
    sharingGroups: Type.Array(Type.String()),
    maxTlp: Type.Union(
      [Type.Literal('clear'), Type.Literal('green'), Type.Literal('amber'), Type.Literal('red')],
      { description: 'TLP ceiling; amber+strict is never a ceiling' },
    ),
    content: Type.Array(
      Type.Union([
        Type.Literal('objects'),
        Type.Literal('alerts'),
        Type.Literal('aggregates'),
        Type.Literal('legal'),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const PeerStateSchema = Type.Union([
  Type.Literal('requested'),
  Type.Literal('awaiting-remote'),
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('removed'),
]);

/** One peer (`PeerView`), as the federation page shows it. */
export const PeerViewSchema = Type.Object(
  {
    nodeId: Type.String(),
    name: Type.String(),
    organization: Type.Object({ id: Type.String(), name: Type.String() }),
    country: Type.String(),
    sector: Type.String(),
    baseUrl: Type.String(),
    fingerprint: Type.String(),
    state: PeerStateSchema,
    policy: PeerPolicySchema,
    organizations: Type.Array(HostedOrganizationSchema),
    addedAt: Type.String(),
    updatedAt: Type.String(),
    health: Type.Object({
      lastSuccessAt: Nullable(Type.String()),
      lastErrorAt: Nullable(Type.String()),
      lastError: Nullable(Type.String()),
      unreachableSince: Nullable(Type.String()),
      unreachableAlert: Type.Boolean(),
      itemsSent: Type.Integer(),
      itemsReceived: Type.Integer(),
      itemsRefused: Type.Integer(),
      lagItems: Nullable(Type.Integer()),
      lagSeconds: Nullable(Type.Number()),
    }),
  },
  { additionalProperties: false },
);

/**
 * A policy as a request gives it: the shape is checked here, the values by `parsePeerPolicy`
 * (whose errors name the member and say why, e.g. that amber+strict is never a ceiling).
 */
export const PeerPolicyInputSchema = Type.Object(
  {
    distributions: Type.Array(Type.String({ maxLength: 20 }), {
      maxItems: 10,
      description: 'connected, all',
    }),
    sharingGroups: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 1000 }),
    maxTlp: Type.String({ maxLength: 20, description: 'clear, green, amber or red' }),
    content: Type.Array(Type.String({ maxLength: 20 }), {
      maxItems: 10,
      description: 'objects, alerts, aggregates, legal',
    }),
  },
  { additionalProperties: false },
);

export const PeerAddSchema = Type.Object(
  {
    descriptor: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'the peer’s descriptor' }),
    ),
    descriptorUrl: Type.Optional(
      Type.String({ maxLength: 2000, description: 'URL of the peer’s descriptor' }),
    ),
    nodeId: Type.Optional(
      Type.String({ maxLength: 100, description: 'a `requested` peer to accept' }),
    ),
    fingerprint: Type.String({
      maxLength: 100,
      description: 'the fingerprint confirmed with the peer’s operator out of band',
    }),
    policy: Type.Optional(PeerPolicyInputSchema),
  },
  { additionalProperties: false },
);

/** A descriptor as the response schema types it (arrays copied, members allow-listed). */
export function descriptorJson(d: NodeDescriptor) {
  return {
    nodeId: d.nodeId,
    name: d.name,
    organization: { id: d.organization.id, name: d.organization.name },
    sector: d.sector,
    country: d.country,
    baseUrl: d.baseUrl,
    publicKey: d.publicKey,
    fingerprint: d.fingerprint,
    keyHistory: d.keyHistory.map((r) => ({ ...r })),
    ...(d.encryptionKey === undefined ? {} : { encryptionKey: d.encryptionKey }),
    signature: d.signature,
  };
}

export function organizationsJson(orgs: readonly HostedOrganization[]) {
  return orgs.map((o) => ({ id: o.id, name: o.name, country: o.country }));
}

/** A peer as the response schema types it. */
export function peerJson(v: PeerView) {
  return {
    ...v,
    organization: { ...v.organization },
    policy: {
      distributions: [...v.policy.distributions],
      sharingGroups: [...v.policy.sharingGroups],
      maxTlp: v.policy.maxTlp,
      content: [...v.policy.content],
    },
    organizations: organizationsJson(v.organizations),
    health: { ...v.health },
  };
}
