import type { Actor } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import { type AuthDeps, asRole, toOrganizationView, toUserView } from './auth.rows.js';
import type { MeView } from './auth.types.js';
import { hashPassword, sha256Hex, verifyPassword } from './secrets.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';

/** Consecutive failures that lock an account, and for how long. */
export const LOCKOUT = { failures: 5, minutes: 15 } as const;
/** Lifetime of a session. */
export const SESSION_HOURS = 12;

const BAD_CREDENTIALS = 'the user name or password is wrong';

/** Sign-in, sign-out and resolving a session cookie to an actor. */
export function createSessions(deps: AuthDeps) {
  const { db, capabilities, audit, clock, random } = deps;
  /** A real scrypt hash to check against for unknown users, so they take as long as known ones. */
  let dummyHash: Promise<string> | undefined;

  async function failSignIn(
    username: string,
    remote: string | undefined,
    reason: string,
    userId: string | null,
  ) {
    await inWriteTransaction(db, capabilities, async (trx) => {
      let lockedUntil: string | null = null;
      if (userId !== null && reason === 'bad-password') {
        const row = await trx
          .updateTable('users')
          .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
          .where('id', '=', userId)
          .returning('failed_sign_ins')
          .executeTakeFirstOrThrow();
        if (row.failed_sign_ins >= LOCKOUT.failures) {
          lockedUntil = new Date(clock.now().getTime() + LOCKOUT.minutes * 60_000).toISOString();
          await trx
            .updateTable('users')
            .set({ failed_sign_ins: 0, locked_until: lockedUntil })
            .where('id', '=', userId)
            .execute();
        }
      }
      await audit.append(trx, null, {
        action: 'auth.sign-in.failed',
        target: username,
        details: { reason, ...(remote ? { remote } : {}), ...(lockedUntil ? { lockedUntil } : {}) },
      });
    });
  }

  async function meOf(userId: string): Promise<MeView | null> {
    const row = await db
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select([
        'users.id',
        'users.username',
        'users.role',
        'users.organization_id',
        'users.created_at',
        'organizations.name as org_name',
        'organizations.sector as org_sector',
        'organizations.country as org_country',
        'organizations.created_at as org_created_at',
      ])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    if (!row) return null;
    const organization = toOrganizationView({
      id: row.organization_id,
      name: row.org_name,
      sector: row.org_sector,
      country: row.org_country,
      created_at: row.org_created_at,
    });
    return { ...toUserView(row), organization };
  }

  async function actorFromSession(sessionToken: string): Promise<Actor | null> {
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.username', 'users.organization_id', 'users.role'])
      .where('sessions.id', '=', sha256Hex(sessionToken))
      .where('sessions.expires_at', '>', clock.now().toISOString())
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
    return row ? actorOf(row, 'session') : null;
  }

  /** The user whose password this is (lockout, audit of failures); throws otherwise. */
  async function checkCredentials(input: { username: string; password: string; remote?: string }) {
    const now = clock.now();
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (!user) {
      dummyHash ??= hashPassword('nohaven-dummy-password', random.bytes(16));
      await verifyPassword(input.password, await dummyHash);
      await failSignIn(input.username, input.remote, 'unknown-user', null);
      throw new DomainError('NH_ERR_BAD_CREDENTIALS', BAD_CREDENTIALS);
    }
    if (user.locked_until !== null && user.locked_until > now.toISOString()) {
      await failSignIn(input.username, input.remote, 'locked', user.id);
      throw new DomainError(
        'NH_ERR_ACCOUNT_LOCKED',
        `the account is locked until ${user.locked_until}`,
        [{ path: 'lockedUntil', message: user.locked_until }],
      );
    }
    const passwordOk = await verifyPassword(input.password, user.password_hash);
    if (!passwordOk || user.disabled !== 0) {
      await failSignIn(
        input.username,
        input.remote,
        passwordOk ? 'disabled' : 'bad-password',
        user.id,
      );
      throw new DomainError('NH_ERR_BAD_CREDENTIALS', BAD_CREDENTIALS);
    }
    return user;
  }

  return {
    async signIn(input: { username: string; password: string; remote?: string }) {
      const now = clock.now();
      const user = await checkCredentials(input);
      const sessionToken = random.bytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
      await inWriteTransaction(db, capabilities, async (trx) => {
        await trx
          .updateTable('users')
          .set({ failed_sign_ins: 0, locked_until: null })
          .where('id', '=', user.id)
          .execute();
        await trx
          .deleteFrom('sessions')
          .where('user_id', '=', user.id)
          .where('expires_at', '<=', now.toISOString())
          .execute();
        await trx
          .insertInto('sessions')
          .values({
            id: sha256Hex(sessionToken),
            user_id: user.id,
            created_at: now.toISOString(),
            expires_at: expiresAt,
          })
          .execute();
        await audit.append(trx, actorOf(user, 'session'), {
          action: 'auth.sign-in',
          target: user.username,
          details: input.remote ? { remote: input.remote } : {},
        });
      });
      const me = await meOf(user.id);
      if (!me) throw new DomainError('NH_ERR_BAD_CREDENTIALS', BAD_CREDENTIALS);
      return { sessionToken, expiresAt, user: me };
    },

    async signOut(sessionToken: string): Promise<void> {
      const actor = await actorFromSession(sessionToken);
      if (!actor) return;
      await inWriteTransaction(db, capabilities, async (trx) => {
        await trx.deleteFrom('sessions').where('id', '=', sha256Hex(sessionToken)).execute();
        await audit.append(trx, actor, {
          action: 'auth.sign-out',
          target: actor.kind === 'user' ? actor.username : null,
        });
      });
    },

    actorFromSession,

    async actorFromPassword(input: { username: string; password: string; remote?: string }) {
      const user = await checkCredentials(input);
      if (user.failed_sign_ins > 0) {
        await db
          .updateTable('users')
          .set({ failed_sign_ins: 0 })
          .where('id', '=', user.id)
          .execute();
      }
      return actorOf(user, 'password');
    },

    async me(actor: Actor): Promise<MeView> {
      const me = actor.kind === 'user' ? await meOf(actor.userId) : null;
      if (!me) throw new DomainError('NH_ERR_NOT_FOUND', 'the actor is not a user of this node');
      return me;
    },
  };
}

/** The actor of a user row. */
export function actorOf(
  row: { id: string; username: string; organization_id: string; role: string },
  via: 'session' | 'token' | 'password',
): Actor {
  return {
    kind: 'user',
    userId: row.id,
    username: row.username,
    organizationId: row.organization_id,
    role: asRole(row.role),
    via,
  };
}
