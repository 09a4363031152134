import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import { DomainError } from '../platform/errors.js';
import { parseQualifiedUser } from './qualified-user.js';

/** Where recipients hosted by other nodes are looked up (federation); none: this node only. */
export interface RemoteRecipients {
  /** Identity ids of the organisations that active peers host. */
  peerOrganizations(): Promise<ReadonlySet<string>>;
}

/**
 * Resolves the recipients a writer names for stored objects: organisations by identity id (of
 * this node), users by user name. A user may also be named `username@<organisation identity
 * id>` (see `qualified-user.ts`): a user of that organisation on this node resolves to its id;
 * when an active peer hosts the organisation, the qualified name itself is the recipient (it
 * matches no user here, and names the user to the peer that stores the object). Unknown ones
 * are a 400 naming them.
 */
export async function resolveRecipients(
  db: Kysely<Database>,
  input: { organizations: readonly string[]; usernames: readonly string[] },
  remote?: RemoteRecipients,
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
  const plain = (name: string) => parseQualifiedUser(name)?.username ?? name;
  const names = [...new Set(input.usernames.map(plain))];
  const users =
    names.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'username', 'organization_id'])
          .where('username', 'in', names)
          .execute();
  const byName = new Map(users.map((u) => [u.username, u]));
  const hostedByPeers =
    remote && input.usernames.some((n) => parseQualifiedUser(n) !== null)
      ? await remote.peerOrganizations()
      : new Set<string>();
  const resolved: string[] = [];
  for (const name of input.usernames) {
    const qualified = parseQualifiedUser(name);
    const local = byName.get(qualified?.username ?? name);
    if (local && (qualified === null || local.organization_id === qualified.organizationId)) {
      resolved.push(local.id);
    } else if (qualified && hostedByPeers.has(qualified.organizationId)) {
      resolved.push(name);
    } else {
      const where = qualified
        ? `in organisation ${qualified.organizationId} on this node or a peer`
        : 'on this node';
      throw new DomainError(
        'NH_ERR_VALIDATION',
        `recipient_user: no user ${qualified?.username ?? name} ${where}`,
        [{ path: 'recipient_user', message: `unknown user ${name}` }],
      );
    }
  }
  return { organizations: [...knownOrgs], users: resolved };
}
