import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { CooperationSettings } from './cooperation.settings.js';
import { withCooperationTables, type NotificationRow } from './cooperation.tables.js';
import { reminderDecision } from './deadline-math.js';
import type { DefinitionRegistry } from './definition-registry.js';
import { requestRepository as repo } from './request.repository.js';
import type { RequestService } from './request.service.js';
import { cooperationSystemActor } from './request.system.js';

export interface DeadlineSweepDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly events: NodeEvents;
  readonly registry: DefinitionRegistry;
  readonly settings: CooperationSettings;
  readonly requests: RequestService;
}

export interface SweepResult {
  readonly reminders: number;
  readonly escalations: number;
  readonly expired: number;
}

/**
 * The sweep of the legal clocks (issue 7, item 4): for each running clock, a reminder at each
 * configured lead time before it runs out, to the user responsible on the side that must act
 * (else its contact points); when it has run out, the clock is flagged overdue and escalated
 * once — to the responsible user, the organisation's contact points and its supervisors (the
 * `supervisorRoles`) — and, where the definition says so, the request moves to its expiry state
 * (R4/E2 `expired`, P7 `timed_out`). Each notice is a notification record, an audit entry and,
 * after commit, a `cooperation.deadline` event on the node's bus (the live stream delivers it to
 * the users named). Idempotent: a second sweep at the same time does nothing.
 */
export function createDeadlineSweep(deps: DeadlineSweepDeps) {
  const db = withCooperationTables(deps.db);
  const maxLead = Math.max(0, ...deps.settings.reminderLeadMinutes);

  return async function sweep(): Promise<SweepResult> {
    const now = deps.clock.now();
    const horizon = new Date(now.getTime() + maxLead * 60_000).toISOString();
    const candidates = await repo.openDeadlines(db, horizon);
    let reminders = 0;
    let escalations = 0;
    let expired = 0;
    for (const candidate of candidates) {
      const published = await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        const t = withCooperationTables(trx);
        const [d] = (await repo.deadlines(t, [candidate.request_id])).filter(
          (x) => x.id === candidate.id,
        );
        if (!d) return null;
        const decision = reminderDecision(
          {
            status: d.status as 'running',
            dueAt: new Date(d.due_at),
            remindedLeads: JSON.parse(d.reminded_leads) as number[],
            escalated: d.escalated_at !== null,
          },
          now,
          deps.settings.reminderLeadMinutes,
        );
        if (decision.remind === null && !decision.escalate) return null;
        const request = await repo.get(t, d.request_id);
        if (!request) return null;
        const orgId = d.party === 'requester' ? request.requester_org_id : request.recipient_org_id;
        if (!orgId) return null;
        const responsible =
          d.party === 'requester' ? request.created_by_user : request.handled_by_user;
        const contactPoints = await repo.usersWithRoles(t, orgId, ['contact-point']);
        const supervisors = decision.escalate
          ? await repo.usersWithRoles(t, orgId, deps.settings.supervisorRoles)
          : [];
        const audience = new Map<string, string>();
        if (responsible) audience.set(responsible, 'responsible');
        if (decision.escalate || !responsible)
          for (const u of contactPoints)
            if (!audience.has(u.id)) audience.set(u.id, 'contact-point');
        for (const u of supervisors) if (!audience.has(u.id)) audience.set(u.id, 'supervisor');
        const at = now.toISOString();
        const kind = decision.escalate ? 'escalation' : 'reminder';
        const rows: NotificationRow[] = [...audience].map(([userId, why]) => ({
          id: deps.random.uuid(),
          request_id: request.id,
          deadline_id: d.id,
          kind,
          lead_minutes: decision.remind,
          user_id: userId,
          audience: why,
          created_at: at,
        }));
        await repo.insertNotifications(t, rows);
        const system = cooperationSystemActor(orgId);
        if (decision.escalate) {
          await repo.updateDeadline(t, d.id, { status: 'overdue', escalated_at: at });
          const def = deps.registry.get(request.type);
          const expireTo = def?.deadlines.find((x) => x.code === d.code)?.expireTo;
          if (expireTo) {
            await deps.requests.systemTransition(
              request.id,
              expireTo,
              `${d.code} deadline (${d.rule}) ran out at ${d.due_at}`,
              trx,
            );
            expired++;
          }
          escalations++;
        } else {
          const done = [...(JSON.parse(d.reminded_leads) as number[]), ...decision.leads];
          await repo.updateDeadline(t, d.id, { reminded_leads: JSON.stringify(done) });
          reminders++;
        }
        await deps.audit.append(trx, system, {
          action: `cooperation.deadline.${kind}`,
          target: request.id,
          details: {
            deadline: d.code,
            dueAt: d.due_at,
            leadMinutes: decision.remind,
            users: rows.length,
          },
        });
        return {
          requestId: request.id,
          deadline: d.code,
          kind,
          userIds: [...audience.keys()],
        } as const;
      });
      if (published)
        deps.events.publish({
          kind: 'cooperation.deadline',
          requestId: published.requestId,
          deadline: published.deadline,
          notice: published.kind,
          userIds: published.userIds,
        });
    }
    return { reminders, escalations, expired };
  };
}
