/**
 * STIX 2.0 → STIX 2.1 upgrade of one object, following the changes listed in STIX 2.1
 * (OASIS Standard, 10 June 2021), section 1.6 / Appendix "Changes from STIX 2.0":
 *
 * - the four TLP marking definitions become the 2.1 predefined objects (spec 7.2.1.4, which
 *   added their `name`, e.g. "TLP:GREEN", and must be used as is);
 * - every object gets `spec_version: "2.1"` (the bundle's `spec_version` goes away with the
 *   bundle, which is not kept);
 * - the timestamps of the common properties and of the SDOs (`created`, `modified`,
 *   `valid_from`, `first_observed` …) get at least millisecond precision (spec 3.2);
 * - 2.0 `labels`, which held the type's vocabulary on some SDOs, move to the 2.1 property:
 *   indicator → `indicator_types` (plus `pattern_type: "stix"`), malware → `malware_types`
 *   (plus `is_family: true`, the 2.0 meaning of a malware object), tool → `tool_types`,
 *   threat-actor → `threat_actor_types`, report → `report_types`; other SDOs keep `labels`;
 * - the `objects` dictionary of observed-data becomes separate SCOs (spec 6) with
 *   deterministic ids (spec 2.9), listed in `object_refs`; references between them (`*_ref`,
 *   `*_refs`, also inside extensions and lists) are turned from dictionary keys into ids;
 *   2.0 SCO properties renamed in 2.1 are renamed (file and directory `created`/`modified`/
 *   `accessed` → `ctime`/`mtime`/`atime`, registry key `modified` → `modified_time`, process
 *   `created` → `created_time` and `binary_ref` → `image_ref`, user account
 *   `password_last_changed` → `credential_last_changed`).
 */
import { deterministicScoId, TLP_1_0, type StixObject } from '../../../stix/index.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export type UpgradeResult = { ok: true; objects: StixObject[] } | { ok: false; reason: string };

/** Properties holding a timestamp that 2.1 wants at least to the millisecond. */
const TIMESTAMP_PROPERTIES = [
  'created',
  'modified',
  'first_seen',
  'last_seen',
  'valid_from',
  'valid_until',
  'published',
  'first_observed',
  'last_observed',
];

const LABELS_TO: Readonly<Record<string, string>> = {
  indicator: 'indicator_types',
  malware: 'malware_types',
  tool: 'tool_types',
  'threat-actor': 'threat_actor_types',
  report: 'report_types',
};

/** 2.0 SCO property names renamed in 2.1, per type. */
const SCO_RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  file: { created: 'ctime', modified: 'mtime', accessed: 'atime' },
  directory: { created: 'ctime', modified: 'mtime', accessed: 'atime' },
  'windows-registry-key': { modified: 'modified_time' },
  process: { created: 'created_time', binary_ref: 'image_ref' },
  'user-account': { password_last_changed: 'credential_last_changed' },
};

/** `2016-04-06T20:03:48Z` → `2016-04-06T20:03:48.000Z`; more precision is kept as is. */
export function toMilliseconds(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(value);
  if (!m) return value;
  const fraction = m[2] ?? '';
  return `${m[1]}.${fraction.length >= 3 ? fraction : fraction.padEnd(3, '0')}Z`;
}

/**
 * Upgrades one STIX 2.0 object. Observed-data yields its SCOs first, then itself. `uuid` gives
 * the ids of SCOs that have no ID contributing properties (process, custom SCOs).
 */
export function upgradeStix20(object: Json, uuid: () => string): UpgradeResult {
  const tlp = Object.values(TLP_1_0).find((m) => m.id === object.id);
  if (tlp !== undefined && object.type === 'marking-definition')
    return { ok: true, objects: [structuredClone(tlp) as unknown as StixObject] };
  const out: Json = { ...object, spec_version: '2.1' };
  const type = String(object.type);
  for (const key of TIMESTAMP_PROPERTIES) if (key in out) out[key] = toMilliseconds(out[key]);
  const target = LABELS_TO[type];
  if (target !== undefined && Array.isArray(out.labels) && out[target] === undefined) {
    out[target] = out.labels;
    delete out.labels;
  }
  if (type === 'indicator' && out.pattern_type === undefined) out.pattern_type = 'stix';
  if (type === 'malware' && out.is_family === undefined) out.is_family = true;
  if (type !== 'observed-data' || out.objects === undefined)
    return { ok: true, objects: [out as StixObject] };

  const scos = upgradeObservables(out.objects, uuid);
  if (!scos.ok) return scos;
  delete out.objects;
  out.object_refs = scos.objects.map((o) => o.id);
  return { ok: true, objects: [...scos.objects, out as StixObject] };
}

/** The SCOs of a 2.0 `objects` dictionary, references resolved, in dictionary order. */
function upgradeObservables(objects: unknown, uuid: () => string): UpgradeResult {
  if (!isObject(objects) || Object.keys(objects).length === 0)
    return { ok: false, reason: 'observed-data "objects" must be a non-empty dictionary' };
  const ids = new Map<string, string>();
  const done = new Map<string, StixObject>();
  const visiting = new Set<string>();

  const resolve = (key: string): string => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    if (!Object.hasOwn(objects, key))
      throw new Error(
        `observed-data objects: a reference names "${key}", which is not in the dictionary`,
      );
    if (visiting.has(key))
      throw new Error(`observed-data objects: circular reference through "${key}"`);
    const raw = objects[key];
    if (!isObject(raw) || typeof raw.type !== 'string')
      throw new Error(`observed-data objects: "${key}" is not a cyber observable with a type`);
    visiting.add(key);
    const sco: Json = { type: raw.type, spec_version: '2.1' };
    const renames = SCO_RENAMES[raw.type] ?? {};
    for (const [name, value] of Object.entries(raw)) {
      if (name === 'type') continue;
      sco[renames[name] ?? name] = withRefs(name, value, resolve);
    }
    visiting.delete(key);
    const id = deterministicScoId(sco, uuid);
    ids.set(key, id);
    done.set(key, { id, ...sco } as StixObject);
    return id;
  };

  try {
    for (const key of Object.keys(objects)) resolve(key);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  return { ok: true, objects: Object.keys(objects).map((k) => done.get(k)!) };
}

/** `value` with its `*_ref` / `*_refs` members turned from dictionary keys into ids. */
function withRefs(name: string, value: unknown, resolve: (key: string) => string): unknown {
  const missing = (key: unknown): never => {
    throw new Error(
      `observed-data objects: "${name}" must name a dictionary key, got ${JSON.stringify(key)}`,
    );
  };
  const one = (key: unknown): string => (typeof key === 'string' ? resolve(key) : missing(key));
  if (name.endsWith('_ref')) return one(value);
  if (name.endsWith('_refs') && Array.isArray(value)) return value.map(one);
  if (Array.isArray(value)) return value.map((v) => withRefs('', v, resolve));
  if (isObject(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = withRefs(k, v, resolve);
    return out;
  }
  return value;
}
