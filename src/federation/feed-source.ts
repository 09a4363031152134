import type { Kysely } from 'kysely';
import { createObjectRepository, type ObjectRecord } from '../objects/object.repository.js';
import { streamRepository } from '../notify/stream.repository.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { parseQualifiedUser, qualifyUser } from '../access/qualified-user.js';
import type { ChangeAudience, ObjectBody } from './change-feed.types.js';

/** The newest stored version of an object as the feed sends it: its audience and body. */
export interface SourceVersion {
  readonly row: ObjectRecord;
  readonly audience: ChangeAudience;
  /** Null for built-in content (owned by no organisation), which never enters the feed. */
  readonly body: ObjectBody | null;
}

/** Reads the newest version of each id with its named recipients (ids not stored are absent). */
export async function newestSources(
  db: Kysely<Database>,
  capabilities: DialectCapabilities,
  ids: readonly string[],
): Promise<SourceVersion[]> {
  const rows = await streamRepository.newestVersions(db, ids);
  if (rows.length === 0) return [];
  const recipients = await createObjectRepository(capabilities).recipientsOf(
    db,
    rows.map((r) => r.id),
  );
  const qualified = await qualifiedNames(db, [
    ...new Set([...recipients.values()].flatMap((r) => r.users)),
  ]);
  return rows.map((row) => {
    const named = recipients.get(row.id);
    const object = JSON.parse(row.content) as ObjectBody['object'];
    const users = named?.users ?? [];
    const recipientUsers = users.flatMap((u) => qualified.get(u) ?? []);
    return {
      row,
      audience: {
        tlp: row.tlp,
        distribution: row.distribution,
        recipientOrgIds: named?.organizations ?? [],
        recipientUserIds: users,
        ...(recipientUsers.length > 0 ? { recipientUsers } : {}),
      },
      body:
        row.owner_org_id === null
          ? null
          : { object, ownerOrgId: row.owner_org_id, revoked: row.revoked === 1 },
    };
  });
}

/**
 * The organisation-qualified name of each named user: a user of this node as
 * `username@<its organisation>`, a user a peer hosts as stored (already qualified).
 */
async function qualifiedNames(
  db: Kysely<Database>,
  users: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map(users.filter((u) => parseQualifiedUser(u) !== null).map((u) => [u, u]));
  const local = users.filter((u) => !names.has(u));
  if (local.length === 0) return names;
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'organization_id'])
    .where('id', 'in', local)
    .execute();
  for (const r of rows) names.set(r.id, qualifyUser(r.username, r.organization_id));
  return names;
}
