/**
 * Repairs of known real-world deviations from STIX 2.1 in published bundles, made so that the
 * content can be imported without loss. Each repair is reported as a warning; the validation
 * rules of `src/stix` are not relaxed.
 *
 * Known deviations:
 * - an empty string as the value of a custom reference property (`x_…_ref: ""`, e.g. five
 *   data components of MITRE ATT&CK for ICS 18.1 with `x_mitre_data_source_ref: ""`): an
 *   identifier cannot be empty (spec 2.9), and the empty value says nothing, so the property
 *   is dropped;
 * - empty strings inside a custom reference list (`x_…_refs: ["", …]`): dropped from the list,
 *   and the list itself when nothing is left.
 */
import type { StixObject } from '../../../stix/index.js';

export interface Stix21Repair {
  readonly object: StixObject;
  /** One sentence per repair, naming the property (empty when nothing was repaired). */
  readonly warnings: readonly string[];
}

const isCustom = (name: string): boolean => name.startsWith('x_');

/** The object with known deviations repaired; the input object is left unchanged. */
export function repairStix21(object: StixObject): Stix21Repair {
  const warnings: string[] = [];
  let out: Record<string, unknown> | undefined;
  const edit = (): Record<string, unknown> => (out ??= { ...object });
  for (const [name, value] of Object.entries(object)) {
    if (!isCustom(name)) continue;
    if (name.endsWith('_ref') && value === '') {
      delete edit()[name];
      warnings.push(`${object.id}: dropped the empty custom reference "${name}"`);
    } else if (name.endsWith('_refs') && Array.isArray(value) && value.includes('')) {
      const kept = value.filter((v) => v !== '');
      if (kept.length === 0) delete edit()[name];
      else edit()[name] = kept;
      warnings.push(
        `${object.id}: dropped ${value.length - kept.length} empty value(s) from the custom reference list "${name}"`,
      );
    }
  }
  return { object: (out ?? object) as StixObject, warnings };
}
