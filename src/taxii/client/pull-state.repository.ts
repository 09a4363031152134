import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/** Where a pull of a remote collection stopped (`taxii_pull_state`), per server, API root, collection. */
export interface PullStateKey {
  readonly serverUrl: string;
  readonly apiRoot: string;
  readonly collectionId: string;
}

export interface PullStateRepository {
  cursor(key: PullStateKey): Promise<string | undefined>;
  save(key: PullStateKey, addedAfter: string, at: string): Promise<void>;
}

export function pullStateRepository(db: Kysely<Database>): PullStateRepository {
  return {
    async cursor(key) {
      const row = await db
        .selectFrom('taxii_pull_state')
        .select('added_after')
        .where('server_url', '=', key.serverUrl)
        .where('api_root', '=', key.apiRoot)
        .where('collection_id', '=', key.collectionId)
        .executeTakeFirst();
      return row?.added_after;
    },
    async save(key, addedAfter, at) {
      await db
        .insertInto('taxii_pull_state')
        .values({
          server_url: key.serverUrl,
          api_root: key.apiRoot,
          collection_id: key.collectionId,
          added_after: addedAfter,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc
            .columns(['server_url', 'api_root', 'collection_id'])
            .doUpdateSet({ added_after: addedAfter, updated_at: at }),
        )
        .execute();
    },
  };
}
