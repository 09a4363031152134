import { Type, type Static } from 'typebox';
import { OneLine } from '../platform/http/schema-types.js';

const Tlp = Type.Union([Type.String(), Type.Null()], {
  description: 'Strictest TLP 2.0 level: clear, green, amber, amber+strict, red',
});

/** A STIX object: `type` and `id` always present; every other property passes through. */
export const StixObjectSchema = Type.Object(
  { type: Type.String(), id: Type.String() },
  { additionalProperties: true, description: 'A STIX 2.1 object as stored' },
);

export const StoredObjectSchema = Type.Object({
  object: StixObjectSchema,
  date_added: Type.String({ description: 'When this version reached this node (RFC 3339)' }),
  latest: Type.Boolean(),
  tlp: Tlp,
  distribution: Type.String(),
});

export const ObjectIdParams = Type.Object({
  id: Type.String({
    pattern: '^[a-z0-9][a-z0-9-]*--[0-9a-fA-F-]{36}$',
    description: 'STIX identifier',
  }),
});

export const GetObjectQuery = Type.Object({
  version: Type.Optional(
    Type.String({ description: 'The `modified` of the wanted version (RFC 3339)' }),
  ),
});

export const ListObjectsQuery = Type.Object({
  type: Type.Optional(Type.Array(OneLine(0, 250), { maxItems: 50 })),
  created_by: Type.Optional(OneLine(0, 200)),
  marking: Type.Optional(OneLine(0, 200)),
  modified_since: Type.Optional(OneLine(0, 64)),
  q: Type.Optional(OneLine(1, 200)),
  include_revoked: Type.Optional(Type.Boolean()),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ListObjectsQuery = Static<typeof ListObjectsQuery>;

export const ObjectPageSchema = Type.Object({
  items: Type.Array(StoredObjectSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const VersionsSchema = Type.Object({
  versions: Type.Array(
    Type.Object({
      modified: Type.String(),
      date_added: Type.String(),
      latest: Type.Boolean(),
      revoked: Type.Boolean(),
    }),
  ),
});

export const IngestQuery = Type.Object({
  mode: Type.Optional(
    Type.Union([Type.Literal('atomic'), Type.Literal('partial')], { default: 'atomic' }),
  ),
  distribution: Type.Optional(
    Type.String({
      pattern: '^(organisation|community|connected|all|sharing-group:sg-[0-9a-f-]{36})$',
      description:
        'organisation, community (default), connected, all, or sharing-group:<id> of a group your organisation belongs to',
    }),
  ),
  recipient_org: Type.Optional(
    Type.Array(OneLine(1, 200), {
      maxItems: 100,
      description:
        'Organisations (identity ids) named as recipients: they read AMBER and AMBER+STRICT',
    }),
  ),
  recipient_user: Type.Optional(
    Type.Array(OneLine(1, 200), {
      maxItems: 100,
      description:
        'Users named as recipients: they read RED. A user name of this node, or `username@<identity id>` for a user of an organisation this node or an active peer hosts',
    }),
  ),
});

const RejectionSchema = Type.Object({
  index: Type.Integer(),
  id: Type.Union([Type.String(), Type.Null()]),
  errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
});

export const IngestSummarySchema = Type.Object({
  read: Type.Integer(),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Array(RejectionSchema),
});

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(
      Type.Object({
        path: Type.String(),
        message: Type.String(),
        index: Type.Optional(Type.Integer()),
      }),
    ),
  }),
});
