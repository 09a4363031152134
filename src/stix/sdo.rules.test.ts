import { describe, expect, it } from 'vitest';
import { validateStixObject } from './validate.js';

const T = '2016-04-06T20:03:00.000Z';
const LATER = '2016-05-06T20:03:00.000Z';
const UUID = '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const REF = `indicator--${UUID}`;
const FILE = `file--${UUID}`;
const SOFTWARE = `software--${UUID}`;

const sdo = (type: string, props: Record<string, unknown>): Record<string, unknown> => ({
  type,
  spec_version: '2.1',
  id: `${type}--${UUID}`,
  created: T,
  modified: T,
  ...props,
});

/** One valid instance of every SDO (spec 4.1–4.19) and SRO (spec 5). */
const VALID: Record<string, Record<string, unknown>> = {
  'attack-pattern': {
    name: 'Spear Phishing',
    kill_chain_phases: [{ kill_chain_name: 'lockheed', phase_name: 'delivery' }],
  },
  campaign: { name: 'Campaign', first_seen: T, last_seen: LATER, objective: 'money' },
  'course-of-action': { name: 'Add TCP port 80 filter rule' },
  grouping: { context: 'suspicious-activity', object_refs: [REF] },
  identity: { name: 'ACME', identity_class: 'organization', sectors: ['technology'], roles: ['x'] },
  incident: { name: 'Breach' },
  indicator: {
    pattern: "[ipv4-addr:value = '198.51.100.1']",
    pattern_type: 'stix',
    valid_from: T,
    valid_until: LATER,
    indicator_types: ['malicious-activity'],
  },
  infrastructure: { name: 'C2', infrastructure_types: ['command-and-control'], first_seen: T },
  'intrusion-set': { name: 'Bobcat', goals: ['x'], secondary_motivations: ['ideology'] },
  location: { region: 'northern-america', latitude: 48.8566, longitude: 2.3522, precision: 1000 },
  malware: {
    name: 'Cryptolocker',
    is_family: true,
    sample_refs: [FILE],
    operating_system_refs: [SOFTWARE],
  },
  'malware-analysis': {
    product: 'av',
    result: 'malicious',
    sample_ref: FILE,
    host_vm_ref: SOFTWARE,
  },
  note: { content: 'text', object_refs: [REF], authors: ['me'] },
  'observed-data': {
    first_observed: T,
    last_observed: LATER,
    number_observed: 1,
    object_refs: [`ipv4-addr--${UUID}`, `relationship--${UUID}`],
  },
  opinion: { opinion: 'strongly-agree', object_refs: [REF] },
  report: { name: 'Report', published: T, object_refs: [REF], report_types: ['campaign'] },
  'threat-actor': {
    name: 'Evil Org',
    threat_actor_types: ['crime-syndicate'],
    first_seen: T,
    last_seen: T,
  },
  tool: { name: 'VNC', tool_types: ['remote-access'] },
  vulnerability: {
    name: 'CVE-2016-1234',
    external_references: [{ source_name: 'cve', external_id: 'CVE-2016-1234' }],
  },
  relationship: {
    relationship_type: 'indicates',
    source_ref: REF,
    target_ref: `malware--${UUID}`,
    start_time: T,
    stop_time: LATER,
  },
  sighting: {
    sighting_of_ref: REF,
    count: 0,
    first_seen: T,
    last_seen: T,
    where_sighted_refs: [`identity--${UUID}`],
  },
};

const REQUIRED: Record<string, string[]> = {
  'attack-pattern': ['name'],
  campaign: ['name'],
  'course-of-action': ['name'],
  grouping: ['context', 'object_refs'],
  identity: ['name'],
  incident: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  infrastructure: ['name'],
  'intrusion-set': ['name'],
  malware: ['is_family'],
  'malware-analysis': ['product'],
  note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'],
  opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  'threat-actor': ['name'],
  tool: ['name'],
  vulnerability: ['name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref'],
};

const codes = (value: unknown) => validateStixObject(value).map((i) => [i.path, i.code]);

describe('SDOs and SROs: valid instances', () => {
  it.each(Object.entries(VALID))('accepts %s', (type, props) => {
    expect(validateStixObject(sdo(type, props))).toEqual([]);
  });
});

describe('SDOs and SROs: required properties', () => {
  const cases = Object.entries(REQUIRED).flatMap(([type, keys]) =>
    keys.map((key) => [type, key] as const),
  );
  it.each(cases)('%s requires %s', (type, key) => {
    const obj = sdo(type, VALID[type] ?? {});
    delete obj[key];
    expect(codes(obj)).toContainEqual([`/${key}`, 'required']);
  });
});

