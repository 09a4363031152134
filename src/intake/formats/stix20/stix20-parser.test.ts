import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  declaredExtensionTypes,
  TLP_1_0,
  validateStixObject,
  type StixObject,
} from '../../../stix/index.js';
import { IntakeFormatError, type IntakeItem, type IntakeObjects } from '../../intake-item.js';
import { collect, testContext } from '../format-testkit.js';
import {
  createStix20Parser,
  detect,
  name,
  parseStix20,
  repairStix21,
  toMilliseconds,
} from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const samplesDir = path.resolve(repoRoot, '../shared/reference/samples/stix');

type Json = Record<string, unknown>;
const objectsOf = (items: IntakeItem[]): StixObject[] =>
  items.flatMap((i) => (i.kind === 'objects' ? i.objects : []));

const IDENTITY = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';
/** A STIX 2.0 bundle written for these tests, in the style of the 2.0 specification examples. */
const BUNDLE_20 = {
  type: 'bundle',
  id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
  spec_version: '2.0',
  objects: [
    {
      type: 'marking-definition',
      id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      definition: { tlp: 'green' },
    },
    {
      type: 'identity',
      id: IDENTITY,
      created: '2017-04-14T13:07:49Z',
      modified: '2017-04-14T13:07:49Z',
      name: 'Example CERT',
      identity_class: 'organization',
    },
    {
      type: 'indicator',
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created_by_ref: IDENTITY,
      created: '2017-04-14T13:07:49.81Z',
      modified: '2017-04-14T13:07:49.812345Z',
      labels: ['malicious-activity'],
      name: 'Bad IP',
      pattern: "[ipv4-addr:value = '198.51.100.1']",
      valid_from: '2017-04-14T13:07:49Z',
      object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
    },
    {
      type: 'malware',
      id: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
      created: '2017-04-14T13:07:49Z',
      modified: '2017-04-14T13:07:49Z',
      name: 'Poison Ivy',
      labels: ['remote-access-trojan'],
    },
    {
      type: 'tool',
      id: 'tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2017-04-14T13:07:49Z',
      modified: '2017-04-14T13:07:49Z',
      name: 'VNC',
      labels: ['remote-access'],
    },
    {
      type: 'threat-actor',
      id: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2017-04-14T13:07:49Z',
      modified: '2017-04-14T13:07:49Z',
      name: 'Evil Org',
      labels: ['crime-syndicate'],
    },
    {
      type: 'observed-data',
      id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
      created: '2017-04-14T13:07:49Z',
      modified: '2017-04-14T13:07:49Z',
      first_observed: '2017-04-14T13:00:00Z',
      last_observed: '2017-04-14T13:05:00Z',
      number_observed: 3,
      objects: {
        '0': { type: 'ipv4-addr', value: '198.51.100.1' },
        '1': { type: 'ipv4-addr', value: '203.0.113.9' },
        '2': {
          type: 'network-traffic',
          src_ref: '1',
          dst_ref: '0',
          dst_port: 443,
          protocols: ['tcp'],
        },
        '3': {
          type: 'file',
          name: 'dropper.exe',
          hashes: { MD5: 'd41d8cd98f00b204e9800998ecf8427e' },
          created: '2017-04-14T12:00:00Z',
        },
      },
    },
    {
      type: 'sighting',
      id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75',
      created: '2017-04-14T13:07:49Z',
      modified: '2017-04-14T13:07:49Z',
      sighting_of_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      observed_data_refs: ['observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf'],
      where_sighted_refs: [IDENTITY],
    },
    {
      type: 'report',
      id: 'report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3',
      created: '2017-04-14T13:07:49Z',
      modified: '2017-04-14T13:07:49Z',
      name: 'Weekly summary',
      published: '2017-04-14T13:07:49Z',
      labels: ['threat-report'],
      object_refs: ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
    },
    {
      type: 'observed-data',
      id: 'observed-data--c67d30ff-02ac-498a-92f9-32f845f448cf',
      created: '2017-04-14T13:07:49Z',
      modified: '2017-04-14T13:07:49Z',
      first_observed: '2017-04-14T13:00:00Z',
      last_observed: '2017-04-14T13:05:00Z',
      number_observed: 1,
      objects: { '0': { type: 'network-traffic', dst_ref: '7', protocols: ['tcp'] } },
    },
  ],
};

const byRecord = (items: IntakeItem[], record: number): readonly StixObject[] =>
  (items.find((i) => i.record === record) as IntakeObjects).objects;

