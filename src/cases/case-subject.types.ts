import type { SealedMarker } from '../privacy/personal-data.js';

/** The people a case concerns (issue 8, item 1). */
export const SUBJECT_ROLES = ['suspect', 'victim', 'witness', 'other'] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

/** Each field of a case subject and its data category (all of them personal). */
export const SUBJECT_FIELDS: ReadonlyMap<string, string> = new Map([
  ['name', 'identity'],
  ['email', 'contact'],
  ['account', 'subscriber'],
  ['notes', 'free-text'],
]);

export interface CaseSubjectInput {
  readonly role: SubjectRole;
  readonly name?: string;
  readonly email?: string;
  readonly account?: string;
  readonly notes?: string;
}

export interface CaseSubjectView {
  readonly id: string;
  readonly caseId: string;
  readonly role: SubjectRole;
  /** Each field present, sealed. */
  readonly fields: Record<string, SealedMarker>;
  readonly addedBy: string;
  readonly addedAt: string;
}
