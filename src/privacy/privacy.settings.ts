import type { Role } from '../platform/actor.js';
import type { DataCategory } from './personal-data.js';

/** Who may open which category, and when opening turns into bulk access (issue 8, item 2). */
export interface PrivacySettings {
  /** Roles allowed to open each category (always with case membership and a purpose). */
  readonly roles: Readonly<Record<DataCategory, readonly Role[]>>;
  /** Distinct subjects (a field of a request or case) one user may open per window unapproved. */
  readonly bulkSubjects: number;
  readonly bulkWindowSeconds: number;
}

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = Object.freeze({
  roles: Object.freeze<PrivacySettings['roles']>({
    subscriber: ['investigator', 'contact-point'],
    identity: ['investigator'],
    contact: ['investigator', 'contact-point'],
    traffic: ['investigator', 'contact-point'],
    content: ['investigator'],
    'free-text': ['investigator', 'contact-point'],
  }),
  bulkSubjects: 20,
  bulkWindowSeconds: 3600,
});
