/**
 * Reading a contact directory file (pure): CSV with a header line, or JSON (an array of
 * contacts, or `{ "contacts": [ … ] }`). Every record keeps the line it starts on, so that a
 * malformed one is reported by line and field (issue 5, "bad input": reported and skipped).
 *
 * CSV columns (header names, any order; `kind`, `name`, `channel`, `address` required):
 * `kind,name,network,asn,domain,country,sector,languages,channel,address,notes`; `languages`
 * holds tags separated by spaces or semicolons. Blank lines and lines starting with `#` are
 * skipped. RFC 4180 quoting, one line per record.
 */
import { splitDelimitedLine } from '../intake/feeds/feed-csv.js';
import { DomainError } from '../platform/errors.js';
import type { ContactInput } from './contact.types.js';

export const CONTACT_FILE_FORMATS = ['csv', 'json'] as const;
export type ContactFileFormat = (typeof CONTACT_FILE_FORMATS)[number];

export const CONTACT_COLUMNS = [
  'kind',
  'name',
  'network',
  'asn',
  'domain',
  'country',
  'sector',
  'languages',
  'channel',
  'address',
  'notes',
] as const;
const REQUIRED_COLUMNS = ['kind', 'name', 'channel', 'address'];

/** One record of the file: its line, and its fields or why it could not be read. */
export type ContactRecord =
  | { readonly line: number; readonly input: ContactInput }
  | { readonly line: number; readonly error: { field: string; message: string } };

function fileError(message: string, path = 'file'): DomainError {
  return new DomainError('NH_ERR_VALIDATION', message, [{ path, message }]);
}

/** The format of a file: named, or guessed from its first non-blank character. */
export function contactFormatOf(text: string, named?: string): ContactFileFormat {
  if (named !== undefined) {
    if (!(CONTACT_FILE_FORMATS as readonly string[]).includes(named))
      throw fileError(`format must be csv or json, not "${named}"`, 'format');
    return named as ContactFileFormat;
  }
  const first = text.trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

export function readContactFile(text: string, format: ContactFileFormat): ContactRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === 'csv' ? readCsv(body) : readJson(body);
}

function readCsv(text: string): ContactRecord[] {
  const lines = text.split(/\r?\n/);
  let header: string[] | null = null;
  const records: ContactRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const split = splitDelimitedLine(raw, ',');
    if (header === null) {
      if (!split.ok) throw fileError(`line ${line}: the header cannot be read: ${split.reason}`);
      header = split.columns.map((c) => c.trim().toLowerCase());
      const unknown = header.find((c) => !(CONTACT_COLUMNS as readonly string[]).includes(c));
      if (unknown !== undefined)
        throw fileError(
          `line ${line}: unknown column "${unknown}" (columns: ${CONTACT_COLUMNS.join(', ')})`,
        );
      const missing = REQUIRED_COLUMNS.find((c) => !header!.includes(c));
      if (missing !== undefined)
        throw fileError(`line ${line}: the column "${missing}" is missing`);
      continue;
    }
    if (!split.ok) {
      records.push({ line, error: { field: 'line', message: split.reason } });
      continue;
    }
    if (split.columns.length !== header.length) {
      records.push({
        line,
        error: {
          field: 'line',
          message: `has ${split.columns.length} columns, the header ${header.length}`,
        },
      });
      continue;
    }
    const input: Record<string, string> = {};
    header.forEach((name, k) => (input[name] = split.columns[k]!));
    records.push({ line, input });
  }
  if (header === null) throw fileError('the file has no header line');
  return records;
}

function readJson(text: string): ContactRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fileError(`not well-formed JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(value)
    ? value
    : value !== null &&
        typeof value === 'object' &&
        Array.isArray((value as Record<string, unknown>).contacts)
      ? ((value as Record<string, unknown>).contacts as unknown[])
      : null;
  if (list === null) throw fileError('expected an array of contacts or { "contacts": [ … ] }');
  const starts = elementLines(text, Array.isArray(value) ? 1 : 2);
  return list.map((item, i) => {
    const line = starts[i] ?? 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return { line, error: { field: 'record', message: 'is not an object' } };
    return { line, input: item as ContactInput };
  });
}

/**
 * The line each element of the contacts array starts on: the array is the top-level value
 * (depth 1) or the value of `contacts` (depth 2, the object's only array).
 */
function elementLines(text: string, depth: number): number[] {
  const out: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let expect = false;
  const inTarget = () => stack.length === depth && stack[depth - 1] === '[';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (expect && c !== ']' && inTarget()) out.push(line);
    expect = false;
    if (c === '"') {
      // JSON strings hold no raw line breaks; skip to the closing quote.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      stack.push(c);
      expect = c === '[' && inTarget();
    } else if (c === ']' || c === '}') stack.pop();
    else if (c === ',') expect = inTarget();
  }
  return out;
}
