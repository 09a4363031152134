/**
 * Abstract syntax tree of STIX patterns (spec 9). Produced by `parsePattern`, consumed by the
 * correlation engine.
 */

/** A constant (spec 9.3, table "Constants"). */
export type PatternLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** `h'…'`: lowercase hex digits, even count. */
  | { readonly kind: 'hex'; readonly value: string }
  /** `b'…'`: base64 text as written. */
  | { readonly kind: 'binary'; readonly value: string }
  /** `t'…'`: the timestamp as written (a valid STIX timestamp). */
  | { readonly kind: 'timestamp'; readonly value: string };

/** One step of an object path (spec 9.4): a property key or a list index (`*` = any). */
export type PathStep =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number | '*' };

/** `<object-type>:<property>[.<property>|[n]]*` (spec 9.4). */
export interface ObjectPath {
  readonly objectType: string;
  readonly steps: readonly PathStep[];
}

/** Comparison operators (spec 9.5, table "Comparison Operators"). */
export type ComparisonOperator =
  '=' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

/** A comparison expression, the contents of `[ … ]` (spec 9.5). */
export type ComparisonExpression =
  | {
      readonly kind: 'comparison';
      readonly path: ObjectPath;
      readonly operator: ComparisonOperator;
      readonly negated: boolean;
      /** A list only for `IN`. */
      readonly value: PatternLiteral | readonly PatternLiteral[];
    }
  | { readonly kind: 'exists'; readonly negated: boolean; readonly path: ObjectPath }
  | {
      readonly kind: 'and' | 'or';
      readonly left: ComparisonExpression;
      readonly right: ComparisonExpression;
    };

/** Qualifiers (spec 9.7). */
export type Qualifier =
  | { readonly kind: 'within'; readonly seconds: number }
  | { readonly kind: 'repeats'; readonly times: number }
  | { readonly kind: 'start-stop'; readonly start: string; readonly stop: string };

/** Observation expressions (spec 9.6) and their operators AND, OR, FOLLOWEDBY. */
export type ObservationExpression =
  | { readonly kind: 'observation'; readonly comparison: ComparisonExpression }
  | {
      readonly kind: 'and' | 'or' | 'followedby';
      readonly left: ObservationExpression;
      readonly right: ObservationExpression;
    }
  | {
      readonly kind: 'qualified';
      readonly expression: ObservationExpression;
      readonly qualifier: Qualifier;
    };

/** A whole pattern. */
export type Pattern = ObservationExpression;
