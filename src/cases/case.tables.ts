import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';

/** Tables of cases, evidence and custody (migration 0014); kept beside the capability. */
export type CaseTables = {
  cases: {
    id: string;
    reference: string;
    title: string;
    owner_org_id: string;
    status: string;
    closed_reason: string | null;
    closed_at: string | null;
    created_by: string;
    created_at: string;
    updated_at: string;
  };
  case_members: {
    case_id: string;
    user_id: string;
    role: string;
    added_by: string;
    added_at: string;
  };
  case_links: {
    case_id: string;
    kind: string;
    target_id: string;
    added_by: string;
    added_at: string;
  };
  evidence_items: {
    id: string;
    case_id: string;
    number: number;
    sha256: string;
    size: number;
    media_type: string;
    original_name: string;
    description: string | null;
    origin: string;
    created_at: string;
  };
  custody_records: {
    item_id: string;
    seq: number;
    at: string;
    actor: string;
    organization_id: string;
    action: string;
    purpose: string;
    details: string | null;
    prev_hash: string;
    hash: string;
  };
};

export type CaseDatabase = Database & CaseTables;

/** The node database seen with the case tables. */
export function caseDb(db: Kysely<Database>): Kysely<CaseDatabase> {
  return db.withTables<CaseTables>();
}
