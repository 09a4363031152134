/**
 * Running an intake parser in tests: a fixed context (clock, counting UUIDs) and a collector
 * that also checks every produced object with the STIX validator.
 */
import { expect } from 'vitest';
import type {
  IntakeContext,
  IntakeItem,
  IntakeObjects,
  IntakeParser,
  IntakeRecordError,
} from '../../src/intake/intake-item.js';
import { validateStixObject, type StixObject } from '../../src/stix/index.js';

/** The identity and TLP 2.0 GREEN marking the test context hands to parsers. */
export const TEST_SOURCE = 'identity--5f0c6a3e-8f2d-4c41-9d0e-1c2b3a4d5e6f';
export const TLP_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';

export function testIntakeContext(): IntakeContext {
  let n = 0;
  return {
    now: '2026-11-28T04:00:00.000Z',
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    createdByRef: TEST_SOURCE,
    defaultMarkingRefs: [TLP_GREEN],
  };
}

/** Input as one chunk, or as chunks of `size` bytes to exercise chunk boundaries. */
export async function* chunks(
  data: Uint8Array | string,
  size = Infinity,
): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let i = 0; i < bytes.length; i += Math.min(size, bytes.length)) {
    yield bytes.subarray(i, Math.min(i + size, bytes.length));
  }
}

export interface ParsedIntake {
  readonly items: IntakeItem[];
  readonly records: IntakeObjects[];
  readonly errors: IntakeRecordError[];
}

/** Runs `parser` over `data` and asserts that every object is valid STIX 2.1. */
export async function runParser(
  parser: IntakeParser,
  data: Uint8Array | string,
  chunkSize?: number,
): Promise<ParsedIntake> {
  const items: IntakeItem[] = [];
  for await (const item of parser(chunks(data, chunkSize), testIntakeContext())) items.push(item);
  const records = items.filter((i): i is IntakeObjects => i.kind === 'objects');
  for (const record of records) {
    for (const object of record.objects) expect(validateStixObject(object), object.id).toEqual([]);
    if (record.observation !== undefined) {
      const ids = record.objects.map((o) => o.id);
      expect(ids[0]).toBe(record.observation.subjectRef);
      for (const ref of record.observation.objectRefs) expect(ids).toContain(ref);
    }
  }
  return {
    items,
    records,
    errors: items.filter((i): i is IntakeRecordError => i.kind === 'error'),
  };
}

/** The objects of a record of `type`. */
export function ofType(objects: readonly StixObject[], type: string): StixObject[] {
  return objects.filter((o) => o.type === type);
}

/** The `value` properties of the objects of `type`, sorted. */
export function valuesOf(objects: readonly StixObject[], type: string): string[] {
  return ofType(objects, type)
    .map((o) => String(o.value))
    .sort();
}
