import type { Actor } from '../platform/actor.js';
import { isRole } from '../platform/actor.js';
import { isCountryCode } from '../platform/countries.js';
import { DomainError } from '../platform/errors.js';
import { type AuthDeps, isUniqueViolation, toOrganizationView, toUserView } from './auth.rows.js';
import {
  isSector,
  SECTORS,
  type FirstRunResult,
  type NewOrganization,
  type NewUser,
  type OrganizationView,
  type UserView,
} from './auth.types.js';
import { requireRole } from './roles.js';
import { hashPassword } from './secrets.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const MIN_PASSWORD = 12;
const MAX_PASSWORD = 1024;
const FIRST_RUN_ACTOR: Actor = {
  kind: 'service',
  name: 'first-run',
  role: 'admin',
  organizationId: '',
};

function invalid(path: string, message: string): DomainError {
  return new DomainError('NH_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);
}

/** Organisations and users: creation (admin), listings, and the node's first run. */
export function createAccounts(deps: AuthDeps) {
  const { db, capabilities, audit, clock, random } = deps;

  function checkOrganization(input: NewOrganization): {
    name: string;
    sector: string;
    country: string | null;
  } {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200)
      throw invalid('name', 'must be 1 to 200 characters');
    if (!isSector(input.sector)) throw invalid('sector', `must be one of ${SECTORS.join(', ')}`);
    const country = input.country === null ? null : input.country.trim().toUpperCase();
    if (country !== null && !isCountryCode(country)) {
      throw invalid(
        'country',
        `"${input.country}" is not an ISO 3166-1 alpha-2 code (for example FR, JP)`,
      );
    }
    return { name, sector: input.sector, country };
  }

  async function checkUser(input: NewUser): Promise<void> {
    if (!USERNAME.test(input.username)) {
      throw invalid(
        'username',
        'must be 2 to 64 of a-z 0-9 . _ - and start with a letter or digit',
      );
    }
    if (!isRole(input.role)) throw invalid('role', `"${input.role}" is not a role`);
    if (input.password.length < MIN_PASSWORD || input.password.length > MAX_PASSWORD) {
      throw invalid('password', `must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters`);
    }
  }

  async function resolveOrganization(actor: Actor, ref: string | undefined): Promise<string> {
    const key = ref ?? actor.organizationId;
    const row = await db
      .selectFrom('organizations')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', key), eb('name', '=', key)]))
      .executeTakeFirst();
    if (!row) throw invalid('organization', `no organisation "${key}"`);
    return row.id;
  }

  return {
    async createOrganization(actor: Actor, input: NewOrganization): Promise<OrganizationView> {
      requireRole(actor, 'admin');
      const org = checkOrganization(input);
      const row = {
        id: `identity--${random.uuid()}`,
        ...org,
        created_at: clock.now().toISOString(),
      };
      try {
        await inWriteTransaction(db, capabilities, async (trx) => {
          await trx.insertInto('organizations').values(row).execute();
          await audit.append(trx, actor, {
            action: 'organization.create',
            target: row.id,
            details: org,
          });
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new DomainError('NH_ERR_CONFLICT', `organisation "${org.name}" already exists`);
        throw err;
      }
      return toOrganizationView(row);
    },

    async listOrganizations(_actor: Actor): Promise<OrganizationView[]> {
      const rows = await db.selectFrom('organizations').selectAll().orderBy('name').execute();
      return rows.map(toOrganizationView);
    },

    async findOrganizationByName(name: string): Promise<OrganizationView | null> {
      const row = await db
        .selectFrom('organizations')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? toOrganizationView(row) : null;
    },

    async createUser(actor: Actor, input: NewUser): Promise<UserView> {
      requireRole(actor, 'admin');
      await checkUser(input);
      const organizationId = await resolveOrganization(actor, input.organization);
      const row = {
        id: random.uuid(),
        username: input.username,
        organization_id: organizationId,
        role: input.role,
        password_hash: await hashPassword(input.password, random.bytes(16)),
        failed_sign_ins: 0,
        locked_until: null,
        disabled: 0,
        created_at: clock.now().toISOString(),
      };
      try {
        await inWriteTransaction(db, capabilities, async (trx) => {
          await trx.insertInto('users').values(row).execute();
          await audit.append(trx, actor, {
            action: 'user.create',
            target: row.username,
            details: { userId: row.id, role: row.role, organizationId },
          });
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new DomainError('NH_ERR_CONFLICT', `user "${input.username}" already exists`);
        throw err;
      }
      return toUserView(row);
    },

    async listUsers(actor: Actor): Promise<UserView[]> {
      requireRole(actor, 'admin', 'oversight');
      const rows = await db
        .selectFrom('users')
        .select(['id', 'username', 'role', 'organization_id', 'created_at'])
        .orderBy('username')
        .execute();
      return rows.map(toUserView);
    },

    async ensureFirstRun(node: {
      organization: string;
      country: string | null;
    }): Promise<FirstRunResult | null> {
      const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (anyUser) return null;
      const org = checkOrganization({
        name: node.organization,
        sector: 'other',
        country: node.country,
      });
      const password = random.bytes(18).toString('base64url');
      const passwordHash = await hashPassword(password, random.bytes(16));
      const now = clock.now().toISOString();
      try {
        return await inWriteTransaction(db, capabilities, async (trx) => {
          // A concurrent first run blocks here until the other commits, then does nothing.
          await trx
            .insertInto('organizations')
            .values({ id: `identity--${random.uuid()}`, ...org, created_at: now })
            .onConflict((oc) => oc.column('name').doNothing())
            .execute();
          const orgRow = await trx
            .selectFrom('organizations')
            .selectAll()
            .where('name', '=', org.name)
            .executeTakeFirstOrThrow();
          const user = {
            id: random.uuid(),
            username: 'admin',
            organization_id: orgRow.id,
            role: 'admin',
            password_hash: passwordHash,
            failed_sign_ins: 0,
            locked_until: null,
            disabled: 0,
            created_at: now,
          };
          await trx.insertInto('users').values(user).execute();
          const actor = { ...FIRST_RUN_ACTOR, organizationId: orgRow.id };
          await audit.append(trx, actor, {
            action: 'node.first-run',
            target: 'admin',
            details: { organizationId: orgRow.id },
          });
          return { organization: toOrganizationView(orgRow), username: 'admin', password };
        });
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },
  };
}
