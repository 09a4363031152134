/**
 * Routing to responsibility (issue 5, item 4): routes stored findings to the contacts of the
 * directory by the pure rules of `routing-rules.ts`, keeps one routed item per (finding,
 * contact) with its state, and tells who a finding was routed to and why.
 *
 * Visibility: a routed item is in the queue of the organisation its contact names (`nohaven`
 * channel); admins and analysts may list every item. The finding's content (its value, and the
 * reasons, which quote it) is shown only when the read policy lets the actor read the finding
 * (`ObjectService.get` decides); otherwise the item says the finding is withheld.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { ObjectService } from '../objects/object.service.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import { isCountryCode } from '../platform/countries.js';
import { requireRole } from '../auth/roles.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { ContactService } from './contact.service.js';
import { mayAct, mayList, OVERSEERS } from './routing-access.js';
import { findingsOf } from './finding.repository.js';
import { routedItemRepository as repo } from './routed-item.repository.js';
import {
  TRANSITIONS,
  type ItemAction,
  type ItemState,
  type RoutedItem,
} from './routed-item.types.js';
import {
  buildDirectory,
  findingOf,
  routeFinding,
  type Explanation,
  type NoteCode,
  type Victim,
} from './routing-rules.js';

export interface RoutingServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly objects: ObjectService;
  readonly contacts: ContactService;
  /** Where `routing.queued` is published once new items are committed. */
  readonly events?: NodeEvents;
  /** Where a routing failure after an import is reported (default: standard error). */
  readonly logError?: (message: string, err: unknown) => void;
}

export interface RouteSummary {
  /** Routable findings among the objects (observables, and those observed-data refer to). */
  readonly findings: number;
  /** New routed items. */
  readonly routed: number;
}

/** An item with its finding as the actor may see it. */
export interface QueueEntry {
  readonly item: RoutedItem;
  /** The finding's type and value, or null when the read policy withholds it from the actor. */
  readonly finding: { readonly type: string; readonly value: string } | null;
}

export interface ObjectRouting {
  readonly items: readonly QueueEntry[];
  /** Why the finding was not routed, or where the directory has gaps for it (current directory). */
  readonly notes: readonly Explanation<NoteCode>[];
}

export interface RoutingService {
  /**
   * Routes the objects `objectIds` (stored, latest versions): routable observables, and the
   * observables `observed-data` refer to. Routing the same finding again adds only recipients
   * it did not have. Audited as one entry.
   */
  routeObjects(actor: Actor, objectIds: readonly string[], victim?: Victim): Promise<RouteSummary>;
  /**
   * Routes findings by hand (admins, analysts), optionally naming the victim's country and
   * sector: each object must be one the actor may read (else NH_ERR_OBJECT_NOT_FOUND).
   */
  routeByHand(actor: Actor, objectIds: readonly string[], victim: Victim): Promise<RouteSummary>;
  /**
   * {@link routeObjects} after an import: never throws — a failure is logged and counted
   * (`failures`), and the import it follows stands.
   */
  routeAfterImport(actor: Actor, objectIds: readonly string[]): Promise<void>;
  /**
   * Whether the directory has contacts: without, an import need not collect its findings.
   * Never throws (a failure is logged and counted, and answers false).
   */
  hasContacts(): Promise<boolean>;
  /** Routing failures after imports since the process started. */
  failures(): number;
  queue(
    actor: Actor,
    query: { all?: boolean; state?: ItemState; limit?: number; offset?: number },
  ): Promise<QueueEntry[]>;
  /** acknowledge, action or reject (reason required) an item of the actor's queue. */
  act(actor: Actor, id: string, action: ItemAction, reason?: string): Promise<QueueEntry>;
  /** Who an object the actor may read was routed to, and why. */
  forObject(actor: Actor, objectId: string): Promise<ObjectRouting>;
}

