/**
 * Issue 4, "Done when: every shared sample imports": each real sample in
 * ../shared/reference/samples/ goes through the one intake path (format detected from its
 * content; feeds named by their shipped definition) into the store, on both databases.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedFeedDefinition } from '../src/intake/feeds/definitions/index.js';
import type { ImportSummary } from '../src/intake/intake.service.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { INTELMQ_SAMPLES } from './support/intelmq-samples.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = path.resolve(repoRoot, '../shared/reference/samples');

/** Every sample file, with the format detection must find. */
function detectedSamples(): { file: string; format: string }[] {
  const inDir = (dir: string, ext: string) =>
    existsSync(path.join(samples, dir))
      ? readdirSync(path.join(samples, dir))
          .filter((f) => f.endsWith(ext))
          .map((f) => path.join(dir, f))
      : [];
  return [
    ...inDir('stix/mitre-attack-ics', '.json').map((file) => ({ file, format: 'stix' })),
    ...inDir('stix/opencti-datasets', '.json').map((file) => ({ file, format: 'stix' })),
    ...inDir('misp/events', '.json').map((file) => ({ file, format: 'misp' })),
    ...inDir('abuse-reports/iodef', '.xml').map((file) => ({ file, format: 'iodef' })),
    ...inDir('abuse-reports/arf', '.eml').map((file) => ({ file, format: 'arf' })),
    ...inDir('abuse-reports/xarf-v3', '.json').map((file) => ({ file, format: 'xarf' })),
    ...inDir('abuse-reports/xarf-v4', '.json').map((file) => ({ file, format: 'xarf' })),
  ];
}

/** Known problems of real samples, each checked against the raw file in its format's tests. */
const KNOWN_PROBLEMS: Readonly<Record<string, RegExp>> = {
  // The message really lacks its closing MIME boundary (see test/intake-email-samples.test.ts).
  'abuse-reports/arf/arf-01-crlf.eml': /boundary/i,
};

async function* chunks(file: string): AsyncGenerator<Buffer> {
  yield readFileSync(file);
}

describe.skipIf(!existsSync(samples))('shared samples', () => {
  describeDialects('every shared sample imports through the intake path', (dialect) => {
    let node: TestNode;
    beforeAll(async () => {
      node = await makeTestNode(dialect);
    });
    afterAll(async () => node?.close());

    it('detects and imports every STIX, MISP, IODEF, ARF and X-ARF sample', async () => {
      const list = detectedSamples();
      expect(list.length).toBeGreaterThanOrEqual(20);
      for (const { file, format } of list) {
        const summary: ImportSummary = await node.services.intake.import(
          node.actor('analyst'),
          chunks(path.join(samples, file)),
          { mode: 'partial' },
        );
        const known = KNOWN_PROBLEMS[file];
        expect({ file, format: summary.format }).toEqual({ file, format });
        if (known) {
          expect(summary.problems.map((p) => p.reason).join('\n')).toMatch(known);
        } else {
          expect({ file, problems: summary.problems }).toEqual({ file, problems: [] });
        }
        expect(summary.records, file).toBeGreaterThan(0);
        expect(summary.stored + summary.duplicates, file).toBeGreaterThan(0);
      }
    }, 600_000);

    it('imports every IntelMQ sample through its shipped feed definition', async () => {
      for (const sample of INTELMQ_SAMPLES) {
        const expected = JSON.parse(
          readFileSync(path.join(samples, 'intelmq', sample.expected), 'utf8'),
        ) as { events: unknown[] };
        const summary = await node.services.intake.import(
          node.actor('analyst'),
          chunks(path.join(samples, 'intelmq', sample.input)),
          { mode: 'atomic', feed: shippedFeedDefinition(sample.definition) },
        );
        expect({ feed: sample.definition, problems: summary.problems }).toEqual({
          feed: sample.definition,
          problems: [],
        });
        expect({ feed: sample.definition, records: summary.records }).toEqual({
          feed: sample.definition,
          records: expected.events.length,
        });
        expect(summary.rolledBack).toBe(false);
      }
    }, 600_000);
  });
});
