import { Type } from 'typebox';
import { OneLine } from '../platform/http/schema-types.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

/** The writable fields of a contact (checked by the service, which names a wrong field). */
export const ContactBodySchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('abuse'), Type.Literal('poc'), Type.Literal('cert')], {
      description:
        'abuse (per network, ASN or domain), poc (24/7 point of contact of a country), cert',
    }),
    name: OneLine(1, 200),
    network: Type.Optional(Nullable(OneLine(0, 64, 'CIDR block (IPv4 or IPv6), abuse only'))),
    asn: Type.Optional(
      Nullable(
        Type.Union([Type.Integer({ minimum: 1 }), OneLine(0, 16)], {
          description: 'AS64500 or 64500',
        }),
      ),
    ),
    domain: Type.Optional(Nullable(OneLine(0, 253))),
    country: Type.Optional(
      Nullable(OneLine(0, 2, 'ISO 3166-1 alpha-2; required for poc and cert')),
    ),
    sector: Type.Optional(Nullable(OneLine(0, 100, 'Sector of a cert (finance, health …)'))),
    languages: Type.Optional(
      Type.Array(OneLine(1, 35), { maxItems: 20, description: 'BCP 47 tags' }),
    ),
    channel: Type.Union([Type.Literal('nohaven'), Type.Literal('webhook'), Type.Literal('email')]),
    address: OneLine(
      1,
      2000,
      'Organisation identity id (nohaven), URL (webhook) or e-mail address',
    ),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

export const ContactSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  network: Nullable(Type.String()),
  asn: Nullable(Type.Integer()),
  domain: Nullable(Type.String()),
  country: Nullable(Type.String()),
  sector: Nullable(Type.String()),
  languages: Type.Array(Type.String()),
  channel: Type.String(),
  address: Type.String(),
  notes: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const ContactIdParams = Type.Object({ id: OneLine(1, 200) });

export const ContactListQuery = Type.Object({
  kind: Type.Optional(
    Type.Union([Type.Literal('abuse'), Type.Literal('poc'), Type.Literal('cert')]),
  ),
  country: Type.Optional(OneLine(2, 2)),
  sector: Type.Optional(OneLine(1, 100)),
  q: Type.Optional(OneLine(1, 200)),
});

export const ContactImportQuery = Type.Object({
  format: Type.Optional(
    Type.Union([Type.Literal('csv'), Type.Literal('json')], {
      description: 'Default: JSON when the file starts with [ or {, else CSV',
    }),
  ),
  replace: Type.Optional(Type.Boolean({ description: 'Remove the whole directory first' })),
});

export const ContactImportSchema = Type.Object({
  format: Type.String(),
  records: Type.Integer(),
  stored: Type.Integer(),
  removed: Type.Integer(),
  problems: Type.Array(
    Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() }),
  ),
});

const ExplanationSchema = Type.Object({
  code: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  text: Type.String({ description: 'The explanation in English' }),
});

const StampSchema = Nullable(Type.Object({ at: Type.String(), by: Type.String() }));

export const RoutedItemSchema = Type.Object({
  id: Type.String(),
  object_id: Type.String(),
  object_type: Type.String(),
  finding: Nullable(
    Type.Object(
      { type: Type.String(), value: Type.String() },
      { description: 'null: the read policy withholds the finding from you' },
    ),
  ),
  contact: Type.Object({
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    channel: Type.String(),
    address: Type.String(),
  }),
  recipient_organization_id: Nullable(Type.String()),
  state: Type.String(),
  reasons: Type.Array(ExplanationSchema, {
    description: 'Why the finding was routed here; empty when the finding is withheld',
  }),
  routed_at: Type.String(),
  acknowledged: StampSchema,
  actioned: StampSchema,
  rejected: Nullable(Type.Object({ at: Type.String(), by: Type.String(), reason: Type.String() })),
});

export const QueueQuery = Type.Object({
  scope: Type.Optional(
    Type.Union([Type.Literal('mine'), Type.Literal('all')], {
      description: "mine (default): your organisation's queue; all: every item (admin, analyst)",
    }),
  ),
  state: Type.Optional(
    Type.Union(['new', 'acknowledged', 'actioned', 'rejected'].map((s) => Type.Literal(s))),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const ItemParams = Type.Object({ id: OneLine(1, 200) });

export const RejectBody = Type.Object(
  { reason: OneLine(0, 2000, 'Why the item is rejected (required)') },
  { additionalProperties: false },
);

export const ObjectRoutingSchema = Type.Object({
  items: Type.Array(RoutedItemSchema),
  notes: Type.Array(ExplanationSchema, {
    description: 'Why the finding is not routed, or the gaps of the directory for it',
  }),
});

export const RouteBody = Type.Object(
  {
    object_ids: Type.Array(OneLine(1, 200), { minItems: 1, maxItems: 100 }),
    victim: Type.Optional(
      Type.Object(
        {
          country: Type.Optional(OneLine(2, 2, 'ISO 3166-1 alpha-2 code of the victim')),
          sector: Type.Optional(OneLine(1, 100, 'Sector of the victim (finance, health …)')),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const RouteSummarySchema = Type.Object({
  findings: Type.Integer({ description: 'Routable findings among the objects' }),
  routed: Type.Integer({ description: 'New routed items' }),
});
