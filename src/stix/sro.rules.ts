/**
 * STIX Relationship Objects (spec 5): relationship and sighting.
 */
import {
  bool,
  int,
  issue,
  matching,
  notBefore,
  pointer,
  ref,
  refs,
  str,
  timestamp,
} from './checks.js';
import { SCO_ID_CONTRIBUTING } from './ids.js';
import type { TypeRule } from './types.js';

/** Types that can never be the end of a relationship or the subject of a sighting. */
const NOT_RELATABLE = new Set([
  'bundle',
  'language-content',
  'marking-definition',
  'extension-definition',
]);

/** SCOs and SROs: a sighting is of an SDO (spec 5.2), never of these. */
const NOT_SIGHTABLE = new Set([
  ...NOT_RELATABLE,
  ...Object.keys(SCO_ID_CONTRIBUTING),
  'relationship',
  'sighting',
]);

const relatable = ref();

/** Relationship (spec 5.1). `stop_time` MUST be later than `start_time`. */
const relationship: TypeRule = {
  kind: 'sro',
  required: ['relationship_type', 'source_ref', 'target_ref'],
  props: {
    relationship_type: matching(/^[a-z0-9-]{1,250}$/, 'lowercase letters, digits and hyphens'),
    description: str,
    source_ref: relatable,
    target_ref: relatable,
    start_time: timestamp,
    stop_time: timestamp,
  },
  check: (o, p, out) => {
    notBefore(o, 'start_time', 'stop_time', p, out, true);
    for (const key of ['source_ref', 'target_ref']) {
      const v = o[key];
      if (typeof v === 'string' && NOT_RELATABLE.has(v.slice(0, v.lastIndexOf('--')))) {
        issue(
          out,
          pointer(p, key),
          'reference',
          `a relationship cannot point at ${v.slice(0, v.lastIndexOf('--'))}`,
        );
      }
    }
  },
};

/** Sighting (spec 5.2). `last_seen` MUST be greater than or equal to `first_seen`. */
const sighting: TypeRule = {
  kind: 'sro',
  required: ['sighting_of_ref'],
  props: {
    description: str,
    first_seen: timestamp,
    last_seen: timestamp,
    count: int(0, 999_999_999),
    sighting_of_ref: relatable,
    observed_data_refs: refs('observed-data'),
    where_sighted_refs: refs('identity', 'location'),
    summary: bool,
  },
  check: (o, p, out) => {
    notBefore(o, 'first_seen', 'last_seen', p, out);
    const v = o.sighting_of_ref;
    if (typeof v === 'string' && NOT_SIGHTABLE.has(v.slice(0, v.lastIndexOf('--')))) {
      issue(out, pointer(p, 'sighting_of_ref'), 'reference', 'must reference an SDO');
    }
  },
};

export const SRO_RULES: Readonly<Record<string, TypeRule>> = { relationship, sighting };
