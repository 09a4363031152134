import { describe, expect, it } from 'vitest';
import { declaredExtensionTypes, validateStixObject } from './validate.js';
import { TLP } from './tlp.js';

const T = '2016-04-06T20:03:00.000Z';
const IDENTITY = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';
const EXT_DEF = 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e';

const campaign = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'campaign',
  spec_version: '2.1',
  id: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: T,
  modified: T,
  name: 'Green Group Attacks Against Finance',
  ...extra,
});

const without = (obj: Record<string, unknown>, key: string): Record<string, unknown> => {
  const copy = { ...obj };
  delete copy[key];
  return copy;
};

/** `[path, code]` pairs of the issues, for compact assertions. */
const codes = (value: unknown, ctx?: Parameters<typeof validateStixObject>[1]) =>
  validateStixObject(value, ctx).map((i) => [i.path, i.code]);

describe('validateStixObject: totality', () => {
  it.each([null, undefined, 42, 'campaign', true, [], [campaign()]])(
    'rejects %j as not an object',
    (v) => {
      expect(codes(v)).toEqual([['', 'type']]);
    },
  );

  it('never throws on hostile objects', () => {
    const cyclic: Record<string, unknown> = campaign();
    cyclic.x_self = cyclic;
    expect(codes(cyclic).some(([, c]) => c === 'value')).toBe(true);
    const wide: Record<string, unknown> = campaign();
    wide.x_a = wide;
    wide.x_b = wide;
    expect(codes(wide).some(([, c]) => c === 'value')).toBe(true);
    let shared: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i++) shared = { l: shared, r: shared };
    expect(codes(campaign({ x_dag: shared }))).toEqual([['', 'value']]);
    const getter = campaign();
    Object.defineProperty(getter, 'x_boom', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(codes(getter)).toEqual([['', 'value']]);
  });

  it('accepts a minimal valid SDO', () => {
    expect(validateStixObject(campaign())).toEqual([]);
  });
});

