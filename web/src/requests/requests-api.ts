import type { User } from '../api/types.js';

/**
 * The legal-cooperation API as the request pages read it (`/api/v1/requests`,
 * `/api/v1/request-types`; issue 7, item 9), and the pure rules the pages apply to it.
 */

export interface FieldDef {
  readonly code: string;
  readonly type: string;
  readonly codeList?: string;
  readonly multiple?: boolean;
  readonly required: boolean;
  readonly requiredWhen?: { readonly field: string; readonly equals: string | boolean };
  readonly article: string;
  readonly identifierKinds?: readonly string[];
  readonly referenceTypes?: readonly string[];
}

export interface TransitionDef {
  readonly from: readonly string[];
  readonly to: string;
  readonly side: 'requester' | 'recipient' | 'system';
  readonly roles: readonly string[];
  readonly fourEyes?: boolean;
  readonly grounds?: readonly string[];
  readonly requiresReason?: boolean;
  readonly package?: boolean;
  readonly article?: string;
}

export interface RequestDef {
  readonly code: string;
  readonly title: string;
  readonly legalBasis: readonly string[];
  readonly senders: readonly string[];
  readonly recipientKind: 'authority' | 'provider' | 'none';
  readonly channels: readonly string[];
  readonly urgencies: readonly string[];
  readonly parentType?: string;
  readonly fields: readonly FieldDef[];
  readonly refusalGrounds: readonly string[];
  readonly states: readonly { readonly code: string; readonly terminal: boolean }[];
  readonly transitions: readonly TransitionDef[];
}

export interface Catalogue {
  readonly types: readonly RequestDef[];
  readonly codeLists: Readonly<Record<string, readonly string[]>>;
  readonly offences: readonly {
    code: string;
    instrument: string;
    article: string;
    title: string;
    kind: string;
  }[];
  readonly roleMap: Readonly<Record<string, readonly string[]>>;
  readonly approvers: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface Deadline {
  readonly code: string;
  readonly dueAt: string;
  readonly zone: string;
}

export interface RequestView {
  readonly id: string;
  readonly type: string;
  readonly state: string;
  readonly urgency: string;
  readonly channel: string;
  readonly requesterOrganizationId: string;
  readonly recipientOrganizationId: string | null;
  readonly parentId: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly side: 'requester' | 'recipient';
  readonly overdue: boolean;
  readonly nextDeadline: Deadline | null;
}

export interface Timeline {
  readonly transitions: readonly {
    seq: number;
    from: string | null;
    to: string;
    actor: string;
    at: string;
    reason: string | null;
    ground: string | null;
  }[];
  readonly deadlines: readonly {
    code: string;
    rule: string;
    party: string;
    status: string;
    startedAt: string;
    dueAt: string;
    zone: string;
    extensions: number;
    heldAt: string | null;
    closedAt: string | null;
  }[];
  readonly reminders: readonly {
    kind: string;
    deadline: string;
    audience: string;
    at: string;
  }[];
  readonly files: readonly {
    id: string;
    name: string;
    mediaType: string;
    sha256: string;
    size: number;
    at: string;
    /** The file's chain of custody, checked by the server; null for older files. */
    custody: {
      intact: boolean;
      problem: string | null;
      records: { seq: number; at: string; actor: string; action: string; purpose: string }[];
    } | null;
  }[];
  readonly outbox: readonly {
    id: string;
    state: string;
    createdAt: string;
    deliveredAt: string | null;
    attempts: number;
    lastError: string | null;
    /** The receiving node refused it for good (no more attempts). */
    refusedAt: string | null;
  }[];
}

export type RequestDetail = RequestView & { readonly timeline: Timeline };

export interface Problem {
  readonly field: string;
  readonly article: string;
  readonly kind: 'missing' | 'invalid' | 'unknown';
  readonly message: string;
}

/** A personal field the API holds sealed (`{ sealed: true, category }`) until it is opened. */
export function isSealed(v: unknown): v is { sealed: true; category: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { sealed?: unknown }).sealed === true &&
    typeof (v as { category?: unknown }).category === 'string'
  );
}

