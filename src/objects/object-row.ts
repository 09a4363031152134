import { normalizeTimestamp, tlpLevelOf, type StixObject } from '../stix/index.js';
import type { Distribution } from './object.types.js';

/** Version key of objects without `modified`/`created` (most SCOs): they have one version. */
export const UNVERSIONED = '';

/** The columns of one stored version, derived from a valid STIX object (pure). */
export interface ObjectRow {
  id: string;
  type: string;
  modified: string;
  created: string | null;
  spec_version: string | null;
  revoked: number;
  created_by_ref: string | null;
  name: string | null;
  description: string | null;
  tlp: string | null;
  distribution: Distribution;
  content: string;
}

export interface ObjectRef {
  readonly refId: string;
  readonly property: string;
}

/** The version key of an object: its normalised `modified`, else `created`, else unversioned. */
export function versionKey(object: StixObject): string {
  const ts =
    typeof object.modified === 'string'
      ? object.modified
      : typeof object.created === 'string'
        ? object.created
        : null;
  return ts === null ? UNVERSIONED : (normalizeTimestamp(ts) ?? UNVERSIONED);
}

export function toRow(object: StixObject, distribution: Distribution): ObjectRow {
  const markings = Array.isArray(object.object_marking_refs)
    ? (object.object_marking_refs as string[])
    : [];
  const created = typeof object.created === 'string' ? normalizeTimestamp(object.created) : null;
  return {
    id: object.id,
    type: object.type,
    modified: versionKey(object),
    created,
    spec_version: typeof object.spec_version === 'string' ? object.spec_version : null,
    revoked: object.revoked === true ? 1 : 0,
    created_by_ref: typeof object.created_by_ref === 'string' ? object.created_by_ref : null,
    name: displayName(object),
    description:
      typeof object.description === 'string' ? searchText(object.description.slice(0, 4000)) : null,
    tlp: tlpLevelOf(markings),
    distribution,
    content: JSON.stringify(object),
  };
}

/** A short human label: `name`, else the SCO's `value`, else null. */
function displayName(object: StixObject): string | null {
  for (const key of ['name', 'value', 'subject', 'path', 'key', 'number'] as const) {
    const v = object[key];
    if (typeof v === 'string' && v.length > 0) return searchText(v.slice(0, 1000));
    if (typeof v === 'number') return String(v);
  }
  return null;
}

/**
 * Every identifier the object points to: top-level `*_ref` and `*_refs` properties (source and
 * target of relationships, `object_refs`, `created_by_ref`, `object_marking_refs`, …) and
 * granular markings' `marking_ref`.
 */
export function referencesOf(object: StixObject): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const [property, value] of Object.entries(object)) {
    if (property.endsWith('_ref') && typeof value === 'string') {
      out.push({ refId: value, property });
    } else if (property.endsWith('_refs') && Array.isArray(value)) {
      for (const v of value) if (typeof v === 'string') out.push({ refId: v, property });
    }
  }
  if (Array.isArray(object.granular_markings)) {
    for (const g of object.granular_markings as { marking_ref?: unknown }[]) {
      if (g && typeof g.marking_ref === 'string')
        out.push({ refId: g.marking_ref, property: 'granular_markings' });
    }
  }
  return out;
}

/**
 * Text for the search columns. PostgreSQL text cannot hold NUL characters, which JSON strings
 * may contain; the object itself keeps them (its JSON text escapes them).
 */
function searchText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', ' ') : text;
}
