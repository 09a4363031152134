import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { TLP_ORDER } from '../policy/read-policy.js';
import type { ChangeAudience, ChangeBody, ChangeItem, ChangeKind } from './change-feed.types.js';
import type { NodeIdentity, PeerDirectory } from './federation.types.js';
import { itemText, signItem } from './feed-item.js';
import { feedLogRepository as log } from './feed-log.repository.js';

/** What the parts of the change feed share: storage, ports and the one way to append. */
export interface FeedCore {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly identity: NodeIdentity;
  readonly peers: PeerDirectory;
  /** The named service actor federation writes as, on behalf of `organizationId`. */
  actor(organizationId: string): Actor;
  /** Appends an item of this node, signed, after everything appended before it. */
  appendOwn(
    kind: ChangeKind,
    objectId: string | null,
    audience: ChangeAudience,
    body: ChangeBody,
  ): Promise<ChangeItem>;
  /**
   * Appends items of this node in order, signed, in one transaction; `before` runs first in it
   * (with the log locked), so what it changes in the log commits with the items or not at all.
   */
  appendOwnMany(
    entries: readonly OwnEntry[],
    before?: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<ChangeItem[]>;
  /** Appends received items unchanged (a relay), except those the log holds already. */
  appendRelayed(items: readonly ChangeItem[], receivedFrom: string): Promise<void>;
  /**
   * Inside the caller's write transaction, after {@link lockLog}: appends received items as
   * {@link appendRelayed} does. Call {@link announce} once the transaction has committed.
   */
  appendRelayedIn(
    trx: Kysely<Database>,
    items: readonly ChangeItem[],
    receivedFrom: string,
  ): Promise<void>;
  /**
   * Makes the caller's transaction the log's only appender until it commits; take it first, so
   * that every appender takes its locks in the same order.
   */
  lockLog(trx: Kysely<Database>): Promise<void>;
  /** Tells the push workers that the log grew (after a commit that appended). */
  announce(): void;
  /** Tells the push workers that the log grew. */
  readonly onAppended: Set<() => void>;
  /** Logs a refused item or a failed exchange (the node's logger). */
  warn(message: string, details: Record<string, unknown>): void;
  now(): string;
}

/** One item of this node to append. */
export interface OwnEntry {
  readonly kind: ChangeKind;
  readonly objectId: string | null;
  readonly audience: ChangeAudience;
  readonly body: ChangeBody;
}

/** Distributions that may enter the feed at all (issue 6 §3). */
export function sharable(audience: Pick<ChangeAudience, 'distribution' | 'tlp'>): boolean {
  const d = audience.distribution;
  const inFeed = d === 'connected' || d === 'all' || d.startsWith('sharing-group:');
  return (
    inFeed && audience.tlp !== 'amber+strict' && (audience.tlp === null || isTlp(audience.tlp))
  );
}

function isTlp(tlp: string): boolean {
  return (TLP_ORDER as readonly string[]).includes(tlp);
}

/** Key of the PostgreSQL advisory lock that serialises log appends across processes ("nhfe"). */
const LOG_LOCK_KEY = 0x6e686665;

export function createFeedCore(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly audit: AuditLog;
  readonly identity: NodeIdentity;
  readonly peers: PeerDirectory;
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}): FeedCore {
  const { db, identity } = deps;
  const onAppended = new Set<() => void>();
  // Appends of this process one after another: `originSeq` follows the log's order.
  let appending: Promise<unknown> = Promise.resolve();
  const now = () => deps.clock.now().toISOString();
  const announce = () => {
    for (const f of onAppended) f();
  };

  /**
   * Makes this transaction the log's only appender until it commits, so that `seq` order is
   * commit order even with several processes on PostgreSQL: a cursor never skips a row that
   * commits late with a lower `seq`. (SQLite serialises writers already.)
   */
  async function lockLog(trx: Kysely<Database>) {
    if (deps.capabilities.supportsAdvisoryLocks)
      await sql`select pg_advisory_xact_lock(${sql.lit(LOG_LOCK_KEY)})`.execute(trx);
  }

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = appending.then(work, work);
    appending = next.catch(() => undefined);
    return next;
  }

  function appendOwnMany(
    entries: readonly OwnEntry[],
    before?: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<ChangeItem[]> {
    if (entries.length === 0 && before === undefined) return Promise.resolve([]);
    return serial(async () => {
      const items = await inWriteTransaction(db, deps.capabilities, async (trx) => {
        await lockLog(trx);
        await before?.(trx);
        const head = await log.head(trx);
        const issuedAt = now();
        const signed = entries.map((e, i) =>
          signItem(identity, {
            id: `change--${deps.random.uuid()}`,
            origin: identity.nodeId,
            originSeq: head + 1 + i,
            kind: e.kind,
            issuedAt,
            audience: e.audience,
            body: e.body,
          }),
        );
        await log.append(
          trx,
          signed.map((item, i) => ({
            itemId: item.id,
            origin: item.origin,
            kind: item.kind,
            objectId: entries[i]!.objectId,
            receivedFrom: null,
            item: itemText(item),
          })),
          issuedAt,
        );
        return signed;
      });
      if (items.length > 0) announce();
      return items;
    });
  }

  async function appendRelayedIn(
    trx: Kysely<Database>,
    items: readonly ChangeItem[],
    receivedFrom: string,
  ) {
    await log.append(
      trx,
      items.map((item) => ({
        itemId: item.id,
        origin: item.origin,
        kind: item.kind,
        objectId: (item.body as { object?: { id?: string } }).object?.id ?? null,
        receivedFrom,
        item: itemText(item),
      })),
      now(),
    );
  }

  return {
    db,
    capabilities: deps.capabilities,
    clock: deps.clock,
    audit: deps.audit,
    identity,
    peers: deps.peers,
    onAppended,
    now,
    warn: (message, details) => deps.warn?.(message, details),
    actor: (organizationId) => ({
      kind: 'service',
      name: 'federation',
      organizationId,
      role: 'analyst',
    }),
    appendOwn(kind, objectId, audience, body) {
      return appendOwnMany([{ kind, objectId, audience, body }]).then((items) => items[0]!);
    },
    appendOwnMany,
    appendRelayed(items, receivedFrom) {
      return serial(async () => {
        await inWriteTransaction(db, deps.capabilities, async (trx) => {
          await lockLog(trx);
          await appendRelayedIn(trx, items, receivedFrom);
        });
        announce();
      });
    },
    appendRelayedIn,
    lockLog,
    announce,
  };
}
