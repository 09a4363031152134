/**
 * Declarative feed definitions (issue 4, "Abuse and threat feeds").
 *
 * A definition is a JSON document that says how to read a feed file (CSV, TSV, JSON or a plain
 * list) and how each record becomes a feed event whose keys are IntelMQ harmonization field
 * names (`source.ip`, `source.network`, `source.url`, `source.fqdn`, `source.asn`,
 * `source.port`, `time.source`, `classification.type`, `classification.taxonomy`, `extra.*`,
 * `tlp` …). An operator adds a feed by writing such a file; no code.
 *
 * Example (a plain list of IPs):
 * ```json
 * { "name": "blocklistde-imap", "format": "lines",
 *   "fields": { "source.ip": { "column": 0, "convert": "ip", "required": true } },
 *   "constants": { "classification.type": "ids-alert" }, "tlp": "CLEAR" }
 * ```
 *
 * Pure: no file-system or network access; callers pass the parsed JSON in.
 */
import { validateFeedDefinitionShape } from './feed-definition.validate.js';
import type { FeedConverter, FeedFormat, TlpLevel } from './feed-vocabulary.js';

export {
  FEED_CONVERTERS,
  FEED_FORMATS,
  TLP_LEVELS,
  type FeedConverter,
  type FeedFormat,
  type TlpLevel,
} from './feed-vocabulary.js';

/**
 * A timestamp format: `iso` (ISO 8601 / RFC 3339, a space may replace `T`, a date alone is
 * midnight, no offset means UTC), `epoch` (seconds), `epoch-ms`, or `custom:PATTERN` with the
 * tokens `YYYY MM MMM DD ddd hh mm ss` (always UTC), e.g. `custom:ddd MMM DD hh:mm:ss YYYY UTC`.
 */
export type TimestampFormat = 'iso' | 'epoch' | 'epoch-ms' | `custom:${string}`;

/** Where one output field takes its value from, and how the value is converted. */
export interface FeedFieldSpec {
  /** CSV/TSV/lines: a column name (header or `columns`) or a 0-based index. */
  readonly column?: string | number;
  /** CSV/TSV/lines: several columns joined with `join` (e.g. address + "/" + prefix length). */
  readonly columns?: readonly (string | number)[];
  readonly join?: string;
  /** JSON: a dotted path (`details.0.ip_address`); a list means "the first one present". */
  readonly path?: string | readonly string[];
  readonly convert?: FeedConverter;
  /** Required with `convert: "timestamp"`. */
  readonly timestamp?: TimestampFormat;
  /** A missing or empty value is a broken record instead of an absent field. */
  readonly required?: boolean;
}

/** A time found once in a comment line (e.g. "updated: …") and given to every record. */
export interface DocumentTimeSpec {
  /** A regular expression with one capture group, matched against comment lines. */
  readonly pattern: string;
  readonly timestamp: TimestampFormat;
  /** The field it fills when the record did not set it; default `time.source`. */
  readonly field?: string;
}

export interface FeedFormatOptions {
  /** csv default ",", tsv default "\t"; lines: none (the whole line is column 0). */
  readonly delimiter?: string;
  /** The first non-comment, non-blank line names the columns. */
  readonly header?: boolean;
  /** Explicit column names when the file has no header row. */
  readonly columns?: readonly string[];
  /** Lines starting with one of these (after leading blanks) are skipped. */
  readonly commentPrefixes?: readonly string[];
  /** Trim blanks around each column (default true). */
  readonly trim?: boolean;
  /** JSON: dotted path to the array of records inside the document ("" = the document). */
  readonly recordsPath?: string;
  /** JSON: one JSON object per line instead of one document. */
  readonly jsonLines?: boolean;
  readonly documentTime?: DocumentTimeSpec;
}

export interface FeedDefinition {
  readonly name: string;
  readonly description: string;
  readonly format: FeedFormat;
  readonly options: FeedFormatOptions;
  /** Output field (IntelMQ harmonization name) → where its value comes from. */
  readonly fields: Readonly<Record<string, FeedFieldSpec>>;
  /** Fields with fixed values, e.g. `classification.type`. */
  readonly constants: Readonly<Record<string, string | number>>;
  /** Default marking, written to the harmonization field `tlp`. */
  readonly tlp: TlpLevel;
}

export type FeedDefinitionResult =
  | { readonly ok: true; readonly definition: FeedDefinition }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Validates untrusted JSON as a feed definition. Never throws: every problem is reported with
 * the property it concerns, e.g. `fields["source.ip"].convert: must be one of ip, cidr, …`.
 */
export function parseFeedDefinition(input: unknown): FeedDefinitionResult {
  const errors = validateFeedDefinitionShape(input);
  if (errors.length > 0) return { ok: false, errors };
  const raw = input as Record<string, unknown>;
  const definition: FeedDefinition = {
    name: raw.name as string,
    description: (raw.description as string | undefined) ?? '',
    format: raw.format as FeedFormat,
    options: (raw.options as FeedFormatOptions | undefined) ?? {},
    fields: raw.fields as Record<string, FeedFieldSpec>,
    constants: (raw.constants as Record<string, string | number> | undefined) ?? {},
    tlp: (raw.tlp as TlpLevel | undefined) ?? 'AMBER',
  };
  return { ok: true, definition };
}
