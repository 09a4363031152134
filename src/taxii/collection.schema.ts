import { Type } from 'typebox';
import { ROLES } from '../platform/actor.js';
import { OneLine } from '../platform/http/schema-types.js';

const AudienceSchema = Type.Object(
  {
    roles: Type.Array(OneLine(1, 40), {
      maxItems: 20,
      description: `Roles allowed (${ROLES.join(', ')}); empty: any role`,
    }),
    organization_ids: Type.Array(OneLine(1, 200), {
      maxItems: 1000,
      description: 'Organisations (identity ids) allowed; empty: any organisation of the node',
    }),
  },
  { additionalProperties: false },
);

const FilterSchema = Type.Object(
  {
    types: Type.Optional(Type.Array(OneLine(1, 250), { maxItems: 100 })),
    max_tlp: Type.Optional(
      Type.Union([
        Type.Literal('clear'),
        Type.Literal('green'),
        Type.Literal('amber'),
        Type.Literal('amber+strict'),
        Type.Literal('red'),
      ]),
    ),
    include_unmarked: Type.Optional(Type.Boolean()),
    owner_org_ids: Type.Optional(Type.Array(OneLine(1, 200), { maxItems: 1000 })),
  },
  { additionalProperties: false, description: 'Which objects the collection shows; {}: all' },
);

export const NewCollectionSchema = Type.Object(
  {
    title: OneLine(1, 200),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
    alias: Type.Optional(Type.Union([OneLine(1, 64), Type.Null()])),
    kind: Type.Optional(
      Type.Union([Type.Literal('view'), Type.Literal('inbox')], {
        description:
          'view: objects of the store matching the filter; inbox: objects added through it',
      }),
    ),
    filter: Type.Optional(FilterSchema),
    readers: Type.Optional(
      Type.Union([AudienceSchema, Type.Null()], {
        description: 'Default: every member; null: nobody',
      }),
    ),
    writers: Type.Optional(
      Type.Union([AudienceSchema, Type.Null()], {
        description: 'Default: every member; null: nobody',
      }),
    ),
    distribution: Type.Optional(
      Type.Union(
        ['organisation', 'community', 'connected', 'all'].map((d) => Type.Literal(d)),
        { description: 'Distribution of objects added through the collection (default community)' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CollectionSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  alias: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  filter: FilterSchema,
  readers: Type.Union([AudienceSchema, Type.Null()]),
  writers: Type.Union([AudienceSchema, Type.Null()]),
  distribution: Type.String(),
  created_at: Type.String(),
});

export const CollectionIdParams = Type.Object({ id: OneLine(1, 200) });
