/**
 * The observable index's writer (issue 5, item 1): the keys of every stored version's
 * observable values, and of each indicator's pattern anchors, written in the storing
 * transaction (see `VersionIndexer` in the object service).
 */
import type { Kysely } from 'kysely';
import type { IndexedVersion, VersionIndexer } from '../objects/object.service.js';
import { bulkInsert } from '../platform/database/bulk-insert.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import type { StixObject } from '../stix/index.js';
import { observableKeys, type ObservableKey } from './observable-keys.js';

/** Types whose versions have index keys of their own values. */
const OBSERVABLE_TYPES: ReadonlySet<string> = new Set([
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
  'email-message',
  'file',
  'artifact',
  'autonomous-system',
  'mac-addr',
]);

export interface ObservableIndexOptions {
  /**
   * The anchor keys of an indicator's STIX pattern (any matching observation holds one of
   * them), or null when the pattern has none; indicators are not indexed when absent.
   */
  readonly patternKeys?: (indicator: StixObject) => readonly ObservableKey[] | null;
}

/** The index rows of one version: `[kind, value, role]`. */
export function indexRowsOf(
  object: StixObject,
  options: ObservableIndexOptions,
): { kind: string; value: string; role: 'value' | 'pattern' }[] {
  if (OBSERVABLE_TYPES.has(object.type))
    return observableKeys(object).map((k) => ({ ...k, role: 'value' as const }));
  if (object.type === 'indicator' && options.patternKeys) {
    return (options.patternKeys(object) ?? []).map((k) => ({ ...k, role: 'pattern' as const }));
  }
  return [];
}

export function createObservableIndexer(
  capabilities: DialectCapabilities,
  options: ObservableIndexOptions = {},
): VersionIndexer {
  const insert = bulkInsert(capabilities, 'observable_keys', [
    'object_seq',
    'kind',
    'value',
    'role',
  ]);
  const indexedTypes = new Set(OBSERVABLE_TYPES);
  if (options.patternKeys) indexedTypes.add('indicator');
  return {
    async index(trx: Kysely<Database>, versions: readonly IndexedVersion[]) {
      const rows: unknown[][] = [];
      for (const { seq, row, object: parsed } of versions) {
        if (!indexedTypes.has(row.type)) continue;
        const object = parsed ?? (JSON.parse(row.content) as StixObject);
        for (const k of indexRowsOf(object, options)) rows.push([seq, k.kind, k.value, k.role]);
      }
      for (const statement of insert.statements(rows)) await trx.executeQuery(statement);
    },
  };
}