describe('common properties (spec 3.2)', () => {
  it.each(['type', 'spec_version', 'id', 'created', 'modified'])('requires %s', (key) => {
    expect(codes(without(campaign(), key))).toContainEqual([`/${key}`, 'required']);
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ spec_version: '2.0' }, '/spec_version', 'value'],
    [{ spec_version: 2.1 }, '/spec_version', 'type'],
    [{ id: 'campaign--not-a-uuid' }, '/id', 'id'],
    [{ id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, '/id', 'id'],
    [{ id: 'campaign--8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f' }, '/id', 'id'],
    [{ created: '2016-04-06T20:03:00Z' }, '/created', 'timestamp'],
    [{ created: '2016-02-30T20:03:00.000Z' }, '/created', 'timestamp'],
    [{ modified: '2016-04-06 20:03:00.000Z' }, '/modified', 'timestamp'],
    [{ modified: '2016-04-05T20:03:00.000Z' }, '/modified', 'timestamp'],
    [
      { created_by_ref: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' },
      '/created_by_ref',
      'reference',
    ],
    [{ created_by_ref: 'identity--123' }, '/created_by_ref', 'id'],
    [{ revoked: 'false' }, '/revoked', 'type'],
    [{ labels: 'a' }, '/labels', 'type'],
    [{ labels: [] }, '/labels', 'value'],
    [{ labels: ['a', 3] }, '/labels/1', 'type'],
    [{ confidence: 101 }, '/confidence', 'value'],
    [{ confidence: -1 }, '/confidence', 'value'],
    [{ confidence: 50.5 }, '/confidence', 'type'],
    [{ lang: 5 }, '/lang', 'type'],
    [
      { external_references: [{ url: 'https://x' }] },
      '/external_references/0/source_name',
      'required',
    ],
    [{ external_references: [{ source_name: 'x' }] }, '/external_references/0', 'required'],
    [
      { external_references: [{ source_name: 'cve', external_id: 'CVE-16-1' }] },
      '/external_references/0/external_id',
      'format',
    ],
    [
      { external_references: [{ source_name: 'capec', external_id: 'X-1' }] },
      '/external_references/0/external_id',
      'format',
    ],
    [
      { external_references: [{ source_name: 'x', url: 'u', hashes: { MD5: 'zz' } }] },
      '/external_references/0/hashes/MD5',
      'format',
    ],
    [{ external_references: {} }, '/external_references', 'type'],
    [{ object_marking_refs: [IDENTITY] }, '/object_marking_refs/0', 'reference'],
    [{ object_marking_refs: ['marking-definition--1'] }, '/object_marking_refs/0', 'id'],
    [{ granular_markings: [{ selectors: ['name'] }] }, '/granular_markings/0', 'required'],
    [
      { granular_markings: [{ selectors: ['name'], marking_ref: TLP.RED.id, lang: 'en' }] },
      '/granular_markings/0',
      'required',
    ],
    [
      { granular_markings: [{ selectors: ['Name!'], marking_ref: TLP.RED.id }] },
      '/granular_markings/0/selectors/0',
      'format',
    ],
    [
      { granular_markings: [{ marking_ref: TLP.RED.id }] },
      '/granular_markings/0/selectors',
      'required',
    ],
    [{ extensions: {} }, '/extensions', 'value'],
    [
      { extensions: { [EXT_DEF]: { rank: 5 } } },
      `/extensions/${EXT_DEF}/extension_type`,
      'required',
    ],
    [
      { extensions: { [EXT_DEF]: { extension_type: 'other' } } },
      `/extensions/${EXT_DEF}/extension_type`,
      'value',
    ],
    [{ extensions: { 'my-ext': {} } }, '/extensions/my-ext', 'value'],
    [{ extensions: { whatever: { a: 1 } } }, '/extensions/whatever', 'format'],
    [{ Name: 'x' }, '/Name', 'format'],
    [{ xy: 'x' }, '/xy', 'format'],
    [{ 'x-dash': 'x' }, '/x-dash', 'format'],
    [{ severity: 'high' }, '/severity', 'value'],
    [{ x_owner_ref: 'nope' }, '/x_owner_ref', 'id'],
    [{ x_related_refs: ['nope'] }, '/x_related_refs/0', 'id'],
  ])('flags %j', (extra, path, code) => {
    expect(codes(campaign(extra))).toContainEqual([path, code]);
  });

  it.each<Record<string, unknown>>([
    { created: '2016-04-06T20:03:00.000001Z', modified: '2016-04-06T20:03:00.000001Z' },
    { modified: '2020-01-01T00:00:00.000Z' },
    { created_by_ref: IDENTITY, revoked: true, labels: ['x'], confidence: 0, lang: 'en' },
    {
      external_references: [
        { source_name: 'cve', external_id: 'CVE-2016-1234' },
        { source_name: 'x', description: 'd' },
      ],
    },
    {
      object_marking_refs: [TLP.GREEN.id],
      granular_markings: [{ selectors: ['name', 'external_references.[0].url'], lang: 'en' }],
    },
    { extensions: { [EXT_DEF]: { extension_type: 'property-extension', rank: 5 } } },
    { x_acme_score: 5, custom_prop: 'ok', x_owner_ref: IDENTITY, x_any_refs: [IDENTITY] },
  ])('accepts %j', (extra) => {
    expect(validateStixObject(campaign(extra))).toEqual([]);
  });

  it('escapes JSON pointer segments', () => {
    expect(codes(campaign({ 'a/b~c': 1 }))).toEqual([['/a~1b~0c', 'format']]);
  });
});

describe('forbidden keys', () => {
  it.each([
    [JSON.parse('{"__proto__": {"polluted": true}}'), '/__proto__'],
    [{ x_nested: { constructor: 1 } }, '/x_nested/constructor'],
    [
      { external_references: [{ source_name: 'x', url: 'u', prototype: {} }] },
      '/external_references/0/prototype',
    ],
  ])('reports %j', (extra, path) => {
    expect(codes({ ...campaign(), ...extra })).toContainEqual([path, 'forbidden-key']);
  });
});

