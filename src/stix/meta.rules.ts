/**
 * STIX Meta Objects (spec 7): language-content, marking-definition, extension-definition.
 */
import {
  dict,
  isObject,
  issue,
  list,
  object,
  pointer,
  refNot,
  str,
  timestamp,
  oneOf,
  ref,
} from './checks.js';
import { EXTENSION_TYPES, isExtensionDefinitionKey } from './common.validate.js';
import { LEGACY_TLP_BY_ID } from './tlp.js';
import type { JsonObject, StixIssue, TypeRule } from './types.js';

/** Language content (spec 7.1): translations keyed by language code, then by property name. */
const languageContent: TypeRule = {
  kind: 'meta',
  required: ['object_ref', 'contents'],
  props: {
    object_ref: refNot('bundle', 'language-content'),
    object_modified: timestamp,
    contents: dict(dict(), /^[a-zA-Z0-9-]{1,250}$/),
  },
};

const statementDefinition = object({ required: ['statement'], props: { statement: str } });
const tlpDefinition = object({
  required: ['tlp'],
  props: { tlp: oneOf(['white', 'green', 'amber', 'red']) },
});

/**
 * Marking definition (spec 7.2.1). `definition_type` and `definition` are required unless the
 * marking is expressed by an extension (as TLP 2.0 is). TLP 1.0 markings (spec 7.2.1.4) MUST be
 * exactly the four predefined objects: only their ids may carry `definition_type: tlp`.
 */
function checkMarkingDefinition(o: JsonObject, p: string, out: StixIssue[]): void {
  if (
    (o.extensions === undefined || o.definition !== undefined) &&
    o.definition_type === undefined
  ) {
    issue(out, pointer(p, 'definition_type'), 'required', 'definition_type is required');
  }
  if (o.extensions === undefined && o.definition === undefined) {
    issue(out, pointer(p, 'definition'), 'required', 'definition is required');
  }
  const dp = pointer(p, 'definition');
  if (o.definition !== undefined) {
    if (o.definition_type === 'statement') statementDefinition(o.definition, dp, out);
    else if (o.definition_type === 'tlp') checkLegacyTlp(o, p, out);
    else if (!isObject(o.definition)) issue(out, dp, 'type', 'must be an object');
  }
  if (isObject(o.extensions)) {
    for (const key in o.extensions) {
      if (!isExtensionDefinitionKey(key)) {
        issue(
          out,
          pointer(pointer(p, 'extensions'), key),
          'format',
          'must be an extension-definition id',
        );
      }
    }
  }
}

/** TLP 1.0 (spec 7.2.1.4): only the four predefined objects, exactly as published. */
function checkLegacyTlp(o: JsonObject, p: string, out: StixIssue[]): void {
  const dp = pointer(p, 'definition');
  tlpDefinition(o.definition, dp, out);
  const legacy = typeof o.id === 'string' ? LEGACY_TLP_BY_ID.get(o.id) : undefined;
  if (legacy === undefined) {
    issue(
      out,
      pointer(p, 'id'),
      'value',
      'TLP 1.0 markings must use the predefined ids (spec 7.2.1.4)',
    );
  } else if (isObject(o.definition) && o.definition.tlp !== legacy.definition.tlp) {
    issue(out, pointer(dp, 'tlp'), 'value', `must be ${legacy.definition.tlp} for ${legacy.id}`);
  } else if (o.created !== legacy.created) {
    issue(out, pointer(p, 'created'), 'value', `must be ${legacy.created} for ${legacy.name}`);
  } else if (o.name !== legacy.name) {
    issue(out, pointer(p, 'name'), 'value', `must be ${legacy.name} for ${legacy.id}`);
  }
}

const markingDefinition: TypeRule = {
  kind: 'meta',
  required: [],
  props: { name: str, definition_type: str, definition: (_v, _p, _out) => undefined },
  check: checkMarkingDefinition,
};

/** Extension definition (spec 7.3.1). `extension_properties` only with toplevel extensions. */
const extensionDefinition: TypeRule = {
  kind: 'meta',
  required: ['created_by_ref', 'name', 'schema', 'version', 'extension_types'],
  props: {
    created_by_ref: ref('identity'),
    name: str,
    description: str,
    schema: str,
    version: str,
    extension_types: list(oneOf(EXTENSION_TYPES)),
    extension_properties: list(str),
  },
  check: (o, p, out) => {
    const types = o.extension_types;
    const toplevel = Array.isArray(types) && types.includes('toplevel-property-extension');
    if (o.extension_properties !== undefined && !toplevel) {
      issue(
        out,
        pointer(p, 'extension_properties'),
        'value',
        'only allowed with toplevel-property-extension',
      );
    }
  },
};

export const META_RULES: Readonly<Record<string, TypeRule>> = {
  'language-content': languageContent,
  'marking-definition': markingDefinition,
  'extension-definition': extensionDefinition,
};
