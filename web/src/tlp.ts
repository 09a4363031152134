import type { TlpLevel } from './api/types.js';

/**
 * TLP 2.0 (FIRST) levels with the OASIS marking-definition ids used to filter by marking.
 * The labels are the standard's own codes and are not translated.
 */
export const TLP_MARKINGS: readonly { level: TlpLevel; label: string; id: string }[] = [
  {
    level: 'clear',
    label: 'TLP:CLEAR',
    id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  },
  {
    level: 'green',
    label: 'TLP:GREEN',
    id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  },
  {
    level: 'amber',
    label: 'TLP:AMBER',
    id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  },
  {
    level: 'amber+strict',
    label: 'TLP:AMBER+STRICT',
    id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  },
  {
    level: 'red',
    label: 'TLP:RED',
    id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
  },
];

/** TLP 1.0 marking definitions (STIX 2.1 §7.2.1.4), shown with their TLP 2.0 equivalent. */
const TLP1_IDS: Readonly<Record<string, TlpLevel>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

export function tlpOfMarking(id: string): TlpLevel | null {
  return TLP_MARKINGS.find((m) => m.id === id)?.level ?? TLP1_IDS[id] ?? null;
}

export function tlpLabel(level: TlpLevel): string {
  return TLP_MARKINGS.find((m) => m.level === level)?.label ?? level;
}
