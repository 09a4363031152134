/**
 * Traffic Light Protocol markings.
 *
 * - TLP 2.0: the marking-definition objects published by OASIS (cti-stix-common-objects,
 *   extension `extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`) for FIRST TLP 2.0.
 * - TLP 1.0: the four predefined marking definitions of spec 7.2.1.4, which MUST be used as is;
 *   they map to TLP 2.0 levels (WHITE → CLEAR, the others keep their colour).
 */

/** TLP 2.0 levels, from least to most restrictive. */
export type TlpLevel = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

export const TLP_LEVELS: readonly TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** The extension definition that carries the TLP 2.0 level (`tlp_2_0`). */
export const TLP_2_0_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
/** The identity (The FIRST.org TLP SIG) that created the TLP 2.0 marking definitions. */
export const TLP_2_0_CREATED_BY_REF = 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01';

export interface Tlp2MarkingDefinition {
  readonly type: 'marking-definition';
  readonly spec_version: '2.1';
  readonly id: string;
  readonly created: '2022-10-01T00:00:00.000Z';
  readonly created_by_ref: typeof TLP_2_0_CREATED_BY_REF;
  readonly name: string;
  readonly extensions: Readonly<
    Record<string, { readonly extension_type: 'property-extension'; readonly tlp_2_0: TlpLevel }>
  >;
}

export interface Tlp1MarkingDefinition {
  readonly type: 'marking-definition';
  readonly spec_version: '2.1';
  readonly id: string;
  readonly created: '2017-01-20T00:00:00.000Z';
  readonly definition_type: 'tlp';
  readonly name: string;
  readonly definition: { readonly tlp: 'white' | 'green' | 'amber' | 'red' };
}

function tlp2(id: string, name: string, level: TlpLevel): Tlp2MarkingDefinition {
  return Object.freeze({
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2022-10-01T00:00:00.000Z',
    created_by_ref: TLP_2_0_CREATED_BY_REF,
    name,
    extensions: Object.freeze({
      [TLP_2_0_EXTENSION_ID]: Object.freeze({
        extension_type: 'property-extension',
        tlp_2_0: level,
      } as const),
    }),
  } as const);
}

function tlp1(id: string, tlp: Tlp1MarkingDefinition['definition']['tlp']): Tlp1MarkingDefinition {
  return Object.freeze({
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${tlp.toUpperCase()}`,
    definition: Object.freeze({ tlp }),
  } as const);
}

/** The official TLP 2.0 marking-definition objects. */
export const TLP = Object.freeze({
  CLEAR: tlp2('marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'TLP:CLEAR', 'clear'),
  GREEN: tlp2('marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'TLP:GREEN', 'green'),
  AMBER: tlp2('marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER', 'amber'),
  AMBER_STRICT: tlp2(
    'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
    'TLP:AMBER+STRICT',
    'amber+strict',
  ),
  RED: tlp2('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'TLP:RED', 'red'),
});

/** The TLP 1.0 marking definitions predefined by spec 7.2.1.4. */
export const TLP_1_0 = Object.freeze({
  WHITE: tlp1('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'white'),
  GREEN: tlp1('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'green'),
  AMBER: tlp1('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'amber'),
  RED: tlp1('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'red'),
});

/** TLP 1.0 definitions by id (used by the marking-definition rule). */
export const LEGACY_TLP_BY_ID: ReadonlyMap<string, Tlp1MarkingDefinition> = new Map(
  Object.values(TLP_1_0).map((m) => [m.id, m]),
);

const LEVEL_BY_ID: ReadonlyMap<string, TlpLevel> = new Map<string, TlpLevel>([
  ...Object.values(TLP).map((m): [string, TlpLevel] => [
    m.id,
    m.extensions[TLP_2_0_EXTENSION_ID]?.tlp_2_0 ?? 'red',
  ]),
  [TLP_1_0.WHITE.id, 'clear'],
  [TLP_1_0.GREEN.id, 'green'],
  [TLP_1_0.AMBER.id, 'amber'],
  [TLP_1_0.RED.id, 'red'],
]);

const RANK: Readonly<Record<TlpLevel, number>> = {
  clear: 0,
  green: 1,
  amber: 2,
  'amber+strict': 3,
  red: 4,
};

/** The TLP 2.0 level of one marking-definition id, or null when it is not a TLP marking. */
export function tlpLevelOfId(markingRef: string): TlpLevel | null {
  return LEVEL_BY_ID.get(markingRef) ?? null;
}

/**
 * The strictest TLP level among `markingRefs` (TLP 2.0 and TLP 1.0 ids; other markings are
 * ignored), ordered clear < green < amber < amber+strict < red; null when none is TLP.
 */
export function tlpLevelOf(markingRefs: readonly string[]): TlpLevel | null {
  let best: TlpLevel | null = null;
  for (const refId of markingRefs) {
    const level = LEVEL_BY_ID.get(refId);
    if (level !== undefined && (best === null || RANK[level] > RANK[best])) best = level;
  }
  return best;
}
