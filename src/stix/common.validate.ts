/**
 * Common properties (spec 3.2), custom properties (spec 11.1), extensions (spec 7.3) and the
 * forbidden-key guard shared by every object type.
 */
import {
  bool,
  int,
  isObject,
  issue,
  list,
  matching,
  object,
  oneOf,
  pointer,
  ref,
  refs,
  str,
  strList,
  hashes,
} from './checks.js';
import { isIdentifier } from './ids.js';
import { hasMillisecondPrecision, isValidTimestamp } from './timestamp.js';
import type { Check, JsonObject, StixIssue } from './types.js';

/** Keys that could poison prototypes when objects are merged downstream. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;
/** Nested values visited at most; bounds hostile in-memory inputs (cycles, shared subtrees). */
const MAX_NODES = 1_000_000;

interface WalkState {
  nodes: number;
  out: StixIssue[];
}

/**
 * Reports every `__proto__` / `constructor` / `prototype` key at any depth, nesting deeper than
 * {@link MAX_DEPTH}, and inputs with more than {@link MAX_NODES} nested values (which also stops
 * cyclic in-memory inputs). Paths are only built for findings: the walk keeps the current key
 * trail on a stack.
 */
export function checkForbiddenKeys(value: unknown, out: StixIssue[]): void {
  const state: WalkState = { nodes: 0, out };
  walk(value, [], state);
}

function trail(keys: readonly (string | number)[]): string {
  let p = '';
  for (const key of keys) p = pointer(p, key);
  return p;
}

/** Returns false once the walk must stop (first over-deep or over-large finding). */
function walk(value: unknown, keys: (string | number)[], state: WalkState): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (++state.nodes > MAX_NODES) {
    issue(state.out, '', 'value', `more than ${MAX_NODES} nested values`);
    return false;
  }
  if (keys.length > MAX_DEPTH) {
    issue(state.out, trail(keys), 'value', `nesting deeper than ${MAX_DEPTH} levels`);
    return false;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      keys.push(i);
      const go = walk(item, keys, state);
      keys.pop();
      if (!go) return false;
    }
    return true;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      issue(state.out, pointer(trail(keys), key), 'forbidden-key', `key ${key} is not allowed`);
      continue;
    }
    const child = (value as JsonObject)[key];
    if (child === null || typeof child !== 'object') continue;
    keys.push(key);
    const go = walk(child, keys, state);
    keys.pop();
    if (!go) return false;
  }
  return true;
}

/** `created` / `modified` of SDOs and SROs: a timestamp precise to the millisecond (spec 3.2). */
const millisTimestamp: Check = (v, p, out) => {
  if (typeof v !== 'string') return issue(out, p, 'type', 'must be a timestamp string');
  if (!isValidTimestamp(v)) {
    return issue(out, p, 'timestamp', 'must be an RFC 3339 UTC timestamp ending in Z');
  }
  if (!hasMillisecondPrecision(v)) issue(out, p, 'timestamp', 'must be precise to the millisecond');
};

const CVE_RE = /^CVE-\d{4}-(?:0\d{3}|[1-9]\d{3,})$/;
const CAPEC_RE = /^CAPEC-\d+$/;

/** External reference (spec 2.5). */
const externalReference = object({
  required: ['source_name'],
  props: { source_name: str, description: str, url: str, hashes, external_id: str },
  check: (o, p, out) => {
    if (o.description === undefined && o.url === undefined && o.external_id === undefined) {
      issue(out, p, 'required', 'one of description, url or external_id is required');
    }
    const id = o.external_id;
    if (o.source_name === 'cve' && typeof id === 'string' && !CVE_RE.test(id)) {
      issue(out, pointer(p, 'external_id'), 'format', 'must be a CVE id for source_name cve');
    }
    if (o.source_name === 'capec' && typeof id === 'string' && !CAPEC_RE.test(id)) {
      issue(out, pointer(p, 'external_id'), 'format', 'must be a CAPEC id for source_name capec');
    }
  },
});
export const externalReferences = list(externalReference);

/** Granular marking selectors (spec 7.2.3.1): dotted property paths with `[n]` list indexes. */
const SELECTOR_RE = /^(?:[a-z0-9_-]{3,249}(?:\.(?:\[\d+\]|[a-z0-9_-]{1,250}))*|id)$/;

/** Granular marking (spec 7.2.3): exactly one of `marking_ref` and `lang`. */
const granularMarking = object({
  required: ['selectors'],
  props: {
    selectors: list(matching(SELECTOR_RE, 'a granular marking selector')),
    marking_ref: ref('marking-definition'),
    lang: str,
  },
  check: (o, p, out) => {
    const n = (o.marking_ref === undefined ? 0 : 1) + (o.lang === undefined ? 0 : 1);
    if (n !== 1) issue(out, p, 'required', 'exactly one of marking_ref and lang is required');
  },
});
export const granularMarkings = list(granularMarking);

export const EXTENSION_TYPES = [
  'new-sdo',
  'new-sco',
  'new-sro',
  'property-extension',
  'toplevel-property-extension',
] as const;
const extensionType = oneOf(EXTENSION_TYPES);

/** `extension-definition--UUID` keys of the `extensions` dictionary (spec 7.3). */
const EXTENSION_DEFINITION_KEY_RE =
  /^extension-definition--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
/** Predefined extension names of STIX 2.1 (`*-ext`, spec 6). */
const PREDEFINED_EXTENSION_KEY_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-ext$/;

export function isExtensionDefinitionKey(key: string): boolean {
  return EXTENSION_DEFINITION_KEY_RE.test(key);
}

