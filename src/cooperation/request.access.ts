import type { Actor } from '../platform/actor.js';
import type {
  LegalRole,
  RequestDefinition,
  TransitionDefinition,
} from './definitions/definition.schema.js';
import type { CooperationSettings } from './cooperation.settings.js';

/**
 * Who may do what with a request (issue 7, items 3 and 6). Pure.
 *
 * An organisation sees only its own requests: those it sent, and those addressed to it once
 * they were delivered. A legal role is held by an actor whose node role the `roleMap` maps to
 * it; the `provider` role only in an organisation of the `industry` sector, the authorities'
 * roles only outside it.
 */
export interface Parties {
  readonly requesterOrgId: string;
  readonly recipientOrgId: string | null;
  readonly delivered: boolean;
}

export type PartySide = 'requester' | 'recipient';

/** The side of `organizationId` in the request, or null when it is not a party that may see it. */
export function sideOf(p: Parties, organizationId: string): PartySide | null {
  if (p.requesterOrgId === organizationId) return 'requester';
  if (p.recipientOrgId === organizationId && p.delivered) return 'recipient';
  return null;
}

/** The legal roles among `roles` the actor holds in an organisation of `sector`. */
export function heldRoles(
  actor: Actor,
  sector: string,
  roles: readonly LegalRole[],
  settings: Pick<CooperationSettings, 'roleMap'>,
): LegalRole[] {
  return roles.filter((r) => {
    if (!settings.roleMap[r].includes(actor.role)) return false;
    return r === 'provider' ? sector === 'industry' : sector !== 'industry';
  });
}

/**
 * The legal roles that approve (four-eyes) a request of `def` from `country`: the settings'
 * `approvers[type][country]`, else `approvers[type]['*']`, else the definition's.
 */
export function approverRoles(
  def: RequestDefinition,
  country: string | null,
  definitionRoles: readonly LegalRole[],
  settings: Pick<CooperationSettings, 'approvers'>,
): readonly LegalRole[] {
  const byCountry = settings.approvers[def.code];
  return (country ? byCountry?.[country] : undefined) ?? byCountry?.['*'] ?? definitionRoles;
}

/**
 * The roles left once the transition's `rolesWhen` rules that the request's fields meet are
 * applied, with the articles of those rules (to name them in a refusal).
 */
export function narrowedRoles(
  tr: TransitionDefinition,
  roles: readonly LegalRole[],
  fields: Readonly<Record<string, unknown>>,
): { roles: readonly LegalRole[]; articles: string[] } {
  let left = roles;
  const articles: string[] = [];
  for (const rule of tr.rolesWhen ?? []) {
    const value = fields[rule.field];
    const values = Array.isArray(value) ? value : [value];
    if (!values.some((v) => typeof v === 'string' && rule.includesAny.includes(v))) continue;
    left = left.filter((r) => rule.roles.includes(r));
    articles.push(`${rule.article}: ${rule.field} ${rule.includesAny.join(' or ')}`);
  }
  return { roles: left, articles };
}

/** Whether the organisation kind fits the definition's recipient kind. */
export function recipientFits(def: RequestDefinition, sector: string): boolean {
  if (def.recipientKind === 'provider') return sector === 'industry';
  if (def.recipientKind === 'authority') return sector !== 'industry';
  return false;
}

/** BC Art 27(8): a request its sender marked confidential, and who may read it on receipt. */
export interface Confidentiality {
  readonly confidential: boolean;
  readonly handlers: readonly string[];
}

/**
 * Whether the actor may read a request its organisation is a party to: the requesting side
 * always; the receiving side of a confidential request only through one of the named handlers
 * (users), so that everybody else is told it does not exist.
 */
export function mayRead(side: PartySide, c: Confidentiality, actor: Actor): boolean {
  if (side === 'requester' || !c.confidential) return true;
  return actor.kind === 'user' && c.handlers.includes(actor.username);
}

/** The confidentiality of a stored request row. */
export function confidentialityOf(row: {
  readonly confidential: number;
  readonly handlers: string | null;
}): Confidentiality {
  return {
    confidential: Number(row.confidential) === 1,
    handlers: row.handlers === null ? [] : (JSON.parse(row.handlers) as string[]),
  };
}
