/**
 * `validateStixObject`: the one entry point that checks any STIX 2.1 object.
 *
 * Order of work for one object: forbidden keys anywhere; `type` and the rule that applies
 * (spec-defined, custom `x-` type of spec 11.2, or a type introduced by an extension definition
 * of spec 7.3); one pass over the properties (common table of spec 3.2 merged with the type's
 * table; other names are custom properties, spec 11.1); required properties; cross-property rules.
 */
import { applyShape, isObject, issue, notBefore, pointer } from './checks.js';
import {
  MARKING_COMMON,
  MARKING_REQUIRED,
  SCO_COMMON,
  SCO_REQUIRED,
  SDO_COMMON,
  SDO_REQUIRED,
  checkCustomProperty,
  checkForbiddenKeys,
  isExtensionDefinitionKey,
} from './common.validate.js';
import { identifierType, isIdentifier, isTypeName } from './ids.js';
import { META_RULES } from './meta.rules.js';
import { SCO_RULES } from './sco.rules.js';
import { SDO_RULES } from './sdo.rules.js';
import { SRO_RULES } from './sro.rules.js';
import type { Check, JsonObject, Shape, StixIssue, StixKind, ValidationContext } from './types.js';

/** A type's complete property table and requirements, merged once at module load. */
interface CompiledRule {
  readonly kind: StixKind;
  readonly props: ReadonlyMap<string, Check>;
  readonly shape: Shape;
}

function compile(
  kind: StixKind,
  common: Readonly<Record<string, Check>>,
  required: readonly string[],
  rule?: Shape,
): CompiledRule {
  const props = new Map<string, Check>(Object.entries(common));
  for (const [key, check] of Object.entries(rule?.props ?? {})) props.set(key, check);
  return {
    kind,
    props,
    shape: { required: [...required, ...(rule?.required ?? [])], props: {}, check: rule?.check },
  };
}

const RULES: ReadonlyMap<string, CompiledRule> = new Map([
  ...Object.entries(SDO_RULES).map(([t, r]): [string, CompiledRule] => [
    t,
    compile('sdo', SDO_COMMON, SDO_REQUIRED, r),
  ]),
  ...Object.entries(SRO_RULES).map(([t, r]): [string, CompiledRule] => [
    t,
    compile('sro', SDO_COMMON, SDO_REQUIRED, r),
  ]),
  ...Object.entries(SCO_RULES).map(([t, r]): [string, CompiledRule] => [
    t,
    compile('sco', SCO_COMMON, SCO_REQUIRED, r),
  ]),
  ['language-content', compile('meta', SDO_COMMON, SDO_REQUIRED, META_RULES['language-content'])],
  [
    'extension-definition',
    compile('meta', SDO_COMMON, SDO_REQUIRED, META_RULES['extension-definition']),
  ],
  [
    'marking-definition',
    compile('meta', MARKING_COMMON, MARKING_REQUIRED, META_RULES['marking-definition']),
  ],
]);

/** Custom (spec 11.2) or extension-defined (spec 7.3) objects: common properties only. */
const CUSTOM_SDO = compile('sdo', SDO_COMMON, SDO_REQUIRED);
const CUSTOM_SCO = compile('sco', SCO_COMMON, SCO_REQUIRED);

/** The STIX 2.1 object types defined by the specification. */
export const STIX_TYPES: ReadonlySet<string> = new Set(RULES.keys());

const NEW_OBJECT_EXTENSION_TYPES = new Set(['new-sdo', 'new-sco', 'new-sro']);

/**
 * The `extension_type` (new-sdo, new-sco or new-sro) under which an object declares itself as a
 * new object type: an `extensions` entry keyed by an extension-definition id (spec 7.3.2).
 */
export function newObjectExtensionType(obj: JsonObject): string | null {
  const exts = obj.extensions;
  if (!isObject(exts)) return null;
  for (const key in exts) {
    const ext = exts[key];
    if (!isExtensionDefinitionKey(key) || !isObject(ext)) continue;
    if (
      typeof ext.extension_type === 'string' &&
      NEW_OBJECT_EXTENSION_TYPES.has(ext.extension_type)
    ) {
      return ext.extension_type;
    }
  }
  return null;
}

