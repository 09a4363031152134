import { Type } from 'typebox';

const Key = Type.Object({ kind: Type.String(), value: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const AlertSchema = Type.Object({
  id: Type.String({ description: 'STIX id of the alert note' }),
  modified: Type.String({ description: "The note version's `modified`" }),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  severity: Type.Union([Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')]),
  openedAt: Type.String(),
  firstSeen: Type.String(),
  lastSeen: Type.String(),
  closedAt: Nullable(Type.String()),
  reportCount: Type.Integer(),
  organisationCount: Type.Integer({ description: 'Reporting organisations (never named)' }),
  countries: Type.Array(Type.String(), { description: 'ISO 3166-1 alpha-2 codes' }),
  keys: Type.Array(Key, { description: 'The clustering values of the outbreak' }),
  trigger: Type.Object({
    rule: Type.Union([Type.Literal('spread'), Type.Literal('growth')]),
    code: Type.Union([Type.Literal('NH_OUTBREAK_SPREAD'), Type.Literal('NH_OUTBREAK_GROWTH')]),
    key: Key,
    params: Type.Record(Type.String(), Type.Number()),
  }),
  acknowledged: Nullable(
    Type.Object(
      { at: Type.String(), by: Type.String() },
      { description: "Your organisation's acknowledgement" },
    ),
  ),
});

export const AlertListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const AlertParams = Type.Object({
  id: Type.String({
    pattern: '^note--[0-9a-fA-F-]{36}$',
    description: 'STIX id of the alert note',
  }),
});
