/**
 * Maps one record of a feed to a feed event, per the definition's `fields` and `constants`.
 */
import type { FeedDefinition, FeedFieldSpec } from './feed-definition.js';
import { convertValue, type FeedValue } from './feed-converters.js';

/**
 * One normalised feed event. `fields` uses IntelMQ harmonization names (`source.ip`,
 * `source.network`, `source.url`, `source.fqdn`, `source.asn`, `time.source`,
 * `classification.type`, `tlp`, `extra.*` …); `line` is the 1-based line of the record in
 * the file (for a JSON document: the 1-based index of the record in its array).
 */
export interface FeedEvent {
  readonly line: number;
  readonly fields: Readonly<Record<string, FeedValue>>;
}

export interface FeedRecordError {
  readonly line: number;
  readonly reason: string;
}

/** Reads the raw value of one field spec from a record; `undefined` when absent. */
export type FieldReader = (spec: FeedFieldSpec) => unknown;

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

/**
 * Builds the event for one record, or the first reason it is broken. `inherited` holds
 * values found once for the whole document (e.g. a time in a comment), used only for fields
 * the record itself does not set.
 */
export function mapRecord(
  def: FeedDefinition,
  read: FieldReader,
  line: number,
  inherited: Readonly<Record<string, FeedValue>> = {},
): { event: FeedEvent } | { error: FeedRecordError } {
  const fields: Record<string, FeedValue> = { ...def.constants };
  for (const [name, spec] of Object.entries(def.fields)) {
    const raw = read(spec);
    if (isEmpty(raw)) {
      if (spec.required) return { error: { line, reason: `${name}: value is missing` } };
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      return { error: { line, reason: `${name}: expected a single value, not a list or object` } };
    }
    const result = convertValue(typeof raw === 'boolean' ? String(raw) : raw, spec);
    if (!result.ok) return { error: { line, reason: `${name}: ${result.reason}` } };
    fields[name] = result.value;
  }
  for (const [name, value] of Object.entries(inherited)) {
    if (!(name in fields)) fields[name] = value;
  }
  if (!('tlp' in fields)) fields.tlp = def.tlp;
  return { event: { line, fields } };
}

/** Follows a dotted path (`details.0.ip_address`) into parsed JSON. */
export function readJsonPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Reader for a JSON record: the first present path of `spec.path`. */
export function jsonFieldReader(record: unknown): FieldReader {
  return (spec) => {
    const paths = typeof spec.path === 'string' ? [spec.path] : (spec.path ?? []);
    for (const path of paths) {
      const value = readJsonPath(record, path);
      if (!isEmpty(value)) return value;
    }
    return undefined;
  };
}

/** Reader for a delimited record; columns are named by `names` or by 0-based index. */
export function columnFieldReader(
  columns: readonly string[],
  names: readonly string[],
): FieldReader {
  const at = (ref: string | number): string | undefined =>
    columns[typeof ref === 'number' ? ref : names.indexOf(ref)];
  return (spec) => {
    if (spec.column !== undefined) return at(spec.column);
    if (spec.columns === undefined) return undefined;
    const parts = spec.columns.map(at);
    return parts.some(isEmpty) ? undefined : parts.join(spec.join ?? '');
  };
}
