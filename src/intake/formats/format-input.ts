/**
 * Helpers shared by the format parsers of `src/intake/formats/`: turning the input chunks into
 * text, and the common properties of the SDOs and SROs a parser creates.
 */
import { isIdentifier, type StixObject } from '../../stix/index.js';
import { IntakeFormatError, type IntakeContext } from '../intake-item.js';

/**
 * Decodes the input as UTF-8 text chunk by chunk (a byte-order mark is dropped). Invalid UTF-8
 * is an {@link IntakeFormatError} of `format`.
 */
export async function* textChunks(
  input: AsyncIterable<Uint8Array | string>,
  format: string,
): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    for await (const chunk of input) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text !== '') yield text;
    }
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch (err) {
    if (err instanceof TypeError)
      throw new IntakeFormatError(format, 'the input is not valid UTF-8');
    throw err;
  }
}

/**
 * The whole input as one string, for formats read as one document (IODEF). Inputs over
 * `maxChars` characters are refused with an {@link IntakeFormatError}: memory stays bounded.
 */
export async function readAllText(
  input: AsyncIterable<Uint8Array | string>,
  format: string,
  maxChars: number,
): Promise<string> {
  const parts: string[] = [];
  let size = 0;
  for await (const text of textChunks(input, format)) {
    size += text.length;
    if (size > maxChars)
      throw new IntakeFormatError(format, `the document is larger than ${maxChars} characters`);
    parts.push(text);
  }
  return parts.join('').replace(/^\uFEFF/, '');
}

/** An RFC 3339 timestamp with millisecond precision, or undefined when `value` is not a date. */
export function isoTimestamp(value: unknown): string | undefined {
  let ms: number;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{1,12}$/.test(value))) {
    ms = Number(value) * 1000; // UNIX epoch seconds (MISP timestamps)
  } else if (typeof value === 'string' && value.trim() !== '') {
    ms = Date.parse(value.trim());
  } else {
    return undefined;
  }
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `type--uuid` when `uuid` makes a valid STIX identifier, otherwise `type--<ctx.uuid()>`. */
export function stixId(type: string, uuid: unknown, ctx: IntakeContext): string {
  const candidate = typeof uuid === 'string' ? `${type}--${uuid.toLowerCase()}` : '';
  return isIdentifier(candidate) ? candidate : `${type}--${ctx.uuid()}`;
}

export interface SdoCommon {
  readonly created?: string;
  readonly modified?: string;
  readonly markingRefs?: readonly string[];
  readonly labels?: readonly string[];
}

/**
 * An SDO or SRO with the common properties of spec 3.2 filled in: `created`/`modified` (the
 * intake time when the source gives none), `created_by_ref` from the context, the markings
 * (the context's defaults when the source gives none) and the labels when there are any.
 */
export function sdo(
  ctx: IntakeContext,
  type: string,
  id: string,
  common: SdoCommon,
  props: Record<string, unknown>,
): StixObject {
  const created = common.created ?? ctx.now;
  const modified = common.modified ?? created;
  const markings = common.markingRefs?.length ? common.markingRefs : ctx.defaultMarkingRefs;
  const out: Record<string, unknown> = {
    type,
    spec_version: '2.1',
    id,
    created,
    modified: modified < created ? created : modified,
  };
  if (ctx.createdByRef !== undefined) out.created_by_ref = ctx.createdByRef;
  Object.assign(out, props);
  if (common.labels !== undefined && common.labels.length > 0) out.labels = [...common.labels];
  if (markings.length > 0) out.object_marking_refs = [...markings];
  return out as StixObject;
}

/** A single-quoted STIX pattern string literal (spec 9.2: `\` and `'` escaped). */
export function patternString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
