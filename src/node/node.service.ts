import { sql } from 'kysely';
import type { Actor } from '../platform/actor.js';
import type { Config } from '../platform/config.js';
import type { DatabaseHandle } from '../platform/database/connection.js';
import { DomainError } from '../platform/errors.js';
import type { ObjectService } from '../objects/object.service.js';

export interface NodeOverview {
  readonly name: string;
  readonly organization: { readonly id: string; readonly name: string };
  readonly country: string | null;
  readonly counts: { readonly total: number; readonly byType: Readonly<Record<string, number>> };
}

export interface NodeService {
  /** Identity id of the organisation that operates this node (created at first run). */
  organizationId(): Promise<string>;
  /** The home page's facts, with counts of what the actor may read. */
  overview(actor: Actor): Promise<NodeOverview>;
  /** Ready when the database answers. */
  readiness(): Promise<{ ready: boolean; database: string }>;
}

export function createNodeService(deps: {
  config: Config;
  database: DatabaseHandle;
  objects: ObjectService;
}): NodeService {
  const { config, database, objects } = deps;
  let orgId: string | null = null;

  async function organizationId(): Promise<string> {
    if (orgId !== null) return orgId;
    const row = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('name', '=', config.organization)
      .executeTakeFirst();
    if (!row) {
      throw new DomainError(
        'NH_ERR_NOT_READY',
        `the node organisation "${config.organization}" does not exist yet; start the node once to create it`,
      );
    }
    orgId = row.id;
    return orgId;
  }

  return {
    organizationId,
    async overview(actor) {
      return {
        name: config.nodeName,
        organization: { id: await organizationId(), name: config.organization },
        country: config.country,
        counts: await objects.counts(actor),
      };
    },
    async readiness() {
      try {
        await sql`select 1`.execute(database.db);
        return { ready: true, database: database.capabilities.name };
      } catch {
        return { ready: false, database: database.capabilities.name };
      }
    },
  };
}
