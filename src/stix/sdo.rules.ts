/**
 * STIX Domain Objects (spec 4.1–4.19): per-type properties, required properties and
 * cross-property rules. Common properties live in `common.validate.ts`.
 */
import {
  atLeastOne,
  bool,
  dict,
  int,
  isObject,
  issue,
  killChainPhases,
  list,
  notBefore,
  num,
  oneOf,
  pointer,
  ref,
  refNot,
  refs,
  str,
  strList,
  timestamp,
} from './checks.js';
import { validatePattern } from './pattern/validate.js';
import type { Check, JsonObject, StixIssue, TypeRule } from './types.js';

/** The 19 SDO types of STIX 2.1 (spec 4). */
export const SDO_TYPES = [
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
] as const;

const seenWindow = (o: JsonObject, p: string, out: StixIssue[]): void =>
  notBefore(o, 'first_seen', 'last_seen', p, out);

const sdo = (
  required: readonly string[],
  props: Record<string, Check>,
  check?: TypeRule['check'],
): TypeRule => ({ kind: 'sdo', required, props, check });

/** Indicator (spec 4.7): `valid_until` later than `valid_from`; STIX patterns must parse. */
function checkIndicator(o: JsonObject, p: string, out: StixIssue[]): void {
  notBefore(o, 'valid_from', 'valid_until', p, out, true);
  if (o.pattern_type === 'stix' && typeof o.pattern === 'string') {
    const problem = validatePattern(o.pattern);
    if (problem !== null) issue(out, pointer(p, 'pattern'), problem.code, problem.message);
  }
}

/** Location (spec 4.10): region, country, or latitude and longitude; precision needs both. */
function checkLocation(o: JsonObject, p: string, out: StixIssue[]): void {
  const hasLat = o.latitude !== undefined;
  const hasLong = o.longitude !== undefined;
  if (o.region === undefined && o.country === undefined && !(hasLat && hasLong)) {
    issue(out, p, 'required', 'one of region, country, or latitude and longitude is required');
  }
  if (hasLat !== hasLong) {
    issue(
      out,
      pointer(p, hasLat ? 'longitude' : 'latitude'),
      'required',
      'latitude and longitude go together',
    );
  }
  if (o.precision !== undefined && !(hasLat && hasLong)) {
    issue(out, pointer(p, 'precision'), 'value', 'precision requires latitude and longitude');
  }
}

/** Malware (spec 4.11): `name` is required when `is_family` is true. */
function checkMalware(o: JsonObject, p: string, out: StixIssue[]): void {
  if (o.is_family === true && o.name === undefined) {
    issue(out, pointer(p, 'name'), 'required', 'name is required when is_family is true');
  }
  seenWindow(o, p, out);
}

/** Observed data (spec 4.14): exactly one of `objects` (deprecated) and `object_refs`. */
function checkObservedData(o: JsonObject, p: string, out: StixIssue[]): void {
  notBefore(o, 'first_observed', 'last_observed', p, out);
  const n = (o.objects === undefined ? 0 : 1) + (o.object_refs === undefined ? 0 : 1);
  if (n !== 1) issue(out, p, 'required', 'exactly one of objects and object_refs is required');
}

/** The deprecated `objects` dictionary of observed-data: SCOs keyed by local reference. */
const observedObjects = dict((v, p, out) => {
  if (!isObject(v)) return issue(out, p, 'type', 'must be a cyber-observable object');
  if (typeof v.type !== 'string') issue(out, pointer(p, 'type'), 'required', 'type is required');
}, /^.{1,250}$/);

const nameProps = { name: str, description: str };

