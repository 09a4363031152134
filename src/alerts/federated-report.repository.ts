/** Storage of federated early warning (`federated-report.ts`): the secret and received aggregates. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { AggregateReport } from './federated-report.js';

type Db = Kysely<Database>;

/** The node setting that holds the reporter pseudonym secret (base64url, 32 bytes). */
const SECRET_SETTING = 'outbreak-pseudonym-secret';

export const federatedReportRepository = {
  /**
   * The node's pseudonym secret, made on first use. Several processes may race: the first
   * insert wins and every process reads the stored value back.
   */
  async pseudonymSecret(db: Db): Promise<Buffer> {
    await db
      .insertInto('node_settings')
      .values({ key: SECRET_SETTING, value: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await db
      .selectFrom('node_settings')
      .select('value')
      .where('key', '=', SECRET_SETTING)
      .executeTakeFirstOrThrow();
    return Buffer.from(row.value, 'base64url');
  },

  /** Stores a received aggregate; false when its id was stored before (a duplicate). */
  async store(db: Db, report: AggregateReport, receivedAt: string): Promise<boolean> {
    const result = await db
      .insertInto('outbreak_remote_reports')
      .values({
        id: report.id,
        origin_node: report.origin,
        reported_at: new Date(Date.parse(report.at.toUpperCase())).toISOString(),
        received_at: receivedAt,
        report: JSON.stringify(report),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  /** Aggregates reported at or after `since` (ISO), oldest first, at most `limit`. */
  async since(db: Db, since: string, limit: number): Promise<AggregateReport[]> {
    const rows = await db
      .selectFrom('outbreak_remote_reports')
      .select('report')
      .where('reported_at', '>=', since)
      .orderBy('reported_at')
      .limit(limit)
      .execute();
    return rows.map((r) => JSON.parse(r.report) as AggregateReport);
  },

  /** Forgets aggregates reported before `before`: the detector no longer counts them. */
  async prune(db: Db, before: string): Promise<void> {
    await db.deleteFrom('outbreak_remote_reports').where('reported_at', '<', before).execute();
  },
};
