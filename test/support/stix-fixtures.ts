import { randomUUID } from 'node:crypto';

/** The project's own small STIX 2.1 fixtures, built fresh for each test. */
export const TLP_IDS = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  amberStrict: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
} as const;

export type Obj = Record<string, unknown> & { type: string; id: string };

export function indicator(overrides: Record<string, unknown> = {}): Obj {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2026-01-10T10:00:00.000Z',
    modified: '2026-01-10T10:00:00.000Z',
    name: 'C2 server of the test campaign',
    description: 'Beacons every 60 seconds',
    indicator_types: ['malicious-activity'],
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: '2026-01-10T10:00:00Z',
    ...overrides,
  };
}

export function malware(overrides: Record<string, unknown> = {}): Obj {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: `malware--${randomUUID()}`,
    created: '2026-01-09T08:00:00.000Z',
    modified: '2026-01-09T08:00:00.000Z',
    name: 'Testbot',
    is_family: true,
    ...overrides,
  };
}

export function identity(overrides: Record<string, unknown> = {}): Obj {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: 'Example ISP abuse desk',
    identity_class: 'organization',
    ...overrides,
  };
}

export function relationship(source: Obj, target: Obj, type = 'indicates'): Obj {
  return {
    type: 'relationship',
    spec_version: '2.1',
    id: `relationship--${randomUUID()}`,
    created: '2026-01-10T11:00:00.000Z',
    modified: '2026-01-10T11:00:00.000Z',
    relationship_type: type,
    source_ref: source.id,
    target_ref: target.id,
  };
}

export function bundle(objects: unknown[]): { type: 'bundle'; id: string; objects: unknown[] } {
  return { type: 'bundle', id: `bundle--${randomUUID()}`, objects };
}
