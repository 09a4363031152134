/** A member's part in a case: the lead manages members and status; observers only read. */
export const CASE_ROLES = ['lead', 'investigator', 'observer'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

/**
 * What a case links to: STIX objects of the store by id (checked with the read policy), and
 * legal requests of the cooperation module (issue 7) by id only.
 */
export const LINK_KINDS = [
  'incident',
  'indicator',
  'sighting',
  'alert',
  'report',
  'request',
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** The STIX type each object link kind must name (an alert is an outbreak-alert `note`). */
export const LINK_STIX_TYPE: Readonly<Record<Exclude<LinkKind, 'request'>, string>> = {
  incident: 'incident',
  indicator: 'indicator',
  sighting: 'sighting',
  alert: 'note',
  report: 'report',
};

export type CaseStatus = 'open' | 'closed';

export interface CaseMember {
  readonly userId: string;
  readonly username: string;
  readonly organizationId: string;
  readonly role: CaseRole;
  readonly addedAt: string;
  readonly addedBy: string;
}

export interface CaseLink {
  readonly kind: LinkKind;
  readonly targetId: string;
  /** The object's name (or null: unnamed, or a request). */
  readonly label: string | null;
  readonly addedAt: string;
  readonly addedBy: string;
}

export interface CaseSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly ownerOrgId: string;
  readonly status: CaseStatus;
  readonly closedReason: string | null;
  readonly closedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CaseView extends CaseSummary {
  readonly members: readonly CaseMember[];
  /** Links the reader may read; the others are counted in `hiddenLinks`. */
  readonly links: readonly CaseLink[];
  readonly hiddenLinks: number;
  /** How the reader reaches the case: their member role, `break-glass` or `operator`. */
  readonly access: CaseAccess;
}

/**
 * How an actor reaches a case: as a member with a role; as an admin of the owning organisation
 * through an open break-glass window (read only, audited with the window's reason); or as the
 * node operator's named service actor with the admin role on the owning organisation's node
 * (`nohaven evidence export`: read and export only, audited).
 */
export type CaseAccess = CaseRole | 'break-glass' | 'operator';

export interface CreateCaseInput {
  readonly reference: string;
  readonly title: string;
}
