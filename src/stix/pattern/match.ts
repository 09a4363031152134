/**
 * Evaluation of a parsed STIX pattern (spec 9) against one observation: the cyber-observable
 * objects (SCOs) an `observed-data` refers to (spec 4.14, `object_refs`), keyed by id so that
 * `*_ref` / `*_refs` object paths can be followed (`email-message:from_ref.value`).
 *
 * Semantics, with the spec section each follows:
 * - A comparison expression (the inside of `[ … ]`, spec 9.5) holds when one single object of
 *   the observation satisfies it as a whole: `AND` and `OR` inside the brackets combine tests on
 *   that same object, and a test whose object type differs from the object's is false.
 * - An object path (spec 9.4) may select several values (`[*]`, or `*_refs[*]`); the test holds
 *   when any of them satisfies it. A path that selects nothing makes the test false, with or
 *   without NOT (`NOT` negates the operator on a present, comparable value). `EXISTS` holds when
 *   the path selects something, `NOT EXISTS` when an object of that type has nothing there.
 * - Type mismatches (a string constant against a number…) are false, never an error.
 * - Observation operators (spec 9.6): `AND` and `OR` combine the observation expressions over
 *   the same observation. `FOLLOWEDBY` ordering and the qualifiers `WITHIN`, `REPEATS`,
 *   `START … STOP` (spec 9.7) constrain time and repetition across several observations, so
 *   for a single observation `FOLLOWEDBY` is treated as `AND` and qualifiers as no constraint.
 *
 * Operator details (hash, IP, LIKE, MATCHES…) are in `compare.ts`.
 */
import type { ComparisonExpression, ObjectPath, Pattern, PathStep } from './ast.js';
import { compareValue, type ValueKind } from './compare.js';
import { hashKey } from './canonical.js';

/** A cyber-observable object (spec 6): its `type`, its id when it has one, its properties. */
export interface ObservableObject {
  readonly type: string;
  readonly id?: string;
  readonly [property: string]: unknown;
}

/** The objects of one observation, keyed by id (or by the keys of a STIX 2.0 `objects` map). */
export type Observation = ReadonlyMap<string, ObservableObject>;

/** Finds a referenced object by id; undefined when it is not available. */
export type ResolveObservable = (id: string) => ObservableObject | undefined;

/**
 * Builds an {@link Observation} from a list of SCOs (keyed by their `id`) or from a map such as
 * the STIX 2.0 `observed-data.objects` dictionary (keyed by its keys, which its refs use).
 */
export function observationOf(
  objects: Iterable<ObservableObject> | Readonly<Record<string, ObservableObject>>,
): Observation {
  const out = new Map<string, ObservableObject>();
  if (Symbol.iterator in objects) {
    let n = 0;
    for (const object of objects as Iterable<ObservableObject>)
      out.set(typeof object.id === 'string' ? object.id : `#${n++}`, object);
  } else for (const [key, object] of Object.entries(objects)) out.set(key, object);
  return out;
}

/**
 * True when `observation` satisfies `pattern` (spec 9), with the single-observation reading of
 * `FOLLOWEDBY` and qualifiers described in the module comment.
 *
 * @example matchPattern(parsePattern("[ipv4-addr:value ISSUBSET '10.0.0.0/8']"),
 *   observationOf([{ type: 'ipv4-addr', id: 'ipv4-addr--…', value: '10.1.2.3' }])) // true
 */
export function matchPattern(pattern: Pattern, observation: Observation): boolean {
  return holds(pattern, [...observation.values()], (id) => observation.get(id));
}

/**
 * True when the one object `sco` satisfies `pattern`: every observation expression must hold on
 * `sco` itself (so `[a:x = 1] AND [b:y = 2]` with two object types never matches one object).
 * `resolve` follows `*_ref(s)` paths; without it, paths through references select nothing.
 */
export function matchesObservable(
  pattern: Pattern,
  sco: ObservableObject,
  resolve: ResolveObservable = () => undefined,
): boolean {
  return holds(pattern, [sco], resolve);
}

