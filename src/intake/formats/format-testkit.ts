/**
 * Test helpers for the format parsers (imported by `*.test.ts` only): a controlled
 * {@link IntakeContext}, input split into small chunks, and the items collected.
 */
import type { IntakeContext, IntakeItem, IntakeParser } from '../intake-item.js';

/** A context with a fixed clock and counting UUIDs (`…-4000-8000-000000000001`, …). */
export function testContext(overrides: Partial<IntakeContext> = {}): IntakeContext {
  let n = 0;
  return {
    now: '2026-11-28T04:10:00.000Z',
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    defaultMarkingRefs: [],
    ...overrides,
  };
}

/** The text as UTF-8 byte chunks of `size` bytes (splitting multi-byte characters too). */
export async function* chunked(text: string, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function collect(
  parser: IntakeParser,
  text: string,
  ctx: IntakeContext = testContext(),
  size = 7,
): Promise<IntakeItem[]> {
  const items: IntakeItem[] = [];
  for await (const item of parser(chunked(text, size), ctx)) items.push(item);
  return items;
}
