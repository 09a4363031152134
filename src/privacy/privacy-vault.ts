import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
} from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import {
  isSealedEnvelope,
  keyCheckValue,
  openValue,
  sealValue,
  unwrapKey,
  wrapKey,
} from './envelope.js';
import { INDEX_KEY_SCOPE, blindToken, identifiersOf } from './blind-index.js';
import { MasterKeyError, loadMasterKeyring, type MasterKeyring } from './master-key.js';
import { privacyDb, type PrivacyDb } from './privacy.tables.js';

/** Where the master keys come from (the data folder's key file, or the secret's text). */
export interface MasterKeySource {
  readonly dataDir: string;
  /** `NOHAVEN_MASTER_KEY`, parsed at boot; null: the key file. */
  readonly fromEnv: string | null;
}

/**
 * The node's sealing of personal data: data keys per scope (`case:<id>`, `request:<id>`),
 * wrapped by the master key, cached unwrapped in memory. Repositories reach it through the
 * database they are given ({@link vaultOf}): the app attaches it with `db.withPlugin(vault.plugin)`
 * to the executors of the capabilities that store personal data.
 */
export interface PrivacyVault {
  /**
   * Loads the master keys (making the key file at the very first start) and checks them against
   * the database: throws {@link MasterKeyError} when a key is missing or wrong. Idempotent.
   */
  ready(): Promise<void>;
  /**
   * Replaces the values of `personal` fields by envelopes sealed with the scope's data key, and
   * replaces those fields' entries in the blind index (in the same transaction as `db`).
   */
  seal<DB>(
    db: Kysely<DB>,
    scope: string,
    values: Readonly<Record<string, unknown>>,
    personal: ReadonlyMap<string, string>,
    /** Binds the envelopes to one record of the scope (a case subject's id). */
    record?: string,
  ): Promise<Record<string, unknown>>;
  /** Replaces every envelope in `values` by the value it holds. */
  open<DB>(
    db: Kysely<DB>,
    scope: string,
    values: Readonly<Record<string, unknown>>,
    record?: string,
  ): Promise<Record<string, unknown>>;
  /**
   * Where an identifier occurs in sealed fields, from the blind index (no decryption): each
   * scope, record and field whose sealed value holds it (`blind-index.ts`).
   */
  findIdentifier<DB>(
    db: Kysely<DB>,
    identifier: string,
  ): Promise<{ scope: string; record: string; field: string }[]>;
  /** Drops the blind-index entries of a scope (of one record, when given): its data is gone. */
  forgetIndex<DB>(db: Kysely<DB>, scope: string, record?: string): Promise<void>;
  /** The master keys in use (reloaded from their source). */
  reloadKeyring(): MasterKeyring;
  /** Forgets cached data keys (after a rotation). */
  forget(): void;
  readonly plugin: KyselyPlugin;
}

