import { Type, type Static } from 'typebox';

export const CorrelationsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

const Key = Type.Object({
  kind: Type.String({ description: 'ipv4, ipv4-net, ipv6, domain, url, sha256 …' }),
  value: Type.String(),
  status: Type.Union([
    Type.Literal('indexed'),
    Type.Literal('common'),
    Type.Literal('warninglisted'),
  ]),
  warninglists: Type.Array(Type.String()),
});

const Related = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  modified: Type.String(),
  tlp: Type.Union([Type.String(), Type.Null()]),
  relation: Type.String({
    description:
      'same, contains, within, parent-domain, subdomain (values), pattern-match, shared-anchor (indicators), refers (an object that refers to a correlated observable)',
  }),
  via: Type.String({ description: 'The seed value (or, for refers, the referring property)' }),
  match: Type.String({ description: 'The matched value, or the referenced observable id' }),
});

const Sighting = Type.Object({
  id: Type.String({ description: 'The STIX sighting id' }),
  sighting_of_ref: Type.String({ description: 'The indicator sighted' }),
  count: Type.Integer({ description: 'Reports counted by this sighting' }),
  first_seen: Type.Union([Type.String(), Type.Null()]),
  last_seen: Type.Union([Type.String(), Type.Null()]),
  tlp: Type.Union([Type.String(), Type.Null()]),
  organization: Type.Union([
    Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  country: Type.Union([Type.String(), Type.Null()], {
    description: 'ISO 3166-1 alpha-2 code of the sighting location',
  }),
});

export const CorrelationsSchema = Type.Object({
  id: Type.String(),
  keys: Type.Array(Key),
  related: Type.Array(Related),
  truncated: Type.Boolean(),
  aggregate: Type.Object(
    { organizations: Type.Integer(), countries: Type.Integer() },
    {
      description:
        'Other organisations, and their countries, whose reports of these values may be counted (their aggregate-sharing setting), whether or not you may read them',
    },
  ),
  sightings: Type.Array(Sighting, {
    description:
      'STIX sightings you may read of this indicator, of the indicators matching this object, or of those it refers to',
  }),
});

export const OrganizationParams = Type.Object({
  id: Type.String({ pattern: '^identity--[0-9a-fA-F-]{36}$' }),
});

export const AggregateSettingSchema = Type.Object({
  organization_id: Type.String(),
  level: Type.String({ description: 'none, clear, green, amber, amber+strict or red' }),
  default: Type.Boolean(),
});

export const AggregateSettingBody = Type.Object(
  { level: Type.String({ maxLength: 20 }) },
  { additionalProperties: false },
);
export type AggregateSettingView = Static<typeof AggregateSettingSchema>;
