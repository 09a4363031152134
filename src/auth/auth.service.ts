import { createAccounts } from './auth.accounts.js';
import type { AuthDeps } from './auth.rows.js';
import { createSessions } from './auth.sessions.js';
import { createTokens } from './auth.tokens.js';
import type { AuthService } from './auth.types.js';

export type {
  AuthService,
  CreatedToken,
  FirstRunResult,
  MeView,
  NewOrganization,
  NewUser,
  OrganizationView,
  TokenView,
  UserView,
} from './auth.types.js';
export { SECTORS, type Sector } from './auth.types.js';
export type { AuthDeps } from './auth.rows.js';

/**
 * The node's accounts and credentials over the `organizations`, `users`, `sessions` and
 * `api_tokens` tables; every write and every sign-in attempt goes into the audit chain.
 */
export function createAuthService(deps: AuthDeps): AuthService {
  return Object.freeze({ ...createAccounts(deps), ...createSessions(deps), ...createTokens(deps) });
}
