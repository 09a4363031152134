import type { RequestDefinition, TransitionDefinition } from './definitions/definition.schema.js';

/**
 * Steps a party may take only for a while after it received the request (issue 7): a provider's
 * reasoned objection to an EPOC on a third country's law comes within 10 days of receipt
 * (EU Reg 2023/1543 Art 17(1)–(2)), not when the data are due or overdue. Pure.
 *
 * Returns why the step is too late, or null while it is open (and for steps without a window,
 * or a request not yet received).
 */
export function lateStepProblem(
  def: RequestDefinition,
  tr: TransitionDefinition,
  receivedAt: string | null,
  now: Date,
): string | null {
  const window = tr.withinDaysOfReceipt;
  if (!window || receivedAt === null) return null;
  const closes = new Date(Date.parse(receivedAt) + window.days * 86_400_000);
  if (now.getTime() <= closes.getTime()) return null;
  return `${def.code} → ${tr.to} is possible only within ${window.days} days of receipt (${window.article}): received ${receivedAt}, closed ${closes.toISOString()}`;
}