/** True when the comparison expression (the inside of `[ … ]`) holds on the object `sco`. */
export function matchesComparison(
  expression: ComparisonExpression,
  sco: ObservableObject,
  resolve: ResolveObservable = () => undefined,
): boolean {
  switch (expression.kind) {
    case 'and':
      return (
        matchesComparison(expression.left, sco, resolve) &&
        matchesComparison(expression.right, sco, resolve)
      );
    case 'or':
      return (
        matchesComparison(expression.left, sco, resolve) ||
        matchesComparison(expression.right, sco, resolve)
      );
    case 'exists': {
      if (sco.type !== expression.path.objectType) return false;
      return selectValues(expression.path, sco, resolve).length > 0 !== expression.negated;
    }
    case 'comparison': {
      if (sco.type !== expression.path.objectType) return false;
      const want = !expression.negated;
      return selectValues(expression.path, sco, resolve).some(
        (found) =>
          compareValue(found.value, found.kind, expression.operator, expression.value) === want,
      );
    }
  }
}

function holds(
  expression: Pattern,
  objects: readonly ObservableObject[],
  resolve: ResolveObservable,
): boolean {
  switch (expression.kind) {
    case 'observation':
      return objects.some((sco) => matchesComparison(expression.comparison, sco, resolve));
    case 'and':
    case 'followedby':
      return holds(expression.left, objects, resolve) && holds(expression.right, objects, resolve);
    case 'or':
      return holds(expression.left, objects, resolve) || holds(expression.right, objects, resolve);
    case 'qualified':
      return holds(expression.expression, objects, resolve);
  }
}

/** A value selected by an object path, with how it compares (see `compare.ts`). */
export interface SelectedValue {
  readonly value: unknown;
  readonly kind: ValueKind;
}

interface Cursor {
  readonly value: unknown;
  /** Type of the object that holds `value` (changes when a reference is followed). */
  readonly owner: string;
  readonly key: string;
  readonly parentKey: string;
}

/** Upper bound on values one path may fan out to, a guard against `[*][*][*]` blow-ups. */
const MAX_SELECTED = 10_000;

/**
 * The values `path` selects on `sco` (spec 9.4): property keys, list indexes and `[*]`, with
 * `*_ref` and the items of `*_refs` replaced by the objects they reference. Keys of a `hashes`
 * dictionary match loosely (`hashes.md5` finds `MD5`, `hashes.SHA256` finds `SHA-256`).
 */
export function selectValues(
  path: ObjectPath,
  sco: ObservableObject,
  resolve: ResolveObservable = () => undefined,
): SelectedValue[] {
  let cursors: Cursor[] = [{ value: sco, owner: sco.type, key: '', parentKey: '' }];
  for (const step of path.steps) {
    const next: Cursor[] = [];
    for (const cursor of cursors) stepInto(cursor, step, resolve, next);
    if (next.length === 0) return [];
    cursors = next.length > MAX_SELECTED ? next.slice(0, MAX_SELECTED) : next;
  }
  return cursors
    .filter((c) => c.value !== undefined && c.value !== null)
    .map((c) => ({ value: c.value, kind: kindOf(c) }));
}

function stepInto(cursor: Cursor, step: PathStep, resolve: ResolveObservable, out: Cursor[]) {
  const { value, owner, key } = cursor;
  if (step.kind === 'key') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    let name = step.name;
    if (key === 'hashes' && !Object.hasOwn(record, name)) {
      const loose = hashKey(name);
      name = Object.keys(record).find((k) => hashKey(k) === loose) ?? name;
    }
    if (!Object.hasOwn(record, name)) return;
    const child = record[name];
    if (name.endsWith('_ref')) {
      const target = typeof child === 'string' ? resolve(child) : undefined;
      if (target !== undefined)
        out.push({ value: target, owner: target.type, key: '', parentKey: '' });
      return;
    }
    out.push({ value: child, owner, key: name, parentKey: key });
    return;
  }
  if (!Array.isArray(value)) return;
  const items: readonly unknown[] =
    step.index === '*' ? value : step.index < value.length ? [value[step.index]] : [];
  for (const item of items) {
    if (key.endsWith('_refs')) {
      const target = typeof item === 'string' ? resolve(item) : undefined;
      if (target !== undefined)
        out.push({ value: target, owner: target.type, key: '', parentKey: '' });
    } else out.push({ value: item, owner, key, parentKey: cursor.parentKey });
  }
}

/** How a selected value compares, from the property that holds it. */
function kindOf({ owner, key, parentKey }: Cursor): ValueKind {
  if (parentKey === 'hashes') return 'hash';
  if (key === 'value') {
    if (owner === 'ipv4-addr' || owner === 'ipv6-addr') return 'ip';
    if (owner === 'domain-name' || owner === 'mac-addr') return 'caseless';
  }
  if (key.endsWith('_hex')) return 'hex';
  if (key.endsWith('_bin')) return 'binary';
  return 'text';
}