/**
 * Picks the rule for a type not defined by the spec:
 * - an object that declares itself through an extension (spec 7.3) uses the SCO common
 *   properties for `new-sco` and the SDO/SRO ones for `new-sdo` / `new-sro`;
 * - an `x-` custom object (spec 11.2), or a type listed in `ctx.extensionTypes` without its own
 *   extension entry, uses the SDO common properties when it carries `created` or `modified`,
 *   the SCO ones otherwise (custom SCOs have neither).
 */
function customRule(
  type: string,
  obj: JsonObject,
  ctx: ValidationContext | undefined,
): CompiledRule | null {
  const declared = newObjectExtensionType(obj);
  if (declared !== null) return declared === 'new-sco' ? CUSTOM_SCO : CUSTOM_SDO;
  if (!type.startsWith('x-') && ctx?.extensionTypes?.has(type) !== true) return null;
  return obj.created !== undefined || obj.modified !== undefined ? CUSTOM_SDO : CUSTOM_SCO;
}

/**
 * Validates one STIX 2.1 object (SDO, SRO, SCO, or meta object). Returns every issue found;
 * `[]` means valid. Total: any input (null, arrays, numbers, cyclic objects) yields issues and
 * never throws.
 *
 * @example validateStixObject({ type: 'ipv4-addr', id: 'ipv4-addr--…', value: '10.0.0.1' })
 */
export function validateStixObject(value: unknown, ctx?: ValidationContext): StixIssue[] {
  const out: StixIssue[] = [];
  try {
    validateInto(value, ctx, out);
  } catch (error) {
    issue(
      out,
      '',
      'value',
      `object could not be validated: ${error instanceof Error ? error.message : 'unknown error'}`,
    );
  }
  return out;
}

function validateInto(value: unknown, ctx: ValidationContext | undefined, out: StixIssue[]): void {
  if (!isObject(value)) return issue(out, '', 'type', 'a STIX object must be a JSON object');
  checkForbiddenKeys(value, out);
  const type = value.type;
  if (type === undefined) return issue(out, '/type', 'required', 'type is required');
  if (!isTypeName(type))
    return issue(out, '/type', 'format', 'type must be 3–250 chars of a–z, 0–9 and -');
  const rule = RULES.get(type) ?? customRule(type, value, ctx);
  if (rule === null) return issue(out, '/type', 'unknown-type', `unknown object type ${type}`);

  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const check = rule.props.get(key);
    if (check !== undefined) check(value[key], pointer('', key), out);
    else checkCustomProperty(value, key, '', out);
  }
  applyShape(rule.shape, value, '', out);

  const id = value.id;
  if (isIdentifier(id) && identifierType(id) !== type)
    issue(out, '/id', 'id', `id must start with ${type}--`);
  if (rule.kind !== 'sco') notBefore(value, 'created', 'modified', '', out);
}

/**
 * Object types that the extension-definition objects in `objects` make legitimate (spec 7.3).
 *
 * An extension definition does not name the type it introduces; the new object names the
 * definition instead, with `extensions: { "extension-definition--<uuid>": { extension_type:
 * "new-sdo" } }`. A type is declared when some object of that type carries such an entry
 * (extension_type new-sdo, new-sco or new-sro) AND the referenced extension-definition is in
 * `objects` and lists that extension type in its `extension_types`.
 */
export function declaredExtensionTypes(objects: readonly unknown[]): Set<string> {
  const definitions = new Map<string, readonly unknown[]>();
  for (const obj of objects) {
    if (
      isObject(obj) &&
      obj.type === 'extension-definition' &&
      typeof obj.id === 'string' &&
      Array.isArray(obj.extension_types)
    ) {
      definitions.set(obj.id, obj.extension_types);
    }
  }
  const declared = new Set<string>();
  if (definitions.size === 0) return declared;
  for (const obj of objects) {
    if (!isObject(obj) || typeof obj.type !== 'string' || !isObject(obj.extensions)) continue;
    for (const key in obj.extensions) {
      const ext = obj.extensions[key];
      const types = definitions.get(key);
      if (types === undefined || !isObject(ext)) continue;
      if (
        NEW_OBJECT_EXTENSION_TYPES.has(ext.extension_type as string) &&
        types.includes(ext.extension_type)
      ) {
        declared.add(obj.type);
      }
    }
  }
  return declared;
}
