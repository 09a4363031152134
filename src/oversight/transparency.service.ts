import type { Kysely } from 'kysely';
import { requireRole } from '../auth/roles.js';
import { withCooperationTables } from '../cooperation/cooperation.tables.js';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import {
  transparencyReport,
  type TransparencyReport,
  type TransparencyRequest,
} from './transparency.js';

export interface TransparencyDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly threshold: number;
}

/**
 * Audit actions the report counts. Personal-data openings are the entries whose action starts
 * with `privacy.open` (the sealed-field capability, issue 8 items 1–2, writes them) and carry
 * the stated purpose code in `details.purpose`; entries without one count as `unstated`.
 */
export const OPENING_ACTION_PREFIX = 'privacy.open';
const RETENTION_ACTIONS = ['retention.delete', 'retention.anonymise'];
const WITHDRAWAL_ACTION = 'federation.withdraw';

export interface TransparencyService {
  /** The report of `[from, to)`; default: from 1 January of this year (UTC) to now. */
  report(actor: Actor, period: { from?: string; to?: string }): Promise<TransparencyReport>;
}

function instant(value: string, name: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new DomainError('NH_ERR_VALIDATION', `${name} must be a date or an RFC 3339 time`, [
      { path: `/${name}`, message: `"${value}" is not a date` },
    ]);
  return new Date(t).toISOString();
}

export function createTransparencyService(deps: TransparencyDeps): TransparencyService {
  const db = withCooperationTables(deps.db);

  async function requests(from: string, to: string): Promise<TransparencyRequest[]> {
    const rows = await db
      .selectFrom('cooperation_requests')
      .selectAll()
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute();
    if (rows.length === 0) return [];
    const orgs = new Map(
      (await db.selectFrom('organizations').select(['id', 'country']).execute()).map((o) => [
        o.id,
        o.country,
      ]),
    );
    const grounds = new Map<string, string[]>();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const ts = await db
        .selectFrom('cooperation_transitions')
        .select(['request_id', 'ground'])
        .where('request_id', 'in', ids.slice(i, i + 500))
        .where('ground', 'is not', null)
        .where('to_state', '!=', 'postponed')
        .execute();
      for (const t of ts)
        grounds.set(t.request_id, [...(grounds.get(t.request_id) ?? []), t.ground!]);
    }
    const out: TransparencyRequest[] = [];
    for (const r of rows) {
      const common = {
        type: r.type,
        state: r.state,
        closed: r.closed_at !== null,
        urgency: r.urgency,
        grounds: grounds.get(r.id) ?? [],
        receivedAt: r.received_at,
        acknowledgedAt: r.acknowledged_at,
        closedAt: r.closed_at,
      };
      // A request between two organisations of this node is both sent and received here.
      if (orgs.has(r.requester_org_id))
        out.push({
          ...common,
          direction: 'sent',
          country: (r.recipient_org_id && orgs.get(r.recipient_org_id)) ?? null,
        });
      if (r.recipient_org_id !== null && orgs.has(r.recipient_org_id))
        out.push({
          ...common,
          direction: 'received',
          country: orgs.get(r.requester_org_id) ?? null,
        });
    }
    return out;
  }

  async function auditDetails(from: string, to: string) {
    const rows = await deps.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('at', '>=', from)
      .where('at', '<', to)
      .where((eb) =>
        eb.or([
          eb('action', 'like', `${OPENING_ACTION_PREFIX}%`),
          eb('action', 'in', [...RETENTION_ACTIONS, WITHDRAWAL_ACTION]),
        ]),
      )
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      action: r.action,
      details: (r.details === null ? {} : JSON.parse(r.details)) as Record<string, unknown>,
    }));
  }

  const text = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);

  return {
    async report(actor, period) {
      requireRole(actor, 'oversight', 'admin');
      const now = deps.clock.now();
      const to = period.to === undefined ? now.toISOString() : instant(period.to, 'to');
      const from =
        period.from === undefined
          ? `${now.getUTCFullYear()}-01-01T00:00:00.000Z`
          : instant(period.from, 'from');
      if (from >= to)
        throw new DomainError('NH_ERR_VALIDATION', 'from must be before to', [
          { path: '/from', message: `${from} is not before ${to}` },
        ]);
      const entries = await auditDetails(from, to);
      return transparencyReport({
        from,
        to,
        threshold: deps.threshold,
        requests: await requests(from, to),
        openingPurposes: entries
          .filter((e) => e.action.startsWith(OPENING_ACTION_PREFIX))
          .map((e) => text(e.details.purpose, 'unstated')),
        retentionCategories: entries
          .filter((e) => RETENTION_ACTIONS.includes(e.action))
          .map((e) => text(e.details.category, 'unknown')),
        withdrawals: entries
          .filter((e) => e.action === WITHDRAWAL_ACTION)
          .map((e) => ({
            reason: text(e.details.reason, 'unknown'),
            peers: Array.isArray(e.details.peers) ? e.details.peers.length : 0,
          })),
      });
    },
  };
}