describe('STIX 2.0 → 2.1 upgrade: own fixture', () => {
  it('names itself and detects 2.0 bundles only', () => {
    expect(name).toBe('stix20');
    expect(detect(JSON.stringify(BUNDLE_20))).toBe(true);
    const { spec_version: _, ...noBundleVersion } = BUNDLE_20;
    expect(detect(JSON.stringify(noBundleVersion))).toBe(true);
    expect(
      detect(
        '{"type":"bundle","id":"bundle--1","objects":[{"type":"identity","spec_version":"2.1"}]}',
      ),
    ).toBe(false);
    expect(detect('{"Event":{"info":"x"}}')).toBe(false);
    expect(detect('<xml/>')).toBe(false);
  });

  it('upgrades every object to a valid STIX 2.1 object', async () => {
    const items = await collect(parseStix20, JSON.stringify(BUNDLE_20), testContext(), 11);
    expect(items.map((i) => i.record)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(items.filter((i) => i.kind === 'error')).toEqual([
      {
        kind: 'error',
        record: 10,
        reason:
          'observed-data--c67d30ff-02ac-498a-92f9-32f845f448cf: observed-data objects: a reference names "7", which is not in the dictionary',
      },
    ]);
    expect(byRecord(items, 1)[0]).toEqual(TLP_1_0.GREEN);
    for (const object of objectsOf(items)) {
      expect(object.spec_version).toBe('2.1');
      expect(validateStixObject(object), object.id).toEqual([]);
    }
    expect(byRecord(items, 2)[0]).toMatchObject({
      created: '2017-04-14T13:07:49.000Z',
      modified: '2017-04-14T13:07:49.000Z',
    });
    const indicator = byRecord(items, 3)[0]!;
    expect(indicator).toMatchObject({
      created: '2017-04-14T13:07:49.810Z',
      modified: '2017-04-14T13:07:49.812345Z',
      valid_from: '2017-04-14T13:07:49.000Z',
      indicator_types: ['malicious-activity'],
      pattern_type: 'stix',
      object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
    });
    expect(indicator.labels).toBeUndefined();
    expect(byRecord(items, 4)[0]).toMatchObject({
      malware_types: ['remote-access-trojan'],
      is_family: true,
    });
    expect(byRecord(items, 5)[0]).toMatchObject({ tool_types: ['remote-access'] });
    expect(byRecord(items, 6)[0]).toMatchObject({ threat_actor_types: ['crime-syndicate'] });
    expect(byRecord(items, 9)[0]).toMatchObject({ report_types: ['threat-report'] });

    const observed = byRecord(items, 7);
    expect(observed.map((o) => o.type)).toEqual([
      'ipv4-addr',
      'ipv4-addr',
      'network-traffic',
      'file',
      'observed-data',
    ]);
    const [dst, src, traffic, file, data] = observed as [
      StixObject,
      StixObject,
      StixObject,
      StixObject,
      StixObject,
    ];
    expect(traffic).toMatchObject({ src_ref: src.id, dst_ref: dst.id, dst_port: 443 });
    expect(file).toMatchObject({ ctime: '2017-04-14T12:00:00Z' });
    expect(file.created).toBeUndefined();
    expect(data.objects).toBeUndefined();
    expect(data.object_refs).toEqual([dst.id, src.id, traffic.id, file.id]);
    // Deterministic ids: the same address has the same id whatever bundle it came from.
    const again = await collect(
      parseStix20,
      JSON.stringify(BUNDLE_20),
      testContext({ uuid: () => 'ffffffff-ffff-4fff-8fff-ffffffffffff' }),
    );
    expect(
      byRecord(again, 7)
        .map((o) => o.id)
        .slice(0, 4),
    ).toEqual(observed.map((o) => o.id).slice(0, 4));
  });

  it('passes 2.1 objects through, repairing and reporting known deviations', async () => {
    const component = {
      type: 'x-mitre-data-component',
      spec_version: '2.1',
      id: 'x-mitre-data-component--2b3bfe19-d59a-460d-93bb-2f546adc2d2c',
      created: '2021-10-20T15:05:19.274Z',
      modified: '2021-10-20T15:05:19.274Z',
      name: 'Process Creation',
      x_mitre_data_source_ref: '',
      x_example_refs: ['', 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff'],
    };
    expect(validateStixObject(component)).not.toEqual([]);
    const warnings: string[] = [];
    const parser = createStix20Parser({
      onWarning: (record, message) => warnings.push(`${record} ${message}`),
    });
    const bundle = {
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [component, { ...component, spec_version: '3.0' }],
    };
    const items = await collect(parser, JSON.stringify(bundle));
    expect(items[0]).toEqual({
      kind: 'objects',
      record: 1,
      objects: [
        {
          ...component,
          x_mitre_data_source_ref: undefined,
          x_example_refs: ['identity--f431f809-377b-45e0-aa1c-6a4751cae5ff'],
        },
      ].map((o) => {
        const { x_mitre_data_source_ref: _, ...rest } = o;
        return rest;
      }),
    });
    expect(warnings).toEqual([
      '1 x-mitre-data-component--2b3bfe19-d59a-460d-93bb-2f546adc2d2c: dropped the empty custom reference "x_mitre_data_source_ref"',
      '1 x-mitre-data-component--2b3bfe19-d59a-460d-93bb-2f546adc2d2c: dropped 1 empty value(s) from the custom reference list "x_example_refs"',
    ]);
    expect(items[1]).toMatchObject({
      kind: 'error',
      record: 2,
      reason: expect.stringContaining('unsupported spec_version "3.0"'),
    });
    expect(repairStix21(component as StixObject).object).not.toBe(component);
    expect(component.x_mitre_data_source_ref).toBe('');
  });

  it('reports an object still invalid after upgrade, and refuses what is not a bundle', async () => {
    const broken = {
      ...BUNDLE_20,
      objects: [
        {
          type: 'indicator',
          id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
          created: '2017-04-14T13:07:49Z',
          modified: '2017-04-14T13:07:49Z',
          labels: ['x'],
          pattern: '[ipv4-addr:value = ',
          valid_from: '2017-04-14T13:07:49Z',
        },
      ],
    };
    const items = await collect(parseStix20, JSON.stringify(broken));
    expect(items).toMatchObject([
      {
        kind: 'error',
        record: 1,
        reason: expect.stringMatching(
          /^indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f \/pattern: /,
        ),
      },
    ]);
    await expect(collect(parseStix20, '{"Event": {}}')).rejects.toBeInstanceOf(IntakeFormatError);
    await expect(
      collect(parseStix20, '{"type":"bundle","id":"bundle--1","objects":[{"type":"x"'),
    ).rejects.toThrow(/line 1/);
  });

  it('pads timestamps to milliseconds and keeps finer precision', () => {
    expect(toMilliseconds('2017-04-14T13:07:49Z')).toBe('2017-04-14T13:07:49.000Z');
    expect(toMilliseconds('2017-04-14T13:07:49.5Z')).toBe('2017-04-14T13:07:49.500Z');
    expect(toMilliseconds('2017-04-14T13:07:49.123456Z')).toBe('2017-04-14T13:07:49.123456Z');
    expect(toMilliseconds(12)).toBe(12);
  });
});

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJson(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

const hasSamples = existsSync(samplesDir);
describe.skipIf(!hasSamples)(
  'real-world STIX 2.1 bundles in ../shared/reference/samples/stix',
  () => {
    const files = hasSamples ? listJson(samplesDir) : [];
    it('finds the sample bundles', () => expect(files.length).toBeGreaterThanOrEqual(3));

    it('every object of every bundle passes validation after repairStix21', () => {
      let repaired = 0;
      for (const file of files) {
        const objects = (JSON.parse(readFileSync(file, 'utf8')) as { objects: StixObject[] })
          .objects;
        const extensionTypes = declaredExtensionTypes(objects);
        for (const object of objects) {
          const result = repairStix21(object);
          repaired += result.warnings.length;
          expect(
            validateStixObject(result.object, { extensionTypes }),
            `${file} ${object.id}`,
          ).toEqual([]);
        }
      }
      // The five ATT&CK for ICS data components with an empty x_mitre_data_source_ref.
      expect(repaired).toBe(5);
    });

    for (const file of files) {
      it(`${path.relative(samplesDir, file)} imports completely through the parser`, async () => {
        const text = readFileSync(file, 'utf8');
        const raw = (JSON.parse(text) as { objects: Json[] }).objects;
        const items = await collect(parseStix20, text, testContext(), 65536);
        expect(items.filter((i) => i.kind === 'error')).toEqual([]);
        const objects = objectsOf(items);
        expect(objects.map((o) => o.id)).toEqual(raw.map((o) => o.id));
      });
    }
  },
);
