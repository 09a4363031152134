import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';
import { jsonTextMember } from '../json-member.js';

/**
 * Finding sealed personal data, and aged-out indicators, without reading everything (issue 8,
 * items 3 and 7).
 *
 * - `privacy_blind_index`: a keyed blind index of the identifiers in sealed fields — `token` is
 *   HMAC-SHA-256 of the normalised identifier under the node's index key (`privacy/blind-index.ts`),
 *   which the database holds only wrapped by the master key. One row per identifier, scope
 *   (`request:<id>`, `case:<id>`), record (a case subject's id, or '') and field; the plaintext
 *   is never stored.
 * - `privacy_openings.purpose_text`: the free text of an opening's stated purpose, sealed
 *   (it may name the person looked up); the audit entry keeps the purpose code.
 * - `stix_objects_indicator_valid_until`: the latest indicators by their `valid_until` (STIX 2.1
 *   §4.7), so that the retention job reads only the indicators that have aged out.
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('privacy_blind_index')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('privacy_blind_index_pk', ['token', 'scope', 'record', 'field'])
    .execute();
  await db.schema
    .createIndex('privacy_blind_index_scope')
    .on('privacy_blind_index')
    .columns(['scope', 'record', 'field'])
    .execute();

  await db.schema.alterTable('privacy_openings').addColumn('purpose_text', 'text').execute();

  await db.schema
    .createIndex('stix_objects_indicator_valid_until')
    .on('stix_objects')
    .expression(jsonTextMember(caps, 'content', 'valid_until'))
    .where(sql.ref('type'), '=', 'indicator')
    .where(sql.ref('is_latest'), '=', 1)
    .execute();
}
