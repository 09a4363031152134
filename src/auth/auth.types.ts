import type { Actor, Role } from '../platform/actor.js';

/** Sectors an organisation belongs to (who it is in the cooperation). */
export const SECTORS = ['industry', 'cert', 'law-enforcement', 'government', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

export function isSector(value: string): value is Sector {
  return (SECTORS as readonly string[]).includes(value);
}

/** An organisation as shown to users. `id` is its STIX identity id (`identity--<uuid>`). */
export interface OrganizationView {
  readonly id: string;
  readonly name: string;
  readonly sector: string;
  /** ISO 3166-1 alpha-2, or null when unknown. */
  readonly country: string | null;
  readonly createdAt: string;
}

/** A user as shown to others: never the password hash or the sign-in counters. */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly organizationId: string;
  readonly createdAt: string;
}

/** The signed-in user with their organisation. */
export type MeView = UserView & { readonly organization: OrganizationView };

/** An API token as listed: never the token or its hash. */
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A freshly created API token: the only time `token` is shown. */
export interface CreatedToken {
  readonly id: string;
  readonly name: string;
  readonly token: string;
  readonly createdAt: string;
}

export interface NewOrganization {
  readonly name: string;
  readonly sector: string;
  readonly country: string | null;
}

export interface NewUser {
  readonly username: string;
  readonly role: string;
  /** Name or id of the organisation; default the actor's own. */
  readonly organization?: string;
  readonly password: string;
}

export interface FirstRunResult {
  readonly organization: OrganizationView;
  readonly username: string;
  /** Shown once by the caller, never stored in clear. */
  readonly password: string;
}

/**
 * Accounts, sign-in and credentials of a node. Every write is audited in the same transaction.
 * Errors are {@link DomainError}s: NH_ERR_VALIDATION, NH_ERR_CONFLICT, NH_ERR_FORBIDDEN,
 * NH_ERR_NOT_FOUND, NH_ERR_BAD_CREDENTIALS, NH_ERR_ACCOUNT_LOCKED.
 */
export interface AuthService {
  /**
   * When the node has no users: creates its organisation and the user `admin` (role admin) with
   * a random password and returns them; otherwise null. Safe when two processes start at once.
   */
  ensureFirstRun(node: {
    organization: string;
    country: string | null;
  }): Promise<FirstRunResult | null>;
  /** Admin only. Names are unique (NH_ERR_CONFLICT). */
  createOrganization(actor: Actor, input: NewOrganization): Promise<OrganizationView>;
  /** Any signed-in actor. */
  listOrganizations(actor: Actor): Promise<OrganizationView[]>;
  /** For boot and the CLI (no actor: it reveals only what the node is configured with). */
  findOrganizationByName(name: string): Promise<OrganizationView | null>;
  /** Admin only. Usernames match `^[a-z0-9][a-z0-9._-]{1,63}$`; passwords have ≥ 12 characters. */
  createUser(actor: Actor, input: NewUser): Promise<UserView>;
  /** Admin and oversight. */
  listUsers(actor: Actor): Promise<UserView[]>;
  /**
   * Checks the password and opens a 12-hour session. Unknown user and wrong password fail alike
   * (NH_ERR_BAD_CREDENTIALS, same work); 5 failures in a row lock the account for 15 minutes
   * (NH_ERR_ACCOUNT_LOCKED). Every attempt is audited.
   */
  signIn(input: { username: string; password: string; remote?: string }): Promise<{
    sessionToken: string;
    expiresAt: string;
    user: MeView;
  }>;
  /** Ends the session; unknown tokens are ignored. */
  signOut(sessionToken: string): Promise<void>;
  /**
   * The user whose name and password these are, without opening a session (HTTP Basic on
   * TAXII). Failures count towards the lockout and are audited as for {@link signIn}.
   */
  actorFromPassword(input: { username: string; password: string; remote?: string }): Promise<Actor>;
  /** The user of a live session, or null (unknown, expired, or user disabled). */
  actorFromSession(sessionToken: string): Promise<Actor | null>;
  /** The owner of a live API token, or null; records its use at most once a minute. */
  actorFromApiToken(token: string): Promise<Actor | null>;
  /** The signed-in user and their organisation (user actors only). */
  me(actor: Actor): Promise<MeView>;
  /** A new API token for the actor (a user); its secret is in the result only. */
  createToken(actor: Actor, input: { name: string }): Promise<CreatedToken>;
  /** Admin or service actor: a token for another user (the CLI's `token create`). */
  createTokenForUser(actor: Actor, username: string, name: string): Promise<CreatedToken>;
  /** The actor's own tokens. */
  listTokens(actor: Actor): Promise<TokenView[]>;
  /** Revokes one of the actor's tokens (admin: anyone's). NH_ERR_NOT_FOUND otherwise. */
  revokeToken(actor: Actor, id: string): Promise<void>;
}
