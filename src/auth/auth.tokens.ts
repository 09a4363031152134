import type { Actor } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import type { AuthDeps } from './auth.rows.js';
import { actorOf } from './auth.sessions.js';
import type { CreatedToken, TokenView } from './auth.types.js';
import { requireRole } from './roles.js';
import { API_TOKEN_PREFIX, sha256Hex } from './secrets.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';

/** `last_used_at` is written at most this often per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** API tokens: `nh_` + 32 random bytes (base64url), stored only as their SHA-256. */
export function createTokens(deps: AuthDeps) {
  const { db, capabilities, audit, clock, random } = deps;

  function userOf(actor: Actor): string {
    if (actor.kind !== 'user')
      throw new DomainError('NH_ERR_FORBIDDEN', 'only users own API tokens');
    return actor.userId;
  }

  async function issue(
    actor: Actor,
    user: { id: string; username: string },
    name: string,
  ): Promise<CreatedToken> {
    const label = name.trim();
    if (label.length === 0 || label.length > 100) {
      throw new DomainError('NH_ERR_VALIDATION', 'name: must be 1 to 100 characters', [
        { path: 'name', message: 'must be 1 to 100 characters' },
      ]);
    }
    const token = API_TOKEN_PREFIX + random.bytes(32).toString('base64url');
    const row = {
      id: random.uuid(),
      user_id: user.id,
      name: label,
      token_hash: sha256Hex(token),
      created_at: clock.now().toISOString(),
    };
    await inWriteTransaction(db, capabilities, async (trx) => {
      await trx.insertInto('api_tokens').values(row).execute();
      await audit.append(trx, actor, {
        action: 'token.create',
        target: user.username,
        details: { tokenId: row.id, name: label },
      });
    });
    return { id: row.id, name: label, token, createdAt: row.created_at };
  }

  return {
    async createToken(actor: Actor, input: { name: string }): Promise<CreatedToken> {
      const userId = userOf(actor);
      return issue(
        actor,
        { id: userId, username: actor.kind === 'user' ? actor.username : '' },
        input.name,
      );
    },

    async createTokenForUser(actor: Actor, username: string, name: string): Promise<CreatedToken> {
      requireRole(actor, 'admin');
      const user = await db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('username', '=', username)
        .executeTakeFirst();
      if (!user) throw new DomainError('NH_ERR_NOT_FOUND', `user "${username}" was not found`);
      return issue(actor, user, name);
    },

    async listTokens(actor: Actor): Promise<TokenView[]> {
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
        .where('user_id', '=', userOf(actor))
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
      }));
    },

    async revokeToken(actor: Actor, id: string): Promise<void> {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.revoked_at', 'users.username'])
        .where('api_tokens.id', '=', id)
        .executeTakeFirst();
      const own = actor.kind === 'user' && row?.user_id === actor.userId;
      if (!row || (!own && actor.role !== 'admin'))
        throw new DomainError('NH_ERR_NOT_FOUND', `token ${id} was not found`);
      if (row.revoked_at !== null) return;
      await inWriteTransaction(db, capabilities, async (trx) => {
        await trx
          .updateTable('api_tokens')
          .set({ revoked_at: clock.now().toISOString() })
          .where('id', '=', id)
          .execute();
        await audit.append(trx, actor, {
          action: 'token.revoke',
          target: row.username,
          details: { tokenId: id },
        });
      });
    },

    async actorFromApiToken(token: string): Promise<Actor | null> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return null;
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select([
          'api_tokens.id as token_id',
          'api_tokens.last_used_at',
          'users.id',
          'users.username',
          'users.organization_id',
          'users.role',
        ])
        .where('api_tokens.token_hash', '=', sha256Hex(token))
        .where('api_tokens.revoked_at', 'is', null)
        .where('users.disabled', '=', 0)
        .executeTakeFirst();
      if (!row) return null;
      const now = clock.now();
      const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
      if (row.last_used_at === null || row.last_used_at < staleBefore) {
        await db
          .updateTable('api_tokens')
          .set({ last_used_at: now.toISOString() })
          .where('id', '=', row.token_id)
          .where((eb) =>
            eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]),
          )
          .execute();
      }
      return actorOf(row, 'token');
    },
  };
}
