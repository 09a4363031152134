import { describe, expect, it } from 'vitest';
import { TLP, TLP_1_0, TLP_2_0_EXTENSION_ID, tlpLevelOf, tlpLevelOfId } from './tlp.js';

describe('TLP marking definitions', () => {
  it('publishes the OASIS TLP 2.0 objects', () => {
    expect(TLP.AMBER_STRICT).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
      created: '2022-10-01T00:00:00.000Z',
      created_by_ref: 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01',
      name: 'TLP:AMBER+STRICT',
      extensions: {
        'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
          extension_type: 'property-extension',
          tlp_2_0: 'amber+strict',
        },
      },
    });
    expect(
      Object.values(TLP).map((m) => [m.name, m.extensions[TLP_2_0_EXTENSION_ID]?.tlp_2_0]),
    ).toEqual([
      ['TLP:CLEAR', 'clear'],
      ['TLP:GREEN', 'green'],
      ['TLP:AMBER', 'amber'],
      ['TLP:AMBER+STRICT', 'amber+strict'],
      ['TLP:RED', 'red'],
    ]);
    expect(Object.isFrozen(TLP.RED)).toBe(true);
  });

  it('publishes the TLP 1.0 objects of spec 7.2.1.4', () => {
    expect(TLP_1_0.WHITE).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: 'TLP:WHITE',
      definition: { tlp: 'white' },
    });
  });
});

describe('tlpLevelOf', () => {
  it('maps TLP 1.0 ids to TLP 2.0 levels', () => {
    expect(tlpLevelOfId(TLP_1_0.WHITE.id)).toBe('clear');
    expect(tlpLevelOfId(TLP_1_0.GREEN.id)).toBe('green');
    expect(tlpLevelOfId(TLP_1_0.AMBER.id)).toBe('amber');
    expect(tlpLevelOfId(TLP_1_0.RED.id)).toBe('red');
    expect(tlpLevelOfId('marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168')).toBeNull();
  });

  it('returns the strictest level', () => {
    expect(tlpLevelOf([])).toBeNull();
    expect(tlpLevelOf(['marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168'])).toBeNull();
    expect(tlpLevelOf([TLP.CLEAR.id])).toBe('clear');
    expect(tlpLevelOf([TLP.GREEN.id, TLP.CLEAR.id])).toBe('green');
    expect(tlpLevelOf([TLP.AMBER.id, TLP_1_0.GREEN.id])).toBe('amber');
    expect(tlpLevelOf([TLP.AMBER.id, TLP.AMBER_STRICT.id, TLP.GREEN.id])).toBe('amber+strict');
    expect(tlpLevelOf([TLP_1_0.RED.id, TLP.AMBER_STRICT.id])).toBe('red');
    expect(tlpLevelOf([TLP_1_0.WHITE.id, 'other'])).toBe('clear');
  });
});
