import { describe, expect, it } from 'vitest';
import {
  aggregateId,
  aggregateOf,
  detectorReportOf,
  MAX_KEY_LENGTH,
  parseAggregateReport,
  reporterPseudonym,
} from './federated-report.js';

const ORIGIN = 'node--0b6f3c1e-2a4d-4e8f-9b1a-5c7d9e0f1a2b';
const ORG = 'identity--5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

describe('federated outbreak aggregates', () => {
  it('names the reporter by a keyed pseudonym: stable per node, unlinkable across nodes', () => {
    const secret = Buffer.alloc(32, 1);
    const p = reporterPseudonym(secret, ORG);
    expect(p).toMatch(/^anon--[A-Za-z0-9_-]{22}$/);
    expect(reporterPseudonym(secret, ORG)).toBe(p);
    expect(reporterPseudonym(Buffer.alloc(32, 2), ORG)).not.toBe(p);
    expect(p).not.toContain(ORG.slice('identity--'.length, 20));
  });

  it('derives one id per stored report version and origin', () => {
    const id = aggregateId(ORIGIN, 'report--1', '2000-05-04T07:00:00.000Z');
    expect(id).toBe(aggregateId(ORIGIN, 'report--1', '2000-05-04T07:00:00.000Z'));
    expect(id).not.toBe(aggregateId(ORIGIN, 'report--1', '2000-05-04T07:01:00.000Z'));
    expect(id).toMatch(/^aggregate--[A-Za-z0-9_-]{43}$/);
  });

  it('sends time, country and values, not the organisation, and drops oversized values', () => {
    const aggregate = aggregateOf(
      {
        at: '2000-05-04T07:00:00.000Z',
        organisationId: ORG,
        country: 'FR',
        keys: [
          { kind: 'url', value: `http://x.example/${'a'.repeat(MAX_KEY_LENGTH)}` },
          { kind: 'domain', value: 'google.com', benign: 'top-domains' },
          { kind: 'file-sha256', value: 'ab'.repeat(32) },
        ],
      },
      { origin: ORIGIN, id: aggregateId(ORIGIN, 'report--1', 'v'), reporter: 'anon--x' },
    );
    expect(JSON.stringify(aggregate)).not.toContain(ORG);
    expect(aggregate.keys).toEqual([
      { kind: 'domain', value: 'google.com', benign: 'top-domains' },
      { kind: 'file-sha256', value: 'ab'.repeat(32) },
    ]);
  });

  it('checks what a peer sends and names each bad member', () => {
    const good = {
      id: aggregateId(ORIGIN, 'report--1', 'v'),
      origin: ORIGIN,
      at: '2000-05-04T07:00:00Z',
      reporter: reporterPseudonym(Buffer.alloc(32), ORG),
      country: 'FR',
      keys: [{ kind: 'url', value: 'http://x.example/' }],
    };
    expect(parseAggregateReport(good)).toEqual(good);
    expect(detectorReportOf(good).organisationId).toBe(`${ORIGIN}/${good.reporter}`);
    expect(() =>
      parseAggregateReport({ ...good, origin: 'paris', country: 'XX', keys: [], at: 'today' }),
    ).toThrow(
      expect.objectContaining({
        details: [
          expect.objectContaining({ path: '/origin' }),
          expect.objectContaining({ path: '/at' }),
          expect.objectContaining({ path: '/country' }),
          expect.objectContaining({ path: '/keys' }),
        ],
      }),
    );
    expect(() => parseAggregateReport([good])).toThrow(/JSON object/);
    expect(() =>
      parseAggregateReport({ ...good, keys: Array.from({ length: 21 }, () => good.keys[0]) }),
    ).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: '/keys' })] }));
  });
});