/** Rules of every SDO type, keyed by type. */
export const SDO_RULES: Readonly<Record<string, TypeRule>> = {
  'attack-pattern': sdo(['name'], {
    ...nameProps,
    aliases: strList,
    kill_chain_phases: killChainPhases,
  }),
  campaign: sdo(
    ['name'],
    { ...nameProps, aliases: strList, first_seen: timestamp, last_seen: timestamp, objective: str },
    seenWindow,
  ),
  'course-of-action': sdo(['name'], { ...nameProps }),
  grouping: sdo(['context', 'object_refs'], { ...nameProps, context: str, object_refs: refs() }),
  identity: sdo(['name'], {
    ...nameProps,
    roles: strList,
    identity_class: str,
    sectors: strList,
    contact_information: str,
  }),
  incident: sdo(['name'], { ...nameProps, kill_chain_phases: killChainPhases }),
  indicator: sdo(
    ['pattern', 'pattern_type', 'valid_from'],
    {
      ...nameProps,
      indicator_types: strList,
      pattern: str,
      pattern_type: str,
      pattern_version: str,
      valid_from: timestamp,
      valid_until: timestamp,
      kill_chain_phases: killChainPhases,
    },
    checkIndicator,
  ),
  infrastructure: sdo(
    ['name'],
    {
      ...nameProps,
      infrastructure_types: strList,
      aliases: strList,
      kill_chain_phases: killChainPhases,
      first_seen: timestamp,
      last_seen: timestamp,
    },
    seenWindow,
  ),
  'intrusion-set': sdo(
    ['name'],
    {
      ...nameProps,
      aliases: strList,
      first_seen: timestamp,
      last_seen: timestamp,
      goals: strList,
      resource_level: str,
      primary_motivation: str,
      secondary_motivations: strList,
    },
    seenWindow,
  ),
  location: sdo(
    [],
    {
      ...nameProps,
      latitude: num(-90, 90),
      longitude: num(-180, 180),
      precision: num(0),
      region: str,
      country: str,
      administrative_area: str,
      city: str,
      street_address: str,
      postal_code: str,
    },
    checkLocation,
  ),
  malware: sdo(
    ['is_family'],
    {
      ...nameProps,
      malware_types: strList,
      is_family: bool,
      aliases: strList,
      kill_chain_phases: killChainPhases,
      first_seen: timestamp,
      last_seen: timestamp,
      operating_system_refs: refs('software'),
      architecture_execution_envs: strList,
      implementation_languages: strList,
      capabilities: strList,
      sample_refs: refs('file', 'artifact'),
    },
    checkMalware,
  ),
  'malware-analysis': sdo(
    ['product'],
    {
      product: str,
      version: str,
      host_vm_ref: ref('software'),
      operating_system_ref: ref('software'),
      installed_software_refs: refs('software'),
      configuration_version: str,
      modules: strList,
      analysis_engine_version: str,
      analysis_definition_version: str,
      submitted: timestamp,
      analysis_started: timestamp,
      analysis_ended: timestamp,
      result_name: str,
      result: str,
      analysis_sco_refs: refs(),
      sample_ref: ref('file', 'network-traffic', 'artifact'),
    },
    (o, p, out) => atLeastOne(o, ['result', 'analysis_sco_refs'], p, out),
  ),
  note: sdo(['content', 'object_refs'], {
    abstract: str,
    content: str,
    authors: strList,
    object_refs: refs(),
  }),
  'observed-data': sdo(
    ['first_observed', 'last_observed', 'number_observed'],
    {
      first_observed: timestamp,
      last_observed: timestamp,
      number_observed: int(1, 999_999_999),
      objects: observedObjects,
      object_refs: list(refNot(...SDO_TYPES)),
    },
    checkObservedData,
  ),
  opinion: sdo(['opinion', 'object_refs'], {
    explanation: str,
    authors: strList,
    opinion: oneOf(['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree']),
    object_refs: refs(),
  }),
  report: sdo(['name', 'published', 'object_refs'], {
    ...nameProps,
    report_types: strList,
    published: timestamp,
    object_refs: refs(),
  }),
  'threat-actor': sdo(
    ['name'],
    {
      ...nameProps,
      threat_actor_types: strList,
      aliases: strList,
      first_seen: timestamp,
      last_seen: timestamp,
      roles: strList,
      goals: strList,
      sophistication: str,
      resource_level: str,
      primary_motivation: str,
      secondary_motivations: strList,
      personal_motivations: strList,
    },
    seenWindow,
  ),
  tool: sdo(['name'], {
    ...nameProps,
    tool_types: strList,
    aliases: strList,
    kill_chain_phases: killChainPhases,
    tool_version: str,
  }),
  vulnerability: sdo(['name'], { ...nameProps }),
};
