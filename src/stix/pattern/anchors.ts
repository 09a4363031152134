/**
 * Index anchors of a STIX pattern: the observable values an index can look up to find the
 * indicators whose pattern might match, without evaluating every pattern (DESIGN, correlation).
 *
 * Contract of {@link patternAnchors}: when it returns a list, every observation that matches the
 * pattern (as `match.ts` decides) contains at least one object carrying one of the anchors —
 * `equals`: the object's property, in canonical form ({@link observableAnchors}), is the value;
 * `subset`: the object's IP address or block lies inside the anchor's block (a CIDR, or one
 * address written without a prefix, as {@link canonicalIp} writes a /32 or /128). When it
 * returns `null`, no such list exists (`LIKE`, `MATCHES`, `!=`, `NOT`, `EXISTS`, paths through
 * references, non-identifying properties) and the pattern must be evaluated against everything.
 * An empty list means no observation can match (`IN ()`, `ISSUBSET` of a non-address).
 */
import type { ComparisonExpression, ObjectPath, Pattern, PatternLiteral } from './ast.js';
import { canonicalHashAlgorithm, canonicalIp } from './canonical.js';
import type { ObservableObject } from './match.js';

/** SCO types whose identifying properties serve as anchors. */
export type AnchorType =
  | 'ipv4-addr'
  | 'ipv6-addr'
  | 'domain-name'
  | 'url'
  | 'email-addr'
  | 'email-message'
  | 'file'
  | 'autonomous-system'
  | 'mac-addr';

/**
 * One anchor: `{ type: 'ipv4-addr', path: 'value', op: 'equals', value: '198.51.100.7' }`.
 * `path` is one of `value`, `subject`, `name`, `number` or `hashes.<MD5|SHA-1|SHA-256|SHA-512>`;
 * `value` is canonical: IPs as {@link canonicalIp}, domains, MAC addresses and hex digests
 * lowercased, AS numbers in decimal.
 */
export interface PatternAnchor {
  readonly type: AnchorType;
  readonly path: string;
  readonly op: 'equals' | 'subset';
  readonly value: string;
}

/** Identifying properties per type, and how their values are canonicalised. */
const IDENTIFYING: Readonly<Record<AnchorType, Readonly<Record<string, Canonicalise>>>> = {
  'ipv4-addr': { value: ip },
  'ipv6-addr': { value: ip },
  'domain-name': { value: lower },
  url: { value: same },
  'email-addr': { value: same },
  'email-message': { subject: same },
  file: {
    name: same,
    'hashes.MD5': lower,
    'hashes.SHA-1': lower,
    'hashes.SHA-256': lower,
    'hashes.SHA-512': lower,
  },
  'autonomous-system': { number: same },
  'mac-addr': { value: lower },
};

type Canonicalise = (value: string) => string;

function ip(value: string): string {
  return canonicalIp(value) ?? value;
}
function lower(value: string): string {
  return value.toLowerCase();
}
function same(value: string): string {
  return value;
}

/** A stable string form of an anchor, for maps and sets: `ipv4-addr:value=198.51.100.7`. */
export function anchorKey(anchor: PatternAnchor): string {
  return `${anchor.type}:${anchor.path}${anchor.op === 'equals' ? '=' : ' ISSUBSET '}${anchor.value}`;
}

/**
 * The anchors of `pattern` (see the module comment): OR takes the union of its branches (null
 * if any branch has none), AND (and FOLLOWEDBY) the smallest non-null set of its branches,
 * `IN (…)` one anchor per member, qualifiers are transparent.
 */
export function patternAnchors(pattern: Pattern): PatternAnchor[] | null {
  switch (pattern.kind) {
    case 'observation':
      return comparisonAnchors(pattern.comparison);
    case 'qualified':
      return patternAnchors(pattern.expression);
    case 'or':
      return union(patternAnchors(pattern.left), patternAnchors(pattern.right));
    case 'and':
    case 'followedby':
      return smallest(patternAnchors(pattern.left), patternAnchors(pattern.right));
  }
}

