import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLog } from '../audit/audit.types.js';
import { isRole, type Role } from '../platform/actor.js';
import type { Database, OrganizationTable, UserTable } from '../platform/database/schema.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { OrganizationView, UserView } from './auth.types.js';

/** What the parts of the auth service share. */
export interface AuthDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
}

export function toOrganizationView(row: Selectable<OrganizationTable>): OrganizationView {
  return {
    id: row.id,
    name: row.name,
    sector: row.sector,
    country: row.country,
    createdAt: row.created_at,
  };
}

export function toUserView(
  row: Pick<Selectable<UserTable>, 'id' | 'username' | 'role' | 'organization_id' | 'created_at'>,
): UserView {
  return {
    id: row.id,
    username: row.username,
    role: asRole(row.role),
    organizationId: row.organization_id,
    createdAt: row.created_at,
  };
}

/** Roles are validated on write; an unknown stored role degrades to the least privileged one. */
export function asRole(value: string): Role {
  return isRole(value) ? value : 'reporter';
}

/** True for a unique-constraint violation in either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown } | null;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
