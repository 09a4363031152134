import { OneLine } from '../platform/http/schema-types.js';
import { Type } from 'typebox';
import { ROLES } from '../platform/actor.js';
import { SECTORS } from './auth.types.js';

/** TypeBox schemas of the auth routes. Response schemas are allow-lists. */

export const RoleSchema = Type.Enum(ROLES);
export const SectorSchema = Type.Enum(SECTORS);
const Timestamp = Type.String({ format: 'date-time' });

export const OrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  sector: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: RoleSchema,
  organizationId: Type.String(),
  createdAt: Timestamp,
});

export const MeSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: RoleSchema,
  organization: Type.Object({
    id: Type.String(),
    name: Type.String(),
    sector: Type.String(),
    country: Type.Union([Type.String(), Type.Null()]),
  }),
});

export const LoginBody = Type.Object(
  {
    username: OneLine(1, 64),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});

export const CreatedTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'The secret; shown only in this response.' }),
  createdAt: Timestamp,
});

export const CreateTokenBody = Type.Object(
  { name: OneLine(1, 100) },
  { additionalProperties: false },
);

export const TokenParams = Type.Object({ id: OneLine(1, 100) });

export const CreateUserBody = Type.Object(
  {
    username: OneLine(2, 64),
    role: RoleSchema,
    organization: Type.Optional(OneLine(1, 200, 'Name or id; default yours.')),
    password: Type.String({ minLength: 12, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const CreateOrganizationBody = Type.Object(
  {
    name: OneLine(1, 200),
    sector: SectorSchema,
    country: Type.Union([Type.String({ minLength: 2, maxLength: 2 }), Type.Null()], {
      description: 'ISO 3166-1 alpha-2 code, e.g. FR.',
    }),
  },
  { additionalProperties: false },
);
