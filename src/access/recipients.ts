import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import { DomainError } from '../platform/errors.js';

/**
 * Resolves the recipients a writer names for stored objects: organisations by identity id (of
 * this node), users by user name. Unknown ones are a 400 naming them.
 */
export async function resolveRecipients(
  db: Kysely<Database>,
  input: { organizations: readonly string[]; usernames: readonly string[] },
): Promise<{ organizations: string[]; users: string[] }> {
  const orgs =
    input.organizations.length === 0
      ? []
      : await db
          .selectFrom('organizations')
          .select('id')
          .where('id', 'in', [...input.organizations])
          .execute();
  const knownOrgs = new Set(orgs.map((o) => o.id));
  const missingOrg = input.organizations.find((o) => !knownOrgs.has(o));
  if (missingOrg !== undefined) {
    throw new DomainError(
      'NH_ERR_VALIDATION',
      `recipient_org: no organisation ${missingOrg} on this node`,
      [{ path: 'recipient_org', message: `unknown organisation ${missingOrg}` }],
    );
  }
  const users =
    input.usernames.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'username'])
          .where('username', 'in', [...input.usernames])
          .execute();
  const byName = new Map(users.map((u) => [u.username, u.id]));
  const missingUser = input.usernames.find((u) => !byName.has(u));
  if (missingUser !== undefined) {
    throw new DomainError(
      'NH_ERR_VALIDATION',
      `recipient_user: no user ${missingUser} on this node`,
      [{ path: 'recipient_user', message: `unknown user ${missingUser}` }],
    );
  }
  return { organizations: [...knownOrgs], users: input.usernames.map((u) => byName.get(u)!) };
}
