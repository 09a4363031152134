import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { keyCheckValue, masterKeyId, unwrapKey, wrapKey } from './envelope.js';
import { ENV_NAME, MasterKeyError, writeKeyFile, type MasterKeyring } from './master-key.js';
import type { MasterKeySource, PrivacyVault } from './privacy-vault.js';
import { privacyDb } from './privacy.tables.js';

export interface RotationResult {
  readonly newKeyId: string;
  /** Data keys re-wrapped by this run. */
  readonly rewrapped: number;
  /** Master keys retired (no data key needs them any more). */
  readonly retired: readonly string[];
  /** True when this run finished a rotation an earlier run began. */
  readonly resumed: boolean;
}

/**
 * Master-key rotation without downtime (issue 8, item 1). The new key is written first into
 * the key file ahead of the old one, so that every running process — which reloads the file
 * when it meets a data key wrapped by a key it has not read — opens both; then each data key is
 * re-wrapped (in batches, each row updated only if still under the old key), and only when none
 * is left is the old key retired and dropped from the file. Interrupted, the command resumes:
 * a key file with an old key still needed means "carry on", not "make another key".
 *
 * With `NOHAVEN_MASTER_KEY` the operator makes the key: set it to `NEW,OLD` and run the rotation.
 */
export async function rotateMasterKey(deps: {
  readonly db: Kysely<Database>;
  readonly vault: PrivacyVault;
  readonly keys: MasterKeySource;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}): Promise<RotationResult> {
  const db = privacyDb(deps.db);
  await deps.vault.ready();
  let ring: MasterKeyring = deps.vault.reloadKeyring();
  const underOther = async () =>
    Number(
      (
        await db
          .selectFrom('privacy_data_keys')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('master_key_id', '!=', ring.current.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const resumed = ring.keys.size > 1 && (await underOther()) > 0;
  if (!resumed) {
    if (deps.keys.fromEnv !== null) {
      throw new MasterKeyError(
        `${ENV_NAME} holds the master key: set it to "NEW,OLD" (a new base64 key first, e.g. from "openssl rand -base64 32") on every process, then run the rotation again`,
      );
    }
    const fresh = deps.random.bytes(32);
    writeKeyFile(deps.keys.dataDir, [fresh, ...ring.keys.values()]);
    ring = deps.vault.reloadKeyring();
    if (ring.current.id !== masterKeyId(fresh))
      throw new MasterKeyError('the new key file did not load');
  }
  await db
    .insertInto('privacy_master_keys')
    .values({
      id: ring.current.id,
      check_value: keyCheckValue(ring.current.key),
      created_at: deps.clock.now().toISOString(),
      retired_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();

  const total = await underOther();
  const batchSize = deps.batchSize ?? 500;
  let rewrapped = 0;
  for (;;) {
    const rows = await db
      .selectFrom('privacy_data_keys')
      .selectAll()
      .where('master_key_id', '!=', ring.current.id)
      .orderBy('scope')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const old = ring.keys.get(r.master_key_id);
        if (!old) {
          throw new MasterKeyError(
            `the data key of ${r.scope} is wrapped by master key ${r.master_key_id}, which ${ring.source} does not hold; restore that key into the file as a second line and run again`,
          );
        }
        const dataKey = unwrapKey(old, r.wrapped, r.scope);
        await trx
          .updateTable('privacy_data_keys')
          .set({
            master_key_id: ring.current.id,
            wrapped: wrapKey(ring.current.key, deps.random.bytes(12), dataKey, r.scope),
            rewrapped_at: deps.clock.now().toISOString(),
          })
          .where('scope', '=', r.scope)
          .where('master_key_id', '=', r.master_key_id)
          .execute();
      }
    });
    rewrapped += rows.length;
    deps.onProgress?.(rewrapped, total);
  }

  const retire = await db
    .selectFrom('privacy_master_keys')
    .select('id')
    .where('id', '!=', ring.current.id)
    .where('retired_at', 'is', null)
    .execute();
  if (retire.length > 0) {
    await db
      .updateTable('privacy_master_keys')
      .set({ retired_at: deps.clock.now().toISOString() })
      .where(
        'id',
        'in',
        retire.map((r) => r.id),
      )
      .execute();
  }
  if (deps.keys.fromEnv === null && ring.keys.size > 1) {
    writeKeyFile(deps.keys.dataDir, [ring.current.key]);
    deps.vault.reloadKeyring();
  }
  deps.vault.forget();
  return { newKeyId: ring.current.id, rewrapped, retired: retire.map((r) => r.id), resumed };
}
