/**
 * STIX 2.1 bundles as an intake format: the foundation's streaming bundle reader, one record
 * per object of `objects` (record numbers are 1-based positions in that array). Known
 * real-world deviations are repaired and reported as warnings (`repairStix21`); objects are
 * validated when stored, like every other format's output.
 */
import { readBundle } from '../../objects/bundle-reader.js';
import type { StixObject } from '../../stix/index.js';
import type { IntakeItem, IntakeParser } from '../intake-item.js';
import { repairStix21 } from './stix20/stix21-repair.js';

export const name = 'stix';
export const description = 'STIX 2.1 bundle (JSON)';

const BUNDLE = /"type"\s*:\s*"bundle"/;
const STIX_2_0 = /"spec_version"\s*:\s*"2\.0"/;

/** A JSON object that declares itself a bundle, and not a STIX 2.0 one. */
export function detect(head: string): boolean {
  return /^\s*\{/.test(head) && BUNDLE.test(head) && !STIX_2_0.test(head);
}

export const parse: IntakeParser = async function* (input): AsyncGenerator<IntakeItem> {
  let record = 0;
  for await (const object of readBundle(input)) {
    record += 1;
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      yield { kind: 'objects', record, objects: [object as StixObject] };
      continue;
    }
    const repaired = repairStix21(object as StixObject);
    yield {
      kind: 'objects',
      record,
      objects: [repaired.object],
      ...(repaired.warnings.length > 0 ? { warnings: repaired.warnings } : {}),
    };
  }
};