/**
 * Builds the `extensions` check (spec 7.3): a non-empty dictionary whose keys are extension
 * definition ids (values carry `extension_type`) or predefined `*-ext` names, each checked by
 * `predefined` when given.
 */
export function extensionsCheck(predefined?: Readonly<Record<string, Check>>): Check {
  return (v, p, out) => {
    if (!isObject(v)) return issue(out, p, 'type', 'must be a dictionary of extensions');
    let n = 0;
    for (const key in v) {
      n++;
      const kp = pointer(p, key);
      const value = v[key];
      if (!isObject(value)) {
        issue(out, kp, 'type', 'an extension must be an object');
        continue;
      }
      if (EXTENSION_DEFINITION_KEY_RE.test(key)) {
        if (value.extension_type === undefined) {
          issue(out, pointer(kp, 'extension_type'), 'required', 'extension_type is required');
        } else extensionType(value.extension_type, pointer(kp, 'extension_type'), out);
        checkCustomProperties(value, kp, out, EXTENSION_INSTANCE_KEYS);
      } else if (predefined !== undefined && Object.hasOwn(predefined, key)) {
        predefined[key]?.(value, kp, out);
      } else if (PREDEFINED_EXTENSION_KEY_RE.test(key)) {
        if (Object.keys(value).length === 0) issue(out, kp, 'value', 'must not be empty');
        checkCustomProperties(value, kp, out, NO_KEYS);
      } else {
        issue(
          out,
          kp,
          'format',
          'extension key must be an extension-definition id or a *-ext name',
        );
      }
    }
    if (n === 0) issue(out, p, 'value', 'must not be empty');
  };
}

const NO_KEYS: ReadonlySet<string> = new Set();
const EXTENSION_INSTANCE_KEYS: ReadonlySet<string> = new Set(['extension_type']);

/** Custom property names (spec 11.1): a–z, 0–9 and `_`, 3 to 250 characters. */
const CUSTOM_PROPERTY_RE = /^[a-z0-9_]{3,250}$/;
/** Property names reserved by spec 3.2 / 3.3 for future use. */
const RESERVED_PROPERTIES = new Set(['severity', 'action', 'username', 'phone_numbers']);
const anyRef = ref();
const anyRefs = refs();

/**
 * Checks the names of properties outside `known` (spec 11.1) and, for `*_ref` / `*_refs`
 * names, that the values are identifiers (spec 2.9 naming convention of reference properties).
 */
export function checkCustomProperties(
  obj: JsonObject,
  p: string,
  out: StixIssue[],
  known: ReadonlySet<string>,
): void {
  for (const key in obj) {
    if (known.has(key) || !Object.hasOwn(obj, key)) continue;
    checkCustomProperty(obj, key, p, out);
  }
}

/** One property not defined for the object type. */
export function checkCustomProperty(
  obj: JsonObject,
  key: string,
  p: string,
  out: StixIssue[],
): void {
  if (FORBIDDEN_KEYS.has(key)) return;
  const kp = pointer(p, key);
  if (!CUSTOM_PROPERTY_RE.test(key)) {
    return issue(out, kp, 'format', 'custom property names must match ^[a-z0-9_]{3,250}$');
  }
  if (RESERVED_PROPERTIES.has(key))
    return issue(out, kp, 'value', `${key} is a reserved property name`);
  const value = obj[key];
  if (key.endsWith('_ref')) anyRef(value, kp, out);
  else if (key.endsWith('_refs')) anyRefs(value, kp, out);
}

/** The `spec_version` of objects produced for this spec. */
const specVersion = oneOf(['2.1']);
const identifier: Check = (v, p, out) => {
  if (typeof v !== 'string') issue(out, p, 'type', 'must be an identifier string');
  else if (!isIdentifier(v)) issue(out, p, 'id', 'must be an identifier type--UUID');
};

/** Common properties of SDOs and SROs (spec 3.2, first column). */
export const SDO_COMMON: Readonly<Record<string, Check>> = {
  type: str,
  spec_version: specVersion,
  id: identifier,
  created_by_ref: ref('identity'),
  created: millisTimestamp,
  modified: millisTimestamp,
  revoked: bool,
  labels: strList,
  confidence: int(0, 100),
  lang: str,
  external_references: externalReferences,
  object_marking_refs: refs('marking-definition'),
  granular_markings: granularMarkings,
  extensions: extensionsCheck(),
};
export const SDO_REQUIRED = ['type', 'spec_version', 'id', 'created', 'modified'] as const;

/** Common properties of SCOs (spec 3.2, SCO column; spec 6). */
export const SCO_COMMON: Readonly<Record<string, Check>> = {
  type: str,
  spec_version: specVersion,
  id: identifier,
  object_marking_refs: refs('marking-definition'),
  granular_markings: granularMarkings,
  defanged: bool,
  extensions: extensionsCheck(),
};
export const SCO_REQUIRED = ['type', 'id'] as const;

/** Common properties of marking definitions (spec 7.2.1): no `modified`, no versioning. */
export const MARKING_COMMON: Readonly<Record<string, Check>> = {
  type: str,
  spec_version: specVersion,
  id: identifier,
  created_by_ref: ref('identity'),
  created: millisTimestamp,
  external_references: externalReferences,
  object_marking_refs: refs('marking-definition'),
  granular_markings: granularMarkings,
  extensions: extensionsCheck(),
};
export const MARKING_REQUIRED = ['type', 'spec_version', 'id', 'created'] as const;
