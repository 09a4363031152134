import { describe, expect, it } from 'vitest';
import {
  clusterKeyOf,
  feedable,
  outbreakReportOf,
  reportRoots,
  warninglistsOf,
  type StoredRow,
} from './alert-feed.js';
import { ENRICHMENT_EXTENSION_ID } from '../enrich/enrichment-extension.js';

const ORG = 'identity--11111111-1111-4111-8111-111111111111';
const URL_ID = 'url--22222222-2222-5222-8222-222222222222';
const FILE_ID = 'file--33333333-3333-5333-8333-333333333333';

function row(type: string, content: Record<string, unknown>, over: Partial<StoredRow> = {}) {
  const id = `${type}--${crypto.randomUUID()}`;
  return {
    id,
    type,
    content: JSON.stringify({ type, id, ...content }),
    ownerOrgId: ORG,
    tlp: 'green',
    distribution: 'community',
    revoked: false,
    dateAdded: '2000-05-04T07:34:00.000000Z',
    ...over,
  } satisfies StoredRow;
}

describe('outbreak feed (issue 5, item 3)', () => {
  it('takes reports and observations by object_refs and incidents by their relationships', () => {
    const report = row('report', { object_refs: [URL_ID, 'malware--x', URL_ID] });
    const observed = row('observed-data', { object_refs: [FILE_ID] });
    const incident = row('incident', {});
    const rel = row('relationship', { source_ref: incident.id, target_ref: FILE_ID });
    const sighting = row('sighting', { observed_data_refs: [observed.id] });
    const builtIn = row('report', { object_refs: [URL_ID] }, { ownerOrgId: null });
    const revoked = row('report', { object_refs: [URL_ID] }, { revoked: true });
    const roots = reportRoots([report, observed, incident, rel, sighting, builtIn, revoked]);
    expect(roots.map((r) => [r.row.id, r.refs])).toEqual([
      [report.id, [URL_ID]],
      [observed.id, [FILE_ID]],
      [incident.id, [FILE_ID]],
    ]);
  });

  it('feeds only CLEAR/GREEN community-wide reports whose owner allows them to be counted', () => {
    const r = row('report', {});
    const dflt = { country: 'HK', aggregateTlp: null };
    expect(feedable(r, dflt)).toBe(true);
    expect(feedable({ ...r, tlp: null }, dflt)).toBe(true);
    expect(feedable({ ...r, tlp: 'amber' }, { country: 'HK', aggregateTlp: 'amber' })).toBe(false);
    expect(feedable(r, { country: 'HK', aggregateTlp: 'none' })).toBe(false);
    expect(feedable(r, { country: 'HK', aggregateTlp: 'clear' })).toBe(false);
    expect(feedable({ ...r, distribution: 'organisation' }, dflt)).toBe(false);
    expect(feedable(r, undefined)).toBe(false);
  });

  it('turns index keys into detector keys of the observable’s own kind, warninglists as benign', () => {
    const base = { objectId: URL_ID, warninglists: [] };
    expect(
      clusterKeyOf({ ...base, objectType: 'url', key: { kind: 'url', value: 'http://a.net/x' } }),
    ).toEqual({ kind: 'url', value: 'http://a.net/x' });
    // A URL's host key does not cluster on its own (a shared host is not the same outbreak).
    expect(
      clusterKeyOf({ ...base, objectType: 'url', key: { kind: 'domain', value: 'net.a' } }),
    ).toBeUndefined();
    expect(
      clusterKeyOf({
        ...base,
        objectType: 'domain-name',
        key: { kind: 'domain', value: 'com.google' },
        warninglists: ['popular-domains'],
      }),
    ).toEqual({ kind: 'domain', value: 'google.com', benign: 'popular-domains' });
    expect(
      clusterKeyOf({ ...base, objectType: 'ipv4-addr', key: { kind: 'ipv4', value: 'c0000201' } }),
    ).toEqual({ kind: 'ipv4', value: '192.0.2.1' });
    expect(
      clusterKeyOf({ ...base, objectType: 'file', key: { kind: 'file-name', value: 'a.vbs' } }),
    ).toBeUndefined();
  });

  it('reads the warninglists an enrichment recorded', () => {
    const content = JSON.stringify({
      type: 'url',
      extensions: { [ENRICHMENT_EXTENSION_ID]: { warninglists: ['popular-domains'] } },
    });
    expect(warninglistsOf(content)).toEqual(['popular-domains']);
    expect(warninglistsOf('{"type":"url"}')).toEqual([]);
  });

  it('makes one detector report per root: owner, its country, the storing time, the keys', () => {
    const root = { row: row('report', {}, { tlp: 'green' }), refs: [FILE_ID, URL_ID] };
    const keys = new Map([
      [
        FILE_ID,
        [
          {
            objectId: FILE_ID,
            objectType: 'file',
            key: { kind: 'sha256' as const, value: 'ab'.repeat(32) },
            warninglists: [],
          },
        ],
      ],
    ]);
    expect(outbreakReportOf(root, { country: 'PH', aggregateTlp: null }, keys)).toEqual({
      report: {
        at: '2000-05-04T07:34:00.000000Z',
        organisationId: ORG,
        country: 'PH',
        keys: [{ kind: 'file-sha256', value: 'ab'.repeat(32) }],
      },
      root: { id: root.row.id, dateAdded: root.row.dateAdded, distribution: 'community' },
      sources: [{ key: { kind: 'file-sha256', value: 'ab'.repeat(32) }, objectId: FILE_ID }],
    });
    expect(
      outbreakReportOf(root, { country: 'PH', aggregateTlp: null }, new Map()),
    ).toBeUndefined();
  });
});