/** An organisation a request may name (`GET /request-recipients`): here or on a peer node. */
export interface Organization {
  readonly id: string;
  readonly name: string;
  /** Null for an organisation of a peer node (its node decides whether it is of the right kind). */
  readonly sector: string | null;
  readonly country: string | null;
  /** The peer node hosting it; null on this node. */
  readonly node: { readonly id: string; readonly name: string } | null;
}

/** An offence of the taxonomy as the forms name it: `System interference (ETS-185 Art 5)`. */
export function offenceLabel(o: Catalogue['offences'][number]): string {
  return `${o.title} (${o.instrument} Art ${o.article})`;
}

/** The legal roles (definition roles) `user` holds, as the API's `roleMap` says. */
export function legalRolesOf(user: User, catalogue: Pick<Catalogue, 'roleMap'>): string[] {
  const industry = user.organization.sector === 'industry';
  return Object.entries(catalogue.roleMap)
    .filter(([legal, roles]) => roles.includes(user.role) && (legal === 'provider') === industry)
    .map(([legal]) => legal);
}

/** The request types `user` may draft (children such as R5 start from their parent). */
export function draftableTypes(user: User, catalogue: Catalogue): RequestDef[] {
  const held = legalRolesOf(user, catalogue);
  return catalogue.types.filter((d) => !d.parentType && d.senders.some((r) => held.includes(r)));
}

/**
 * The transitions the user may take on `request` now: from its state, on the user's side, with
 * a legal role the user holds (for four-eyes steps, the approvers configured for the user's
 * country replace the definition's). The API still decides (four-eyes, completeness).
 */
export function allowedTransitions(
  user: User,
  catalogue: Catalogue,
  def: RequestDef,
  request: Pick<RequestView, 'state' | 'side'>,
): TransitionDef[] {
  const held = legalRolesOf(user, catalogue);
  const country = user.organization.country ?? null;
  return def.transitions.filter((t) => {
    if (t.side !== request.side || !t.from.includes(request.state)) return false;
    const configured = catalogue.approvers[def.code];
    const roles = t.fourEyes
      ? ((country ? configured?.[country] : undefined) ?? configured?.['*'] ?? t.roles)
      : t.roles;
    return roles.some((r) => held.includes(r));
  });
}

/**
 * The request types `user` may create from `request` (BC Art 30: an R5 from an R4 it executes):
 * children go back to the parent's requester.
 */
export function childTypes(
  user: User,
  catalogue: Catalogue,
  request: Pick<RequestView, 'type' | 'side'>,
): RequestDef[] {
  if (request.side !== 'recipient') return [];
  const held = legalRolesOf(user, catalogue);
  return catalogue.types.filter(
    (d) => d.parentType === request.type && d.senders.some((r) => held.includes(r)),
  );
}

/** The field of a child type that names its parent request (`preservation_ref` of an R5). */
export function parentField(def: RequestDef): FieldDef | undefined {
  return def.parentType
    ? def.fields.find((f) => f.type === 'reference' && f.referenceTypes?.includes(def.parentType!))
    : undefined;
}

/**
 * The step that takes a finished draft further: to approval (four-eyes types), straight to the
 * recipient (24/7 types such as P9, R5), or into the record (R7).
 */
export function submitStep(def: Pick<RequestDef, 'transitions'>): TransitionDef | undefined {
  return def.transitions.find(
    (t) => t.side === 'requester' && t.from.includes('draft') && t.to !== 'withdrawn',
  );
}

/** Nearest running deadline first; requests without one after, newest change first. */
export function byNearestDeadline(a: RequestView, b: RequestView): number {
  const da = a.nextDeadline?.dueAt;
  const db = b.nextDeadline?.dueAt;
  if (da && db) return Date.parse(da) - Date.parse(db);
  if (da) return -1;
  if (db) return 1;
  return b.updatedAt.localeCompare(a.updatedAt);
}

/** Whether `f` is required for the draft as it stands (`requiredWhen` looks at another field). */
export function isRequired(f: FieldDef, urgency: string, fields: Record<string, unknown>): boolean {
  if (!f.required) return false;
  if (!f.requiredWhen) return true;
  const actual = f.requiredWhen.field === 'urgency' ? urgency : fields[f.requiredWhen.field];
  return actual === f.requiredWhen.equals;
}