describe('object types', () => {
  it('rejects unknown types and bad type names', () => {
    expect(
      codes({ ...campaign(), type: 'widget', id: 'widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }),
    ).toEqual([['/type', 'unknown-type']]);
    expect(codes({ ...campaign(), type: 'Campaign' })).toEqual([['/type', 'format']]);
    expect(codes({ ...campaign(), type: 7 })).toEqual([['/type', 'format']]);
  });

  it('accepts x- custom objects with common property rules only', () => {
    const custom = {
      ...campaign(),
      type: 'x-acme-widget',
      id: 'x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    };
    expect(validateStixObject(custom)).toEqual([]);
    expect(codes({ ...custom, created: 'yesterday' })).toContainEqual(['/created', 'timestamp']);
    expect(codes({ ...custom, id: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' })).toEqual([
      ['/id', 'id'],
    ]);
  });

  it('accepts objects that declare a new type through an extension (spec 7.3)', () => {
    const newSdo = {
      ...without(campaign(), 'name'),
      type: 'incident-report',
      id: 'incident-report--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      extensions: { [EXT_DEF]: { extension_type: 'new-sdo' } },
    };
    expect(validateStixObject(newSdo)).toEqual([]);
    expect(codes(without(newSdo, 'created'))).toEqual([['/created', 'required']]);
    const newSco = {
      type: 'cell-tower',
      id: 'cell-tower--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      extensions: { [EXT_DEF]: { extension_type: 'new-sco' } },
    };
    expect(validateStixObject(newSco)).toEqual([]);
    expect(
      codes({ ...newSco, extensions: { [EXT_DEF]: { extension_type: 'property-extension' } } }),
    ).toEqual([['/type', 'unknown-type']]);
  });

  it('accepts types listed in the context', () => {
    const obj = { type: 'cell-tower', id: 'cell-tower--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' };
    expect(codes(obj)).toEqual([['/type', 'unknown-type']]);
    expect(validateStixObject(obj, { extensionTypes: new Set(['cell-tower']) })).toEqual([]);
  });
});

describe('declaredExtensionTypes (spec 7.3)', () => {
  const definition = {
    type: 'extension-definition',
    spec_version: '2.1',
    id: EXT_DEF,
    created_by_ref: IDENTITY,
    created: T,
    modified: T,
    name: 'Cell tower',
    schema: 'https://example.com/cell-tower.json',
    version: '1.0.0',
    extension_types: ['new-sco'],
  };
  const tower = {
    type: 'cell-tower',
    id: 'cell-tower--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    extensions: { [EXT_DEF]: { extension_type: 'new-sco' } },
  };

  it('collects types whose extension definition is present and allows the extension type', () => {
    expect([...declaredExtensionTypes([definition, tower, null, 5])]).toEqual(['cell-tower']);
    expect(declaredExtensionTypes([tower]).size).toBe(0);
    expect(
      declaredExtensionTypes([{ ...definition, extension_types: ['new-sdo'] }, tower]).size,
    ).toBe(0);
  });

  it('validates the extension definition itself', () => {
    expect(validateStixObject(definition)).toEqual([]);
    expect(codes(without(definition, 'schema'))).toEqual([['/schema', 'required']]);
    expect(codes(without(definition, 'created_by_ref'))).toEqual([['/created_by_ref', 'required']]);
    expect(codes({ ...definition, extension_types: ['new-thing'] })).toEqual([
      ['/extension_types/0', 'value'],
    ]);
    expect(codes({ ...definition, extension_properties: ['x_a'] })).toEqual([
      ['/extension_properties', 'value'],
    ]);
    expect(
      validateStixObject({
        ...definition,
        extension_types: ['toplevel-property-extension'],
        extension_properties: ['x_a'],
      }),
    ).toEqual([]);
  });
});
