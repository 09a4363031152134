/**
 * Each organisation's aggregate-sharing setting (issue 5, item 1): up to which TLP level its
 * reports may be counted in "N other organisations in M countries reported this". Read by the
 * organisation's members, changed by its admins; audited.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import {
  AGGREGATE_LEVELS,
  DEFAULT_AGGREGATE_LEVEL,
  isAggregateLevel,
  type AggregateLevel,
} from './aggregate.js';

export interface AggregateSetting {
  readonly organizationId: string;
  readonly level: AggregateLevel;
  /** True while the organisation keeps the default. */
  readonly isDefault: boolean;
}

export interface AggregateSettingService {
  get(actor: Actor, organizationId: string): Promise<AggregateSetting>;
  set(actor: Actor, organizationId: string, level: string): Promise<AggregateSetting>;
}

export function createAggregateSettingService(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
}): AggregateSettingService {
  const { db } = deps;

  function requireOwn(actor: Actor, organizationId: string) {
    if (actor.organizationId !== organizationId) {
      throw new DomainError(
        'NH_ERR_FORBIDDEN',
        `${actorLabel(actor)} may only see or change the aggregate sharing of its own organisation`,
      );
    }
  }

  async function read(organizationId: string): Promise<AggregateSetting> {
    const row = await db
      .selectFrom('organization_settings')
      .select('aggregate_tlp')
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    const level = row && isAggregateLevel(row.aggregate_tlp) ? row.aggregate_tlp : undefined;
    return { organizationId, level: level ?? DEFAULT_AGGREGATE_LEVEL, isDefault: !level };
  }

  return {
    async get(actor, organizationId) {
      requireOwn(actor, organizationId);
      return read(organizationId);
    },

    async set(actor, organizationId, level) {
      requireOwn(actor, organizationId);
      if (actor.role !== 'admin') {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `${actorLabel(actor)} (role ${actor.role}) may not change the organisation's aggregate sharing; an admin may`,
        );
      }
      if (!isAggregateLevel(level)) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `aggregate level "${level}" is not one of ${AGGREGATE_LEVELS.join(', ')}`,
          [{ path: 'level', message: `one of ${AGGREGATE_LEVELS.join(', ')}` }],
        );
      }
      await inWriteTransaction(db, deps.capabilities, async (trx) => {
        const at = deps.clock.now().toISOString();
        await trx
          .insertInto('organization_settings')
          .values({ organization_id: organizationId, aggregate_tlp: level, updated_at: at })
          .onConflict((oc) =>
            oc.column('organization_id').doUpdateSet({ aggregate_tlp: level, updated_at: at }),
          )
          .execute();
        await deps.audit.append(trx, actor, {
          action: 'organization.aggregate-sharing',
          target: organizationId,
          details: { level },
        });
      });
      return read(organizationId);
    },
  };
}
