import type { CountryCalendar } from './calendar.js';
import { addPeriod } from './deadline-math.js';
import type { Urgency } from './code-lists.js';
import type { DeadlineDefinition, RequestDefinition } from './definitions/definition.schema.js';

/** A clock of a request as stored (the parts the rules need). */
export interface StoredClock {
  readonly code: string;
  readonly status: 'running' | 'held' | 'met' | 'overdue' | 'cancelled';
  readonly dueAt: Date;
  readonly extensions: number;
}

export type ClockAction =
  | {
      readonly kind: 'start';
      readonly code: string;
      readonly dueAt: Date;
      readonly zone: string;
      readonly party: DeadlineDefinition['party'];
    }
  | { readonly kind: 'stop'; readonly code: string }
  | { readonly kind: 'hold'; readonly code: string }
  | { readonly kind: 'extend'; readonly code: string; readonly dueAt: Date };

export interface ClockContext {
  readonly at: Date;
  readonly urgency: Urgency;
  readonly fields: Readonly<Record<string, unknown>>;
  /** The calendar of the requesting or the requested side. */
  calendar(side: DeadlineDefinition['calendar']): CountryCalendar;
}

/** The period of `dl` for a request of `urgency`. */
export function periodFor(dl: DeadlineDefinition, urgency: Urgency) {
  return dl.byUrgency?.[urgency] ?? dl.period;
}

const open = (c: StoredClock | undefined) =>
  c !== undefined && (c.status === 'running' || c.status === 'overdue' || c.status === 'held');

/**
 * What entering `state` does to the request's clocks (issue 7, item 4): start those whose
 * `startOn` names it (once; a clock that depends on a field starts only when the field has the
 * value), stop (met) those whose `stopOn` names it, hold those whose `holdOn` names it, and
 * extend those whose `extend.on` names it, up to `extend.max` times. Pure.
 */
export function clockActions(
  def: RequestDefinition,
  state: string,
  clocks: readonly StoredClock[],
  ctx: ClockContext,
): ClockAction[] {
  const out: ClockAction[] = [];
  for (const dl of def.deadlines) {
    const current = clocks.find((c) => c.code === dl.code);
    if (dl.startOn.includes(state) && current === undefined) {
      if (dl.when && ctx.fields[dl.when.field] !== dl.when.equals) continue;
      const cal = ctx.calendar(dl.calendar);
      out.push({
        kind: 'start',
        code: dl.code,
        dueAt: addPeriod(ctx.at, periodFor(dl, ctx.urgency), cal),
        zone: cal.zone,
        party: dl.party,
      });
      continue;
    }
    if (!open(current)) continue;
    if (dl.stopOn.includes(state)) out.push({ kind: 'stop', code: dl.code });
    else if (dl.holdOn?.includes(state)) out.push({ kind: 'hold', code: dl.code });
    else if (dl.extend?.on.includes(state) && current!.extensions < dl.extend.max) {
      out.push({
        kind: 'extend',
        code: dl.code,
        dueAt: addPeriod(current!.dueAt, dl.extend.by, ctx.calendar(dl.calendar)),
      });
    }
  }
  return out;
}