describe('SDOs and SROs: value rules', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['campaign', { last_seen: '2016-01-01T00:00:00.000Z' }, '/last_seen', 'timestamp'],
    [
      'attack-pattern',
      { kill_chain_phases: [{ kill_chain_name: 'x' }] },
      '/kill_chain_phases/0/phase_name',
      'required',
    ],
    ['attack-pattern', { aliases: 'x' }, '/aliases', 'type'],
    ['grouping', { object_refs: [] }, '/object_refs', 'value'],
    ['grouping', { object_refs: ['bad'] }, '/object_refs/0', 'id'],
    ['indicator', { valid_until: T }, '/valid_until', 'timestamp'],
    ['indicator', { valid_from: 'x' }, '/valid_from', 'timestamp'],
    ['indicator', { pattern: "[ipv4-addr:value = '1.2.3.4'" }, '/pattern', 'pattern'],
    ['indicator', { pattern: 5 }, '/pattern', 'type'],
    [
      'infrastructure',
      { last_seen: '2015-01-01T00:00:00Z', first_seen: T },
      '/last_seen',
      'timestamp',
    ],
    ['location', { latitude: 91 }, '/latitude', 'value'],
    ['location', { longitude: -181 }, '/longitude', 'value'],
    ['location', { longitude: undefined }, '/longitude', 'required'],
    ['malware', { is_family: 'yes' }, '/is_family', 'type'],
    ['malware', { name: undefined }, '/name', 'required'],
    ['malware', { sample_refs: [REF] }, '/sample_refs/0', 'reference'],
    ['malware-analysis', { result: undefined }, '', 'required'],
    ['malware-analysis', { sample_ref: REF }, '/sample_ref', 'reference'],
    ['observed-data', { number_observed: 0 }, '/number_observed', 'value'],
    ['observed-data', { number_observed: 1_000_000_000 }, '/number_observed', 'value'],
    ['observed-data', { number_observed: 1.5 }, '/number_observed', 'type'],
    ['observed-data', { last_observed: '2016-01-01T00:00:00Z' }, '/last_observed', 'timestamp'],
    ['observed-data', { object_refs: undefined }, '', 'required'],
    [
      'observed-data',
      { objects: { '0': { type: 'ipv4-addr', value: '1.2.3.4' } } },
      '',
      'required',
    ],
    ['observed-data', { object_refs: [REF] }, '/object_refs/0', 'reference'],
    ['opinion', { opinion: 'maybe' }, '/opinion', 'value'],
    ['report', { published: '2016' }, '/published', 'timestamp'],
    ['relationship', { source_ref: 'x' }, '/source_ref', 'id'],
    ['relationship', { stop_time: T }, '/stop_time', 'timestamp'],
    ['relationship', { relationship_type: 'Indicates' }, '/relationship_type', 'format'],
    ['relationship', { target_ref: `marking-definition--${UUID}` }, '/target_ref', 'reference'],
    ['sighting', { count: -1 }, '/count', 'value'],
    ['sighting', { sighting_of_ref: `ipv4-addr--${UUID}` }, '/sighting_of_ref', 'reference'],
    ['sighting', { sighting_of_ref: `relationship--${UUID}` }, '/sighting_of_ref', 'reference'],
    ['sighting', { count: 1_000_000_000 }, '/count', 'value'],
    ['sighting', { last_seen: '2016-01-01T00:00:00Z' }, '/last_seen', 'timestamp'],
    ['sighting', { observed_data_refs: [REF] }, '/observed_data_refs/0', 'reference'],
    ['sighting', { where_sighted_refs: [REF] }, '/where_sighted_refs/0', 'reference'],
    ['sighting', { summary: 'no' }, '/summary', 'type'],
  ])('%s %j → %s %s', (type, change, path, code) => {
    const obj = { ...sdo(type, VALID[type] ?? {}), ...change };
    for (const key of Object.keys(change)) if (change[key] === undefined) delete obj[key];
    expect(codes(obj)).toContainEqual([path, code]);
  });

  it('accepts non-STIX pattern languages without parsing them', () => {
    const indicator = sdo('indicator', {
      ...VALID.indicator,
      pattern_type: 'sigma',
      pattern: 'title: x',
    });
    expect(validateStixObject(indicator)).toEqual([]);
  });

  it('requires region, country or coordinates for locations', () => {
    expect(codes(sdo('location', { name: 'Somewhere' }))).toEqual([['', 'required']]);
    expect(validateStixObject(sdo('location', { country: 'fr' }))).toEqual([]);
    expect(codes(sdo('location', { country: 'fr', precision: 5 }))).toEqual([
      ['/precision', 'value'],
    ]);
  });

  it('accepts the deprecated observed-data objects dictionary', () => {
    const od = sdo('observed-data', {
      first_observed: T,
      last_observed: T,
      number_observed: 2,
      objects: { '0': { type: 'ipv4-addr', value: '1.2.3.4' } },
    });
    expect(validateStixObject(od)).toEqual([]);
    expect(codes({ ...od, objects: { '0': { value: 'x' } } })).toEqual([
      ['/objects/0/type', 'required'],
    ]);
  });
});
