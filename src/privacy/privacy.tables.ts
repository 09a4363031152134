import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';

/** The tables of migration 0016 (sealed personal data), kept beside the capability. */
export type PrivacyTables = {
  privacy_master_keys: {
    id: string;
    check_value: string;
    created_at: string;
    retired_at: string | null;
  };
  privacy_data_keys: {
    scope: string;
    master_key_id: string;
    wrapped: string;
    created_at: string;
    rewrapped_at: string | null;
  };
  /** Migration 0020: the blind index of identifiers in sealed fields (`blind-index.ts`). */
  privacy_blind_index: {
    token: string;
    scope: string;
    record: string;
    field: string;
  };
  privacy_grants: {
    case_id: string;
    user_id: string;
    granted_by: string;
    granted_at: string;
  };
  privacy_openings: {
    id: string;
    user_id: string;
    subject: string;
    category: string;
    purpose_code: string;
    /** Migration 0020: the purpose's free text, sealed (JSON of its envelope). */
    purpose_text: string | null;
    opened_at: string;
  };
  privacy_approvals: {
    id: string;
    user_id: string;
    organization_id: string;
    subjects: number;
    requested_at: string;
    expires_at: string;
    approved_by: string | null;
    approved_at: string | null;
  };
};

export type PrivacyDb = Kysely<Database & PrivacyTables>;

export const privacyDb = <DB>(db: Kysely<DB>): PrivacyDb =>
  (db as unknown as Kysely<Database>).withTables<PrivacyTables>();
