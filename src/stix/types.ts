/**
 * Public types of the STIX 2.1 validation core.
 *
 * Spec references are to "STIX Version 2.1", OASIS Standard, 10 June 2021.
 */

/**
 * One finding about one STIX object. `path` is an RFC 6901 JSON pointer relative to the object
 * (`""` is the object itself, `"/external_references/0/source_name"` a nested property).
 */
export interface StixIssue {
  path: string;
  code: string;
  message: string;
}

/**
 * Stable issue codes.
 * - `required`: a required property is missing (or an "at least one of" rule fails);
 * - `type`: a property has the wrong JSON type;
 * - `format`: a string does not have the syntax the spec requires (hex, hash, property name …);
 * - `value`: a value is out of range, not in an enumeration, or breaks a cross-property rule;
 * - `id`: an identifier (spec 2.9) is malformed or its type prefix is wrong;
 * - `reference`: a well-formed identifier points at an object type the property does not allow;
 * - `timestamp`: a timestamp (spec 2.17) is malformed or out of order;
 * - `pattern`: a STIX pattern (spec 9) does not parse;
 * - `unknown-type`: the object type is neither defined by the spec, custom (`x-`), nor declared
 *   through an extension definition (spec 7.3);
 * - `forbidden-key`: a `__proto__`, `constructor` or `prototype` key appears anywhere.
 */
export type StixIssueCode =
  | 'required'
  | 'type'
  | 'format'
  | 'value'
  | 'id'
  | 'reference'
  | 'timestamp'
  | 'pattern'
  | 'unknown-type'
  | 'forbidden-key';

/** Any STIX object: SDO, SRO, SCO or meta object (spec 2.1 terminology). */
export type StixObject = {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  [k: string]: unknown;
};

/** What the validator knows beyond the single object being validated. */
export interface ValidationContext {
  /**
   * Object types made legitimate by extension definitions (spec 7.3) seen in the same bundle or
   * store — typically the result of {@link declaredExtensionTypes}.
   */
  extensionTypes?: ReadonlySet<string>;
}

/** A plain JSON object as seen by the validator. */
export type JsonObject = Record<string, unknown>;

/**
 * A value check. It appends issues to `out`; `path` is the JSON pointer of `value`.
 * Checks never throw and allocate only when they report.
 */
export type Check = (value: unknown, path: string, out: StixIssue[]) => void;

/** A whole-object check run after the per-property checks (cross-property rules). */
export type ObjectCheck = (obj: JsonObject, path: string, out: StixIssue[]) => void;

/** The family of an object type; it selects the common-property table (spec 3.2). */
export type StixKind = 'sdo' | 'sro' | 'sco' | 'meta';

/** Declarative rules for one object type or one nested structure. */
export interface Shape {
  readonly required?: readonly string[];
  readonly props: Readonly<Record<string, Check>>;
  readonly check?: ObjectCheck;
}

/** Declarative rules for one top-level object type. */
export interface TypeRule extends Shape {
  readonly kind: StixKind;
}
