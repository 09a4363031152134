import { Type } from 'typebox';
import { OneLine } from '../platform/http/schema-types.js';
import { CASE_ROLES, LINK_KINDS, type CaseSummary, type CaseView } from './case.types.js';
import { CUSTODY_ACTIONS } from './custody-chain.js';
import type { CustodyView, EvidenceItem } from './evidence.service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const CaseParams = Type.Object({
  id: Type.String({ pattern: '^case-[0-9a-f-]{36}$', description: 'Case id' }),
});
export const ItemParams = Type.Object({
  id: Type.String({ pattern: '^case-[0-9a-f-]{36}$' }),
  itemId: Type.String({ pattern: '^evidence-[0-9a-f-]{36}$', description: 'Evidence item id' }),
});

export const CaseSummarySchema = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  title: Type.String(),
  owner_org_id: Type.String(),
  status: Type.Enum(['open', 'closed'] as const),
  closed_reason: Nullable(Type.String()),
  closed_at: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const CaseSchema = Type.Object({
  ...CaseSummarySchema.properties,
  access: Type.Enum([...CASE_ROLES, 'break-glass', 'operator'] as const),
  members: Type.Array(
    Type.Object({
      user_id: Type.String(),
      username: Type.String(),
      organization_id: Type.String(),
      role: Type.Enum(CASE_ROLES),
      added_at: Type.String(),
      added_by: Type.String(),
    }),
  ),
  links: Type.Array(
    Type.Object({
      kind: Type.Enum(LINK_KINDS),
      target_id: Type.String(),
      label: Nullable(Type.String()),
      added_at: Type.String(),
      added_by: Type.String(),
    }),
  ),
  hidden_links: Type.Integer({ description: 'Links to objects you may not read (not shown)' }),
});

export const CreateCaseBody = Type.Object(
  { reference: OneLine(1, 64), title: OneLine(1, 300) },
  { additionalProperties: false },
);
export const MemberBody = Type.Object(
  { username: OneLine(1, 200), role: Type.Enum(CASE_ROLES) },
  { additionalProperties: false },
);
export const LinkBody = Type.Object(
  {
    kind: Type.Enum(LINK_KINDS),
    target_id: OneLine(1, 200, 'STIX id of the object, or the legal request id'),
  },
  { additionalProperties: false },
);
export const StatusBody = Type.Object(
  { status: Type.Enum(['open', 'closed'] as const), reason: Type.Optional(OneLine(0, 1000)) },
  { additionalProperties: false },
);

const OriginSchema = Type.Object({
  by: Type.String(),
  organization_id: Type.String(),
  node_id: Nullable(Type.String()),
  acquired_at: Type.String(),
  method: Type.String(),
});

export const ItemSchema = Type.Object({
  id: Type.String(),
  case_id: Type.String(),
  number: Type.Integer(),
  sha256: Type.String(),
  size: Type.Integer(),
  media_type: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  origin: OriginSchema,
  created_at: Type.String(),
});

export const CustodySchema = Type.Object({
  item: ItemSchema,
  records: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String(),
      actor: Type.String(),
      organization_id: Type.String(),
      action: Type.Enum(CUSTODY_ACTIONS),
      purpose: Type.String(),
      details: Nullable(Type.Record(Type.String(), Type.Unknown())),
      prev_hash: Type.String(),
      hash: Type.String(),
    }),
  ),
  chain: Type.Object({
    ok: Type.Boolean(),
    seq: Type.Optional(Type.Integer()),
    message: Type.Optional(Type.String()),
  }),
  file_ok: Type.Optional(Type.Boolean()),
});

export const UploadBody = Type.Object(
  {
    name: OneLine(1, 255, 'Original file name'),
    media_type: Type.String({ pattern: '^[a-zA-Z0-9!#$&^_.+-]+/[a-zA-Z0-9!#$&^_.+-]+$' }),
    content_base64: Type.String({ description: 'The file, base64 (RFC 4648 §4)' }),
    method: OneLine(5, 1000, 'How the item was acquired'),
    acquired_at: Type.Optional(Type.String({ description: 'RFC 3339; default now' })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const ContentQuery = Type.Object(
  {
    purpose: Type.String({ minLength: 0, maxLength: 1000, description: 'Why you access the file' }),
    mode: Type.Optional(Type.Enum(['download', 'view'] as const)),
  },
  { additionalProperties: false },
);

export const PackageBody = Type.Object(
  {
    items: Type.Array(Type.String({ pattern: '^evidence-[0-9a-f-]{36}$' }), { maxItems: 1000 }),
    purpose: OneLine(0, 1000, 'Why the evidence leaves the node'),
  },
  { additionalProperties: false },
);

export function summaryJson(c: CaseSummary) {
  return {
    id: c.id,
    reference: c.reference,
    title: c.title,
    owner_org_id: c.ownerOrgId,
    status: c.status,
    closed_reason: c.closedReason,
    closed_at: c.closedAt,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export function caseJson(c: CaseView) {
  return {
    ...summaryJson(c),
    access: c.access,
    members: c.members.map((m) => ({
      user_id: m.userId,
      username: m.username,
      organization_id: m.organizationId,
      role: m.role,
      added_at: m.addedAt,
      added_by: m.addedBy,
    })),
    links: c.links.map((l) => ({
      kind: l.kind,
      target_id: l.targetId,
      label: l.label,
      added_at: l.addedAt,
      added_by: l.addedBy,
    })),
    hidden_links: c.hiddenLinks,
  };
}

export function itemJson(i: EvidenceItem) {
  return {
    id: i.id,
    case_id: i.caseId,
    number: i.number,
    sha256: i.sha256,
    size: i.size,
    media_type: i.mediaType,
    name: i.name,
    description: i.description,
    origin: {
      by: i.origin.by,
      organization_id: i.origin.organizationId,
      node_id: i.origin.nodeId,
      acquired_at: i.origin.acquiredAt,
      method: i.origin.method,
    },
    created_at: i.createdAt,
  };
}

export function custodyJson(v: CustodyView & { fileOk?: boolean }) {
  return {
    item: itemJson(v.item),
    records: v.records.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      organization_id: r.organizationId,
      action: r.action,
      purpose: r.purpose,
      details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
      prev_hash: r.prevHash,
      hash: r.hash,
    })),
    chain: v.chain,
    ...(v.fileOk === undefined ? {} : { file_ok: v.fileOk }),
  };
}
