/**
 * Issue 4, "Abuse and threat feeds": every shipped feed definition, run over the IntelMQ
 * parser test samples in ../shared/reference/samples/intelmq/, yields the same number of
 * events as the IntelMQ expectations, and per event the same source.ip / source.network /
 * source.url / source.fqdn / source.asn / time.source / classification.type.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFeedDefinition, type FeedDefinition } from '../src/intake/feeds/feed-definition.js';
import { parseFeed } from '../src/intake/feeds/feed-parser.js';
import { INTELMQ_SAMPLES as SAMPLES } from './support/intelmq-samples.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samplesDir = path.resolve(repoRoot, '../shared/reference/samples/intelmq');
const definitionsDir = path.resolve(repoRoot, 'src/intake/feeds/definitions');

/** The fields compared with the IntelMQ expectations, when an expected event carries them. */
const COMPARED = [
  'source.ip',
  'source.network',
  'source.url',
  'source.fqdn',
  'source.asn',
  'time.source',
  'classification.type',
] as const;

interface Expectations {
  readonly events: readonly { output_index: number; event: Record<string, unknown> }[];
}

function loadDefinition(name: string): FeedDefinition {
  const json: unknown = JSON.parse(readFileSync(path.join(definitionsDir, `${name}.json`), 'utf8'));
  const result = parseFeedDefinition(json);
  if (!result.ok) throw new Error(`${name}: ${result.errors.join('; ')}`);
  return result.definition;
}

const samplesPresent = existsSync(samplesDir);
const describeSamples = samplesPresent ? describe : describe.skip;

describe('shipped feed definitions are valid', () => {
  it.each(SAMPLES.map((s) => s.definition))('%s', (name) => {
    expect(loadDefinition(name).name).toBe(name);
  });
});

describeSamples(
  samplesPresent ? 'IntelMQ samples' : `IntelMQ samples (skipped: ${samplesDir} not found)`,
  () => {
    it.each(SAMPLES)('$definition matches $expected', ({ definition, input, expected }) => {
      const def = loadDefinition(definition);
      const text = readFileSync(path.join(samplesDir, input), 'utf8');
      const expectations = JSON.parse(
        readFileSync(path.join(samplesDir, expected), 'utf8'),
      ) as Expectations;
      const { events, errors } = parseFeed(def, text);

      expect(errors).toEqual([]);
      expect(events).toHaveLength(expectations.events.length);
      for (const { output_index: index, event: want } of expectations.events) {
        const got = events[index]?.fields ?? {};
        for (const field of COMPARED) {
          // Compared both ways: a field IntelMQ does not emit must be absent here too.
          expect({ index, field, value: got[field] }).toEqual({
            index,
            field,
            value: want[field],
          });
        }
      }
    });
  },
);