class VaultCarrier implements KyselyPlugin {
  constructor(readonly vault: PrivacyVault) {}
  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

/** The vault attached to `db`; storing personal data without one is a wiring error. */
export function vaultOf<DB>(db: Kysely<DB>): PrivacyVault {
  const carrier = db.getExecutor().plugins.find((p) => p instanceof VaultCarrier);
  if (!carrier) throw new Error('no privacy vault is attached to this database executor');
  return carrier.vault;
}

const aadOf = (scope: string, record: string, field: string) =>
  record === '' ? `${scope}#${field}` : `${scope}#${record}.${field}`;

export function createPrivacyVault(deps: {
  readonly db: Kysely<Database>;
  readonly keys: MasterKeySource;
  readonly clock: Clock;
  readonly random: RandomSource;
}): PrivacyVault {
  const db = privacyDb(deps.db);
  let keyring: MasterKeyring | null = null;
  let readying: Promise<void> | null = null;
  const cache = new Map<string, Buffer>();

  const load = (mayCreate: boolean) =>
    loadMasterKeyring(deps.keys.dataDir, deps.keys.fromEnv, () => deps.random.bytes(32), mayCreate);

  async function check(): Promise<void> {
    const held = await db
      .selectFrom('privacy_data_keys')
      .select('master_key_id')
      .groupBy('master_key_id')
      .execute();
    const ring = load(held.length === 0);
    const registered = await db.selectFrom('privacy_master_keys').selectAll().execute();
    for (const r of registered) {
      const key = ring.keys.get(r.id);
      if (key && keyCheckValue(key) !== r.check_value) {
        throw new MasterKeyError(
          `the master key ${r.id} from ${ring.source} fails its key check: it is not the key that sealed this node's data`,
        );
      }
    }
    const missing = held.map((h) => h.master_key_id).filter((id) => !ring.keys.has(id));
    if (missing.length > 0) {
      throw new MasterKeyError(
        `the master key from ${ring.source} is not the one that sealed this node's personal data (it needs key ${missing.join(', ')}, has ${[...ring.keys.keys()].join(', ')}); restore the right key file or ${'NOHAVEN_MASTER_KEY'} — the node does not start with a wrong key`,
      );
    }
    for (const [id, key] of ring.keys) {
      if (registered.some((r) => r.id === id)) continue;
      await db
        .insertInto('privacy_master_keys')
        .values({
          id,
          check_value: keyCheckValue(key),
          created_at: deps.clock.now().toISOString(),
          retired_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    keyring = ring;
  }

  async function ringNow(): Promise<MasterKeyring> {
    readying ??= check().catch((err: unknown) => {
      readying = null;
      throw err;
    });
    await readying;
    return keyring!;
  }

  async function dataKey(executor: PrivacyDb, scope: string, create: boolean) {
    const cached = cache.get(scope);
    if (cached) return cached;
    let ring = await ringNow();
    const row = await executor
      .selectFrom('privacy_data_keys')
      .selectAll()
      .where('scope', '=', scope)
      .executeTakeFirst();
    if (!row) {
      if (!create) return null;
      // A rotation elsewhere retired the key this process holds as current: read the new one.
      const current = await executor
        .selectFrom('privacy_master_keys')
        .select('retired_at')
        .where('id', '=', ring.current.id)
        .executeTakeFirst();
      if (current?.retired_at) ring = vault.reloadKeyring();
      const key = deps.random.bytes(32);
      await executor
        .insertInto('privacy_data_keys')
        .values({
          scope,
          master_key_id: ring.current.id,
          wrapped: wrapKey(ring.current.key, deps.random.bytes(12), key, scope),
          created_at: deps.clock.now().toISOString(),
          rewrapped_at: null,
        })
        .execute();
      cache.set(scope, key);
      return key;
    }
    // A rotation by another process may have re-wrapped it with a key this one has not read.
    if (!ring.keys.has(row.master_key_id)) ring = vault.reloadKeyring();
    const master = ring.keys.get(row.master_key_id);
    if (!master) {
      throw new MasterKeyError(
        `the data key of ${scope} is wrapped by master key ${row.master_key_id}, which ${ring.source} does not hold`,
      );
    }
    const key = unwrapKey(master, row.wrapped, scope);
    cache.set(scope, key);
    return key;
  }

  /** The fields' blind-index entries, replaced by the identifiers their new values hold. */
  async function reindex(
    executor: PrivacyDb,
    scope: string,
    record: string,
    fields: readonly (readonly [string, string])[],
    values: Readonly<Record<string, unknown>>,
  ) {
    const indexKey = (await dataKey(executor, INDEX_KEY_SCOPE, true))!;
    await executor
      .deleteFrom('privacy_blind_index')
      .where('scope', '=', scope)
      .where('record', '=', record)
      .where(
        'field',
        'in',
        fields.map(([code]) => code),
      )
      .execute();
    const rows = fields.flatMap(([code, category]) =>
      identifiersOf(values[code], category).map((id) => ({
        token: blindToken(indexKey, id),
        scope,
        record,
        field: code,
      })),
    );
    const unique = [...new Map(rows.map((r) => [r.token + '|' + r.field, r])).values()];
    for (let i = 0; i < unique.length; i += 200) {
      await executor
        .insertInto('privacy_blind_index')
        .values(unique.slice(i, i + 200))
        .execute();
    }
  }

  const vault: PrivacyVault = {
    ready: async () => {
      await ringNow();
    },
    async seal(executor, scope, values, personal, record = '') {
      const out: Record<string, unknown> = { ...values };
      const fields = [...personal].filter(
        ([code]) => out[code] !== undefined && out[code] !== null && !isSealedEnvelope(out[code]),
      );
      if (fields.length === 0) return out;
      const key = (await dataKey(privacyDb(executor), scope, true))!;
      await reindex(privacyDb(executor), scope, record, fields, out);
      for (const [code, category] of fields) {
        out[code] = sealValue(
          key,
          deps.random.bytes(12),
          out[code],
          category,
          aadOf(scope, record, code),
        );
      }
      return out;
    },
    async open(executor, scope, values, record = '') {
      const out: Record<string, unknown> = { ...values };
      const sealed = Object.entries(out).filter(([, v]) => isSealedEnvelope(v));
      if (sealed.length === 0) return out;
      const key = await dataKey(privacyDb(executor), scope, false);
      if (!key) throw new MasterKeyError(`the data key of ${scope} is missing`);
      for (const [code, v] of sealed) {
        out[code] = openValue(key, v as never, aadOf(scope, record, code));
      }
      return out;
    },
    async findIdentifier(executor, identifier) {
      const pdb = privacyDb(executor);
      const indexKey = await dataKey(pdb, INDEX_KEY_SCOPE, false);
      if (!indexKey) return [];
      return pdb
        .selectFrom('privacy_blind_index')
        .select(['scope', 'record', 'field'])
        .where('token', '=', blindToken(indexKey, identifier))
        .orderBy('scope')
        .orderBy('record')
        .orderBy('field')
        .execute();
    },
    async forgetIndex(executor, scope, record) {
      let q = privacyDb(executor).deleteFrom('privacy_blind_index').where('scope', '=', scope);
      if (record !== undefined) q = q.where('record', '=', record);
      await q.execute();
    },
    reloadKeyring() {
      keyring = load(false);
      return keyring;
    },
    forget() {
      cache.clear();
    },
    get plugin() {
      return carrier;
    },
  };
  const carrier = new VaultCarrier(vault);
  return vault;
}
