import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';

/** Tables of migration 0017 (retention, data-subject requests); kept beside the capability. */
export type OversightTables = {
  retention_runs: {
    id: string;
    started_at: string;
    started_by: string;
    finished_at: string | null;
    items: number;
  };
  retention_items: {
    run_id: string;
    seq: number;
    category: string;
    basis: string;
    action: string;
    target_id: string;
    due_at: string;
    status: string;
    applied_at: string | null;
  };
  dsr_requests: {
    id: string;
    kind: string;
    identifier: string;
    matches: string;
    created_by: string;
    created_at: string;
    decision: string | null;
    ground: string | null;
    note: string | null;
    decided_by: string | null;
    decided_at: string | null;
  };
};

export type OversightDb = Kysely<Database & OversightTables>;

export const withOversightTables = (db: Kysely<Database>): OversightDb =>
  db.withTables<OversightTables>();