export function createRoutingService(deps: RoutingServiceDeps): RoutingService {
  const { db, capabilities, audit, clock, random, objects, contacts } = deps;
  let failures = 0;
  const logError =
    deps.logError ??
    ((message: string, err: unknown) =>
      process.stderr.write(`${message}: ${err instanceof Error ? err.message : String(err)}\n`));

  /** The item with its finding, when the policy lets the actor read it. */
  async function entry(actor: Actor, item: RoutedItem): Promise<QueueEntry> {
    try {
      const stored = await objects.get(actor, item.objectId);
      const value = (stored.object as { value?: unknown }).value;
      return {
        item,
        finding: { type: stored.object.type, value: typeof value === 'string' ? value : '' },
      };
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NH_ERR_OBJECT_NOT_FOUND')
        return { item, finding: null };
      throw err;
    }
  }

  const service: RoutingService = {
    async routeObjects(actor, objectIds, victim = {}) {
      const directoryContacts = await contacts.all();
      if (directoryContacts.length === 0 || objectIds.length === 0)
        return { findings: 0, routed: 0 };
      const directory = buildDirectory(directoryContacts);
      const findings = await findingsOf(db, objectIds);
      if (findings.length === 0) return { findings: 0, routed: 0 };
      const now = clock.now().toISOString();
      const { summary, itemIds } = await inWriteTransaction(db, capabilities, async (trx) => {
        const done = await repo.routedPairs(
          trx,
          findings.map((f) => f.id),
        );
        const items: RoutedItem[] = [];
        for (const f of findings) {
          for (const r of routeFinding(f, directory, victim).recipients) {
            if (done.has(`${f.id}|${r.contact.id}`)) continue;
            items.push({
              id: random.uuid(),
              objectId: f.id,
              objectType: f.type,
              contactId: r.contact.id,
              contactName: r.contact.name,
              contactKind: r.contact.kind,
              channel: r.contact.channel,
              address: r.contact.address,
              recipientOrgId: r.contact.channel === 'nohaven' ? r.contact.address : null,
              state: 'new',
              reasons: r.reasons,
              routedAt: now,
              acknowledged: null,
              actioned: null,
              rejected: null,
            });
          }
        }
        if (items.length > 0) {
          await repo.insert(trx, items);
          await audit.append(trx, actor, {
            action: 'routing.route',
            target: null,
            details: { findings: findings.length, routed: items.length },
          });
        }
        return {
          summary: { findings: findings.length, routed: items.length },
          itemIds: items.map((i) => i.id),
        };
      });
      // After commit: the live stream and the delivery outbox read the items back.
      if (itemIds.length > 0) deps.events?.publish({ kind: 'routing.queued', itemIds });
      return summary;
    },

    async routeByHand(actor, objectIds, victim) {
      requireRole(actor, ...OVERSEERS);
      if (victim.country !== undefined && !isCountryCode(victim.country))
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `victim.country: "${victim.country}" is not an ISO 3166-1 alpha-2 country code`,
          [{ path: 'victim.country', message: 'not an ISO 3166-1 alpha-2 country code' }],
        );
      // The read policy decides first: an object the actor may not read is not found.
      for (const id of new Set(objectIds)) await objects.get(actor, id);
      return service.routeObjects(actor, objectIds, victim);
    },

    async routeAfterImport(actor, objectIds) {
      try {
        await service.routeObjects(actor, objectIds);
      } catch (err) {
        failures += 1;
        logError(`routing ${objectIds.length} imported objects failed`, err);
      }
    },

    async hasContacts() {
      try {
        return await contacts.hasContacts();
      } catch (err) {
        failures += 1;
        logError('reading the contact directory before an import failed', err);
        return false;
      }
    },

    failures: () => failures,

    async queue(actor, query) {
      const all = query.all === true;
      if (all && !OVERSEERS.includes(actor.role))
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `listing every queue needs the role admin or analyst; you are ${actor.role}`,
        );
      const items = await repo.list(db, {
        recipientOrgId: all ? null : actor.organizationId,
        ...(query.state !== undefined ? { state: query.state } : {}),
        limit: Math.min(Math.max(query.limit ?? 100, 1), 500),
        offset: Math.max(query.offset ?? 0, 0),
      });
      // One policy decision per finding, however many of its items the page holds.
      const findings = new Map<string, QueueEntry['finding']>();
      const out: QueueEntry[] = [];
      for (const item of items) {
        if (!findings.has(item.objectId))
          findings.set(item.objectId, (await entry(actor, item)).finding);
        out.push({ item, finding: findings.get(item.objectId)! });
      }
      return out;
    },

    async act(actor, id, action, reason) {
      const { to, from } = TRANSITIONS[action];
      const why = reason?.trim() ?? '';
      if (action === 'reject' && why === '')
        throw new DomainError('NH_ERR_VALIDATION', 'reason: a rejection needs a reason', [
          { path: 'reason', message: 'required to reject' },
        ]);
      const item = await inWriteTransaction(db, capabilities, async (trx) => {
        const item = await repo.find(trx, id);
        if (!item || !mayList(actor, item)) throw notFound('routed item', id);
        if (!mayAct(actor, item))
          throw new DomainError(
            'NH_ERR_FORBIDDEN',
            `routed item ${id} is not in the queue of your organisation, or your role (${actor.role}) may not act on it`,
          );
        const stampOf = { at: clock.now().toISOString(), by: actorLabel(actor) };
        if (
          !from.includes(item.state) ||
          !(await repo.transition(trx, id, from, to, stampOf, why || null))
        )
          throw new DomainError(
            'NH_ERR_CONFLICT',
            `routed item ${id} is ${item.state}: ${action} needs it ${from.join(' or ')} (to make it ${to})`,
          );
        await audit.append(trx, actor, {
          action: `routing.${action}`,
          target: id,
          ...(action === 'reject' ? { reason: why } : {}),
          details: { object: item.objectId, contact: item.contactId, from: item.state, to },
        });
        return (await repo.find(trx, id))!;
      });
      return entry(actor, item);
    },

    async forObject(actor, objectId) {
      // The read policy decides first: an object the actor may not read is not found.
      const stored = await objects.get(actor, objectId);
      const ids = [objectId];
      const refs = (stored.object as { object_refs?: unknown }).object_refs;
      if (stored.object.type === 'observed-data' && Array.isArray(refs))
        ids.push(...refs.filter((r): r is string => typeof r === 'string'));
      const items: QueueEntry[] = [];
      for (const item of await repo.forObjects(db, ids)) {
        const e =
          item.objectId === objectId
            ? { item, finding: findingView(stored.object) }
            : await entry(actor, item);
        if (e.finding !== null) items.push(e);
      }
      const finding = findingOf(stored.object as Parameters<typeof findingOf>[0]);
      const notes = finding
        ? routeFinding(finding, buildDirectory(await contacts.all())).notes
        : [];
      return { items, notes };
    },
  };
  return service;
}

function findingView(object: { type: string; value?: unknown }) {
  return { type: object.type, value: typeof object.value === 'string' ? object.value : '' };
}
