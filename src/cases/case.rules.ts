import type { Actor } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import {
  CASE_ROLES,
  LINK_KINDS,
  LINK_STIX_TYPE,
  type CaseAccess,
  type CaseRole,
  type LinkKind,
} from './case.types.js';

/** Roles that may open a case (reporters and oversight do not run investigations). */
export const CASE_CREATOR_ROLES: readonly Actor['role'][] = [
  'investigator',
  'contact-point',
  'analyst',
  'admin',
];

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const STIX_ID = /^([a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function invalid(path: string, message: string): DomainError {
  return new DomainError('NH_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);
}

/** A case reference as an investigator writes it on paper: `FR-2026-0042`, `op.lovebug/1`. */
export function checkReference(reference: string): string {
  const r = reference.trim();
  if (!REFERENCE.test(r)) {
    throw invalid(
      'reference',
      'must be 1–64 letters, digits, ".", "_", "/" or "-", starting with a letter or digit',
    );
  }
  return r;
}

export function checkCaseRole(role: string): CaseRole {
  if (!(CASE_ROLES as readonly string[]).includes(role)) {
    throw invalid('role', `must be one of ${CASE_ROLES.join(', ')}`);
  }
  return role as CaseRole;
}

export function checkLinkKind(kind: string): LinkKind {
  if (!(LINK_KINDS as readonly string[]).includes(kind)) {
    throw invalid('kind', `must be one of ${LINK_KINDS.join(', ')}`);
  }
  return kind as LinkKind;
}

/**
 * Checks a link target against its kind: a STIX id of the kind's type, or a legal request id
 * (the cooperation module's id, stored as given).
 */
export function checkLinkTarget(kind: LinkKind, targetId: string): string {
  if (kind === 'request') {
    if (!REQUEST_ID.test(targetId)) {
      throw invalid('target_id', 'a request id is 1–128 letters, digits, ".", "_", ":" or "-"');
    }
    return targetId;
  }
  const m = STIX_ID.exec(targetId);
  const type = LINK_STIX_TYPE[kind];
  if (!m || m[1] !== type) throw invalid('target_id', `a ${kind} link needs a ${type}--<uuid> id`);
  return targetId;
}

/** The stated reason of a closing, download or transfer: a few words at least. */
export function checkStatedText(path: string, text: string | undefined, min = 5): string {
  const t = (text ?? '').trim();
  if (t.length < min) throw invalid(path, `state it in at least ${min} characters`);
  if (t.length > 1000) throw invalid(path, 'at most 1000 characters');
  return t;
}

/**
 * How `actor` reaches a case (see {@link CaseAccess}), or null: the case is then "not found"
 * for the actor, so that its existence does not leak.
 */
export function caseAccessOf(
  actor: Actor,
  ownerOrgId: string,
  memberRole: CaseRole | null,
  breakGlassOpen: boolean,
): CaseAccess | null {
  if (actor.kind === 'user') {
    if (memberRole !== null) return memberRole;
    if (actor.role === 'admin' && actor.organizationId === ownerOrgId && breakGlassOpen) {
      return 'break-glass';
    }
    return null;
  }
  if (actor.role === 'admin' && actor.organizationId === ownerOrgId) return 'operator';
  return null;
}

/** What each way into a case allows. */
export const ACCESS_RIGHTS: Readonly<
  Record<CaseAccess, { manage: boolean; contribute: boolean; read: boolean; export: boolean }>
> = {
  lead: { manage: true, contribute: true, read: true, export: true },
  investigator: { manage: false, contribute: true, read: true, export: true },
  observer: { manage: false, contribute: false, read: true, export: false },
  'break-glass': { manage: false, contribute: false, read: true, export: false },
  operator: { manage: false, contribute: false, read: true, export: true },
};

export function requireRight(
  access: CaseAccess,
  right: keyof (typeof ACCESS_RIGHTS)['lead'],
  what: string,
): void {
  if (!ACCESS_RIGHTS[access][right]) {
    throw new DomainError(
      'NH_ERR_FORBIDDEN',
      `your access to this case (${access}) does not allow ${what}`,
    );
  }
}
