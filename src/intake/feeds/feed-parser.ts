/**
 * The feed engine: turns a feed file into normalised feed events per a declarative
 * definition (issue 4, "Abuse and threat feeds"). Broken records (wrong column count, invalid
 * IP, unparsable date …) are reported with their line number and reason; the rest are kept.
 *
 * The core is per line (`createFeedLineParser`) so that a later step can stream large files;
 * only JSON documents (not JSON lines) need the whole text.
 */
import type { FeedDefinition, FeedFieldSpec } from './feed-definition.js';
import type { FeedValue } from './feed-converters.js';
import { splitDelimitedLine } from './feed-csv.js';
import {
  columnFieldReader,
  jsonFieldReader,
  mapRecord,
  readJsonPath,
  type FeedEvent,
  type FeedRecordError,
} from './feed-record.js';
import { parseTimestamp } from './feed-timestamp.js';

export type { FeedEvent, FeedRecordError } from './feed-record.js';

export interface FeedParseResult {
  readonly events: FeedEvent[];
  readonly errors: FeedRecordError[];
}

/** The outcome of one line: an event, a broken record, or nothing (blank, comment, header). */
export type FeedLineOutcome = { event: FeedEvent } | { error: FeedRecordError } | undefined;

function referencedColumns(def: FeedDefinition): string[] {
  const specs: FeedFieldSpec[] = Object.values(def.fields);
  const refs = specs.flatMap((s) => (s.column !== undefined ? [s.column] : (s.columns ?? [])));
  return refs.filter((r): r is string => typeof r === 'string');
}

/**
 * Returns a stateful function to feed the lines of one file to, in order, with their 1-based
 * numbers. Not for JSON documents (`format: "json"` without `jsonLines`).
 */
export function createFeedLineParser(
  def: FeedDefinition,
): (line: string, lineNo: number) => FeedLineOutcome {
  const o = def.options;
  const delimiter =
    o.delimiter ?? (def.format === 'csv' ? ',' : def.format === 'tsv' ? '\t' : undefined);
  const trim = o.trim ?? true;
  const comments = o.commentPrefixes ?? [];
  const docTime = o.documentTime;
  const docTimePattern = docTime ? new RegExp(docTime.pattern) : undefined;
  let names: readonly string[] | undefined = o.header ? undefined : (o.columns ?? []);
  let stopped = false;
  const inherited: Record<string, FeedValue> = {};

  return (line, lineNo) => {
    const text = line.replace(/\r$/, '').replace(/^\uFEFF/, '');
    if (stopped || text.trim() === '') return undefined;
    if (comments.some((p) => text.trimStart().startsWith(p))) {
      const match = docTime && docTimePattern?.exec(text);
      if (docTime && match?.[1] !== undefined) {
        const value = parseTimestamp(match[1], docTime.timestamp);
        if (value === undefined) {
          return { error: { line: lineNo, reason: `unparsable document date "${match[1]}"` } };
        }
        inherited[docTime.field ?? 'time.source'] = value;
      }
      return undefined;
    }
    if (def.format === 'json') {
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        return { error: { line: lineNo, reason: 'invalid JSON' } };
      }
      return mapRecord(def, jsonFieldReader(record), lineNo, inherited);
    }
    let columns: string[] = [text];
    if (delimiter !== undefined) {
      const split = splitDelimitedLine(text, delimiter);
      if (!split.ok) return { error: { line: lineNo, reason: split.reason } };
      columns = split.columns;
    }
    if (trim) columns = columns.map((c) => c.trim());
    if (names === undefined) {
      names = columns;
      const missing = referencedColumns(def).filter((c) => !columns.includes(c));
      if (missing.length === 0) return undefined;
      stopped = true;
      return { error: { line: lineNo, reason: `header lacks column(s) ${missing.join(', ')}` } };
    }
    if (names.length > 0 && columns.length !== names.length) {
      const reason = `expected ${names.length} columns, got ${columns.length}`;
      return { error: { line: lineNo, reason } };
    }
    return mapRecord(def, columnFieldReader(columns, names), lineNo, inherited);
  };
}

function parseJsonDocument(def: FeedDefinition, text: string): FeedParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { events: [], errors: [{ line: 1, reason: `invalid JSON: ${(err as Error).message}` }] };
  }
  const path = def.options.recordsPath ?? '';
  const records = path === '' ? doc : readJsonPath(doc, path);
  if (!Array.isArray(records)) {
    return { events: [], errors: [{ line: 1, reason: `no array of records at "${path}"` }] };
  }
  const result: FeedParseResult = { events: [], errors: [] };
  records.forEach((record, index) => {
    const outcome = mapRecord(def, jsonFieldReader(record), index + 1);
    if ('event' in outcome) result.events.push(outcome.event);
    else result.errors.push(outcome.error);
  });
  return result;
}

/**
 * Parses a whole feed file. For JSON documents, `line` in events and errors is the 1-based
 * index of the record in its array.
 *
 * @example parseFeed(def, '192.0.2.4\nnot-an-ip\n')
 * // { events: [{ line: 1, fields: { 'source.ip': '192.0.2.4', … } }],
 * //   errors: [{ line: 2, reason: 'source.ip: invalid IP address "not-an-ip"' }] }
 */
export function parseFeed(def: FeedDefinition, text: string): FeedParseResult {
  if (def.format === 'json' && !def.options.jsonLines) return parseJsonDocument(def, text);
  const parseLine = createFeedLineParser(def);
  const result: FeedParseResult = { events: [], errors: [] };
  text.split('\n').forEach((line, index) => {
    const outcome = parseLine(line, index + 1);
    if (outcome === undefined) return;
    if ('event' in outcome) result.events.push(outcome.event);
    else result.errors.push(outcome.error);
  });
  return result;
}
