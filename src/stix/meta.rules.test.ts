import { describe, expect, it } from 'vitest';
import { validateStixObject } from './validate.js';
import { TLP, TLP_1_0 } from './tlp.js';

const T = '2016-04-06T20:03:00.000Z';

const without = (obj: Record<string, unknown>, key: string): Record<string, unknown> => {
  const copy = { ...obj };
  delete copy[key];
  return copy;
};

const codes = (value: unknown) => validateStixObject(value).map((i) => [i.path, i.code]);

describe('marking-definition (spec 7.2)', () => {
  it.each([...Object.values(TLP), ...Object.values(TLP_1_0)])('accepts $name', (marking) => {
    expect(validateStixObject(marking)).toEqual([]);
  });

  const statement = {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168',
    created: '2017-06-01T00:00:00.000Z',
    definition_type: 'statement',
    definition: { statement: 'Copyright 2017' },
  };

  it('accepts statements and requires their parts', () => {
    expect(validateStixObject(statement)).toEqual([]);
    expect(codes(without(statement, 'definition'))).toEqual([['/definition', 'required']]);
    expect(codes(without(statement, 'definition_type'))).toContainEqual([
      '/definition_type',
      'required',
    ]);
    expect(codes({ ...statement, definition: { text: 'x' } })).toEqual([
      ['/definition/statement', 'required'],
    ]);
    expect(codes(without(statement, 'created'))).toEqual([['/created', 'required']]);
  });

  it('only accepts the predefined TLP 1.0 objects', () => {
    expect(codes({ ...statement, definition_type: 'tlp', definition: { tlp: 'green' } })).toEqual([
      ['/id', 'value'],
    ]);
    expect(codes({ ...TLP_1_0.RED, definition: { tlp: 'green' } })).toEqual([
      ['/definition/tlp', 'value'],
    ]);
    expect(codes({ ...TLP_1_0.RED, definition: { tlp: 'purple' } })).toContainEqual([
      '/definition/tlp',
      'value',
    ]);
    expect(codes({ ...TLP_1_0.RED, created: '2018-01-20T00:00:00.000Z' })).toEqual([
      ['/created', 'value'],
    ]);
    expect(codes({ ...TLP_1_0.RED, name: 'TLP:ROUGE' })).toEqual([['/name', 'value']]);
  });

  it('requires extension-definition keys in extensions', () => {
    expect(codes({ ...TLP.RED, extensions: { 'tlp-ext': { level: 'red' } } })).toContainEqual([
      '/extensions/tlp-ext',
      'format',
    ]);
  });
});

describe('language-content (spec 7.1)', () => {
  const lc = {
    type: 'language-content',
    spec_version: '2.1',
    id: 'language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d',
    created: T,
    modified: T,
    object_ref: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    object_modified: T,
    contents: { de: { name: 'Bank Angriff 1' }, fr: { name: 'Attaque Bank 1' } },
  };

  it('accepts translations and checks its properties', () => {
    expect(validateStixObject(lc)).toEqual([]);
    expect(codes(without(lc, 'contents'))).toEqual([['/contents', 'required']]);
    expect(codes(without(lc, 'object_ref'))).toEqual([['/object_ref', 'required']]);
    expect(codes({ ...lc, object_ref: lc.id })).toEqual([['/object_ref', 'reference']]);
    expect(codes({ ...lc, object_modified: 'x' })).toEqual([['/object_modified', 'timestamp']]);
    expect(codes({ ...lc, contents: { de: 'x' } })).toEqual([['/contents/de', 'type']]);
  });
});
