/**
 * Who may see and act on routed items (pure). A routed item is in the queue of the
 * organisation its contact names (`nohaven` channel). Admins and analysts — the node's CERT
 * work — may list every queue and route findings by hand; members of the recipient
 * organisation with an acting role act on its items; items delivered outside nohaven (webhook,
 * e-mail), which no queue holds, are acted on by admins and analysts.
 */
import type { Actor, Role } from '../platform/actor.js';
import type { RoutedItem } from './routed-item.types.js';

/** Roles that may list every organisation's routed items and route by hand. */
export const OVERSEERS: readonly Role[] = ['admin', 'analyst'];
/** Roles that may act on the items of their organisation's queue. */
export const ACTING_ROLES: readonly Role[] = ['admin', 'analyst', 'contact-point', 'investigator'];

export function mayList(actor: Actor, item: RoutedItem): boolean {
  return item.recipientOrgId === actor.organizationId || OVERSEERS.includes(actor.role);
}

export function mayAct(actor: Actor, item: RoutedItem): boolean {
  if (item.recipientOrgId === null) return OVERSEERS.includes(actor.role);
  return item.recipientOrgId === actor.organizationId && ACTING_ROLES.includes(actor.role);
}
