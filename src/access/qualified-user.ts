/**
 * Organisation-qualified user names (issue 6 §2, TLP:RED across nodes): `<username>@<identity
 * id of the user's organisation>`, e.g. `analyst@identity--6a1f…`. A user id is known only on
 * its own node; the pair of a user name and the organisation's STIX identity id means the same
 * user on every node, so a RED object can name a recipient hosted by a peer, and the peer
 * resolves the name to its own user when it stores the object. Pure.
 */

const IDENTITY_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface QualifiedUser {
  readonly username: string;
  readonly organizationId: string;
}

export function qualifyUser(username: string, organizationId: string): string {
  return `${username}@${organizationId}`;
}

/** The parts of `username@identity--<uuid>`, or null when `name` is not qualified that way. */
export function parseQualifiedUser(name: string): QualifiedUser | null {
  const at = name.lastIndexOf('@');
  if (at <= 0) return null;
  const organizationId = name.slice(at + 1);
  return IDENTITY_ID.test(organizationId) ? { username: name.slice(0, at), organizationId } : null;
}
