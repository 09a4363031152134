/**
 * The nohaven observation extension: marks an `observed-data` that the intake pipeline folded
 * from repeated reports (issue 4, de-duplication) and says by which source and over which
 * window. Declared by an `extension-definition` (STIX 2.1 §7.3) shipped as built-in content.
 */
import { NOHAVEN_IDENTITY } from '../enrich/enrichment-extension.js';
import type { StixObject } from '../stix/index.js';

export const OBSERVATION_EXTENSION_ID =
  'extension-definition--6c1f0d55-0d6b-4a47-9e57-3e8f1c2a7b90';

export const OBSERVATION_EXTENSION_DEFINITION = Object.freeze({
  type: 'extension-definition',
  spec_version: '2.1',
  id: OBSERVATION_EXTENSION_ID,
  created_by_ref: NOHAVEN_IDENTITY.id,
  created: '2026-11-28T00:00:00.000Z',
  modified: '2026-11-28T00:00:00.000Z',
  name: 'nohaven observation',
  description:
    'On observed-data folded by nohaven intake: the reporting source, and the de-duplication ' +
    'window (window_start inclusive, window_end exclusive) whose reports it counts.',
  schema:
    'https://github.com/nohaven/nohaven/blob/main/src/intake/observation-extension.schema.json',
  version: '1.0.0',
  extension_types: ['property-extension'],
}) as StixObject;

export interface ObservationExtension {
  readonly extension_type: 'property-extension';
  /** The reporting source: organisation identity and input (`feed:openphish`, `misp` …). */
  readonly source: string;
  readonly window_start: string;
  readonly window_end: string;
}

export function observationExtensionOf(object: unknown): ObservationExtension | undefined {
  if (object === null || typeof object !== 'object') return undefined;
  const extensions = (object as { extensions?: Record<string, unknown> }).extensions;
  const ext = extensions?.[OBSERVATION_EXTENSION_ID];
  return ext !== null && typeof ext === 'object' ? (ext as ObservationExtension) : undefined;
}