function comparisonAnchors(expression: ComparisonExpression): PatternAnchor[] | null {
  switch (expression.kind) {
    case 'or':
      return union(comparisonAnchors(expression.left), comparisonAnchors(expression.right));
    case 'and':
      return smallest(comparisonAnchors(expression.left), comparisonAnchors(expression.right));
    case 'exists':
      return null;
    case 'comparison': {
      if (expression.negated) return null;
      const property = anchorProperty(expression.path);
      if (property === undefined) return null;
      const { type, path, canonicalise } = property;
      const { operator, value } = expression;
      if (operator === '=') {
        const text = literalText(type, value as PatternLiteral);
        return text === undefined
          ? null
          : [{ type, path, op: 'equals', value: canonicalise(text) }];
      }
      if (operator === 'IN') {
        const out: PatternAnchor[] = [];
        for (const member of value as readonly PatternLiteral[]) {
          const text = literalText(type, member);
          if (text === undefined) return null;
          out.push({ type, path, op: 'equals', value: canonicalise(text) });
        }
        return dedupe(out);
      }
      if (
        operator === 'ISSUBSET' &&
        path === 'value' &&
        (type === 'ipv4-addr' || type === 'ipv6-addr')
      ) {
        const block = canonicalIp((value as PatternLiteral).value as string);
        return block === undefined ? [] : [{ type, path, op: 'subset', value: block }];
      }
      return null;
    }
  }
}

/** The anchor property an object path names directly (no references, no list indexes). */
function anchorProperty(
  path: ObjectPath,
): { type: AnchorType; path: string; canonicalise: Canonicalise } | undefined {
  const properties = (IDENTIFYING as Record<string, Record<string, Canonicalise>>)[path.objectType];
  if (properties === undefined || path.steps.some((s) => s.kind !== 'key')) return undefined;
  const names = path.steps.map((s) => (s.kind === 'key' ? s.name : ''));
  if (names.length === 2 && names[0] === 'hashes') {
    const algorithm = canonicalHashAlgorithm(names[1] as string);
    if (algorithm !== undefined) names[1] = algorithm;
  }
  const joined = names.join('.');
  const canonicalise = properties[joined];
  if (canonicalise === undefined) return undefined;
  return { type: path.objectType as AnchorType, path: joined, canonicalise };
}

/** The text of a constant that `=` can find on the property, or undefined (a type mismatch). */
function literalText(type: AnchorType, literal: PatternLiteral): string | undefined {
  if (type === 'autonomous-system')
    return (literal.kind === 'integer' || literal.kind === 'float') &&
      Number.isInteger(literal.value)
      ? String(literal.value)
      : undefined;
  return literal.kind === 'string' ? literal.value : undefined;
}

function union(a: PatternAnchor[] | null, b: PatternAnchor[] | null): PatternAnchor[] | null {
  return a === null || b === null ? null : dedupe([...a, ...b]);
}

function smallest(a: PatternAnchor[] | null, b: PatternAnchor[] | null): PatternAnchor[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.length < a.length ? b : a;
}

function dedupe(anchors: PatternAnchor[]): PatternAnchor[] {
  const seen = new Map<string, PatternAnchor>();
  for (const anchor of anchors) seen.set(anchorKey(anchor), anchor);
  return [...seen.values()];
}

/**
 * The `equals` anchors an object carries — the keys an index stores for it or looks it up by,
 * canonicalised exactly as {@link patternAnchors} canonicalises pattern constants. (`subset`
 * anchors are found by looking the object's address up in a range index of CIDR blocks.)
 */
export function observableAnchors(sco: ObservableObject): PatternAnchor[] {
  const properties = (IDENTIFYING as Record<string, Record<string, Canonicalise>>)[sco.type];
  if (properties === undefined) return [];
  const type = sco.type as AnchorType;
  const out: PatternAnchor[] = [];
  for (const [path, canonicalise] of Object.entries(properties)) {
    if (path.startsWith('hashes.')) continue;
    const raw = sco[path];
    const text =
      typeof raw === 'string'
        ? raw
        : typeof raw === 'number' && type === 'autonomous-system'
          ? String(raw)
          : undefined;
    if (text !== undefined) out.push({ type, path, op: 'equals', value: canonicalise(text) });
  }
  const hashes = sco['hashes'];
  if (typeof hashes === 'object' && hashes !== null && !Array.isArray(hashes)) {
    for (const [name, digest] of Object.entries(hashes as Record<string, unknown>)) {
      const path = `hashes.${canonicalHashAlgorithm(name) ?? name}`;
      const canonicalise = properties[path];
      if (canonicalise !== undefined && typeof digest === 'string')
        out.push({ type, path, op: 'equals', value: canonicalise(digest) });
    }
  }
  return dedupe(out);
}
