/**
 * STIX 2.0 bundles → STIX 2.1 (issue 4), and STIX 2.1 objects found in the same bundles passed
 * through with the repairs of `stix21-repair.ts`. The bundle is streamed (`readBundle`): one
 * object in memory at a time.
 *
 * Records are the elements of the bundle's `objects` array, numbered from 1 in document order.
 * An object with `spec_version: "2.1"` is repaired and validated as it is; one without
 * `spec_version` (or with "2.0") is upgraded (`stix20-upgrade.ts`); an observed-data object's
 * item holds its SCOs, then itself. Every object is validated (`validateStixObject`; objects of
 * a type defined by an extension declare it in their own `extensions`); an object that still
 * breaks a rule is a per-record error naming its id, property and problem.
 *
 * Objects are kept as their author made them: the importer's `createdByRef` and default
 * markings are not added (that would make a second, different object under the author's
 * `id` and `modified`); the pipeline applies its policy defaults.
 */
import { readBundle, BundleFormatError } from '../../../objects/bundle-reader.js';
import { validateStixObject, type StixObject } from '../../../stix/index.js';
import { IntakeFormatError, type IntakeItem, type IntakeParser } from '../../intake-item.js';
import { repairStix21 } from './stix21-repair.js';
import { upgradeStix20 } from './stix20-upgrade.js';

export const name = 'stix20';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * True for a STIX bundle that is 2.0: it says `"spec_version": "2.0"` (a 2.0 bundle property),
 * or its objects carry no `"spec_version": "2.1"` (required on 2.1 SDOs and SROs).
 */
export function detect(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{') || !/"type"\s*:\s*"bundle"/.test(text)) return false;
  if (/"spec_version"\s*:\s*"2\.0"/.test(text)) return true;
  return !/"spec_version"\s*:\s*"2\.1"/.test(text) && /"objects"\s*:\s*\[\s*\{/.test(text);
}

export interface Stix20ParserOptions {
  /** Told of every repair made to a STIX 2.1 object (`repairStix21`), with its record. */
  readonly onWarning?: (record: number, message: string) => void;
}

export function createStix20Parser(options: Stix20ParserOptions = {}): IntakeParser {
  return async function* parseStix20(input, ctx) {
    let record = 0;
    const objects = readBundle(input);
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await objects.next();
      } catch (err) {
        if (err instanceof BundleFormatError) throw new IntakeFormatError(name, err.message);
        throw err;
      }
      if (next.done === true) return;
      record += 1;
      yield convert(next.value, record, ctx.uuid, options);
    }
  };
}

function convert(
  value: unknown,
  record: number,
  uuid: () => string,
  options: Stix20ParserOptions,
): IntakeItem {
  if (!isObject(value) || typeof value.type !== 'string')
    return { kind: 'error', record, reason: 'not a STIX object: "type" is missing' };
  const where = typeof value.id === 'string' ? value.id : `${value.type} #${record}`;
  let objects: StixObject[];
  if (value.spec_version === '2.1') {
    const repaired = repairStix21(value as StixObject);
    for (const warning of repaired.warnings) options.onWarning?.(record, warning);
    objects = [repaired.object];
  } else if (value.spec_version === undefined || value.spec_version === '2.0') {
    const upgraded = upgradeStix20(value, uuid);
    if (!upgraded.ok) return { kind: 'error', record, reason: `${where}: ${upgraded.reason}` };
    objects = upgraded.objects;
  } else {
    return {
      kind: 'error',
      record,
      reason: `${where}: unsupported spec_version ${JSON.stringify(value.spec_version)}`,
    };
  }
  for (const object of objects) {
    const found = validateStixObject(object)[0];
    if (found !== undefined) {
      const at = found.path === '' ? '' : ` ${found.path}`;
      return { kind: 'error', record, reason: `${object.id ?? where}${at}: ${found.message}` };
    }
  }
  return { kind: 'objects', record, objects };
}

/** The STIX 2.0 (and repaired 2.1) bundle parser; repairs are not reported. */
export const parseStix20: IntakeParser = createStix20Parser();
