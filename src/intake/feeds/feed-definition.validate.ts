/**
 * Shape checks for feed definitions. Each message names the property it concerns so that an
 * operator can fix a definition file without reading code.
 */
import { FEED_CONVERTERS, FEED_FORMATS, TLP_LEVELS } from './feed-vocabulary.js';

/** IntelMQ harmonization names: lower-case dotted segments (`source.ip`, `extra.attacks`). */
const FIELD_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)*$/;
const TIMESTAMP_FORMAT = /^(iso|epoch|epoch-ms|custom:.+)$/;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isColumnRef(value: unknown): boolean {
  return (
    (typeof value === 'string' && value !== '') ||
    (typeof value === 'number' && Number.isInteger(value) && value >= 0)
  );
}

function checkRegex(pattern: unknown, where: string, errors: string[]): void {
  if (typeof pattern !== 'string') {
    errors.push(`${where}: must be a string`);
    return;
  }
  try {
    new RegExp(pattern);
  } catch {
    errors.push(`${where}: is not a valid regular expression`);
  }
}

function checkOptions(options: unknown, format: unknown, errors: string[]): void {
  if (options === undefined) return;
  if (!isObject(options)) {
    errors.push('options: must be an object');
    return;
  }
  const o = options;
  if (o.delimiter !== undefined && (typeof o.delimiter !== 'string' || o.delimiter === '')) {
    errors.push('options.delimiter: must be a non-empty string');
  }
  if (o.header !== undefined && typeof o.header !== 'boolean') {
    errors.push('options.header: must be true or false');
  }
  if (o.columns !== undefined && !isStringList(o.columns)) {
    errors.push('options.columns: must be a list of column names');
  }
  if (o.header === true && o.columns !== undefined) {
    errors.push('options.columns: cannot be combined with options.header');
  }
  if (o.commentPrefixes !== undefined) {
    if (!isStringList(o.commentPrefixes) || o.commentPrefixes.some((p) => p === '')) {
      errors.push('options.commentPrefixes: must be a list of non-empty strings');
    }
  }
  for (const key of ['trim', 'jsonLines'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') {
      errors.push(`options.${key}: must be true or false`);
    }
  }
  if (o.recordsPath !== undefined && typeof o.recordsPath !== 'string') {
    errors.push('options.recordsPath: must be a dotted path string');
  }
  if ((o.recordsPath !== undefined || o.jsonLines !== undefined) && format !== 'json') {
    errors.push('options.recordsPath/jsonLines: only apply to format "json"');
  }
  if (o.documentTime !== undefined) {
    const d = o.documentTime;
    if (!isObject(d)) {
      errors.push('options.documentTime: must be an object');
    } else {
      checkRegex(d.pattern, 'options.documentTime.pattern', errors);
      if (typeof d.timestamp !== 'string' || !TIMESTAMP_FORMAT.test(d.timestamp)) {
        errors.push('options.documentTime.timestamp: must be iso, epoch, epoch-ms or custom:…');
      }
      if (d.field !== undefined && (typeof d.field !== 'string' || !FIELD_NAME.test(d.field))) {
        errors.push('options.documentTime.field: must be a harmonization field name');
      }
    }
  }
}

function checkField(name: string, spec: unknown, format: unknown, errors: string[]): void {
  const where = `fields["${name}"]`;
  if (!FIELD_NAME.test(name)) errors.push(`${where}: is not a harmonization field name`);
  if (!isObject(spec)) {
    errors.push(`${where}: must be an object`);
    return;
  }
  const sources = ['column', 'columns', 'path'].filter((k) => spec[k] !== undefined);
  if (sources.length !== 1) {
    errors.push(`${where}: needs exactly one of column, columns, path`);
  }
  if (format === 'json' && spec.path === undefined) {
    errors.push(`${where}.path: is required for format "json"`);
  }
  if (format !== 'json' && spec.path !== undefined) {
    errors.push(`${where}.path: only applies to format "json"; use column`);
  }
  if (spec.column !== undefined && !isColumnRef(spec.column)) {
    errors.push(`${where}.column: must be a column name or a 0-based index`);
  }
  if (spec.columns !== undefined) {
    if (!Array.isArray(spec.columns) || spec.columns.length === 0) {
      errors.push(`${where}.columns: must be a non-empty list`);
    } else if (!spec.columns.every(isColumnRef)) {
      errors.push(`${where}.columns: each must be a column name or a 0-based index`);
    }
  }
  if (spec.join !== undefined && typeof spec.join !== 'string') {
    errors.push(`${where}.join: must be a string`);
  }
  if (spec.path !== undefined) {
    const ok =
      (typeof spec.path === 'string' && spec.path !== '') ||
      (isStringList(spec.path) && spec.path.length > 0);
    if (!ok) errors.push(`${where}.path: must be a dotted path or a list of them`);
  }
  if (
    spec.convert !== undefined &&
    !(FEED_CONVERTERS as readonly unknown[]).includes(spec.convert)
  ) {
    errors.push(`${where}.convert: must be one of ${FEED_CONVERTERS.join(', ')}`);
  }
  if (spec.convert === 'timestamp') {
    if (typeof spec.timestamp !== 'string' || !TIMESTAMP_FORMAT.test(spec.timestamp)) {
      errors.push(`${where}.timestamp: must be iso, epoch, epoch-ms or custom:…`);
    }
  } else if (spec.timestamp !== undefined) {
    errors.push(`${where}.timestamp: only applies with convert "timestamp"`);
  }
  if (spec.required !== undefined && typeof spec.required !== 'boolean') {
    errors.push(`${where}.required: must be true or false`);
  }
}

/** Returns every problem found in `input`; an empty list means it is a valid definition. */
export function validateFeedDefinitionShape(input: unknown): string[] {
  if (!isObject(input)) return ['definition: must be a JSON object'];
  const errors: string[] = [];
  if (typeof input.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(input.name)) {
    errors.push('name: must be a lower-case identifier (letters, digits, ".", "_", "-")');
  }
  if (input.description !== undefined && typeof input.description !== 'string') {
    errors.push('description: must be a string');
  }
  if (!(FEED_FORMATS as readonly unknown[]).includes(input.format)) {
    errors.push(`format: must be one of ${FEED_FORMATS.join(', ')}`);
  }
  checkOptions(input.options, input.format, errors);
  if (!isObject(input.fields) || Object.keys(input.fields).length === 0) {
    errors.push('fields: must map at least one output field');
  } else {
    for (const [name, spec] of Object.entries(input.fields)) {
      checkField(name, spec, input.format, errors);
    }
  }
  if (input.constants !== undefined) {
    if (!isObject(input.constants)) {
      errors.push('constants: must be an object');
    } else {
      for (const [name, value] of Object.entries(input.constants)) {
        if (!FIELD_NAME.test(name)) {
          errors.push(`constants["${name}"]: is not a harmonization field name`);
        }
        if (typeof value !== 'string' && typeof value !== 'number') {
          errors.push(`constants["${name}"]: must be a string or a number`);
        }
      }
    }
  }
  if (input.tlp !== undefined && !(TLP_LEVELS as readonly unknown[]).includes(input.tlp)) {
    errors.push(`tlp: must be one of ${TLP_LEVELS.join(', ')}`);
  }
  return errors;
}
