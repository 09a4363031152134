/**
 * The pure STIX 2.1 core: types, validation, patterns, deterministic ids and TLP markings.
 * Spec references are to "STIX Version 2.1", OASIS Standard, 10 June 2021.
 */
export type { StixIssue, StixIssueCode, StixObject, ValidationContext } from './types.js';
export { validateStixObject, declaredExtensionTypes, STIX_TYPES } from './validate.js';
export { validatePattern, MAX_PATTERN_LENGTH } from './pattern/validate.js';
export { parsePattern } from './pattern/parser.js';
export { PatternSyntaxError } from './pattern/lexer.js';
export type {
  ComparisonExpression,
  ComparisonOperator,
  ObjectPath,
  ObservationExpression,
  PathStep,
  Pattern,
  PatternLiteral,
  Qualifier,
} from './pattern/ast.js';
export {
  matchPattern,
  matchesObservable,
  matchesComparison,
  observationOf,
  selectValues,
  type ObservableObject,
  type Observation,
  type ResolveObservable,
  type SelectedValue,
} from './pattern/match.js';
export {
  patternAnchors,
  observableAnchors,
  anchorKey,
  type AnchorType,
  type PatternAnchor,
} from './pattern/anchors.js';
export { canonicalIp, canonicalHashAlgorithm } from './pattern/canonical.js';
export {
  deterministicScoId,
  canonicalJson,
  uuidV5,
  isIdentifier,
  SCO_ID_NAMESPACE,
} from './ids.js';
export {
  TLP,
  TLP_1_0,
  TLP_LEVELS,
  TLP_2_0_EXTENSION_ID,
  tlpLevelOf,
  tlpLevelOfId,
  type TlpLevel,
} from './tlp.js';
export { normalizeTimestamp, compareTimestamps } from './timestamp.js';
