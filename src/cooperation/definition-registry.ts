import { Value } from 'typebox/value';
import { CANNOT_COMPLY_REASONS, REFUSAL_GROUNDS, isCodeListName } from './code-lists.js';
import {
  DefinitionSchema,
  type DeadlineDefinition,
  type Period,
  type RequestDefinition,
  type TransitionDefinition,
} from './definitions/definition.schema.js';

/**
 * The request types of a node: the built-in definitions, checked against the schema and for
 * consistency when loaded, with the operator's period overrides applied (`deadlines` in the
 * cooperation settings, keyed `TYPE.deadline`, e.g. `P7.answer`). Pure.
 */
export interface DefinitionRegistry {
  readonly all: readonly RequestDefinition[];
  get(code: string): RequestDefinition | undefined;
  /** The transitions from `state` (in definition order). */
  transitionsFrom(def: RequestDefinition, state: string): TransitionDefinition[];
}

export class DefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`request-type definitions are not valid: ${problems.join('; ')}`);
    this.name = 'DefinitionError';
  }
}

const GROUNDS = new Set<string>([...REFUSAL_GROUNDS, ...CANNOT_COMPLY_REASONS]);

/** Problems of one definition against the schema and itself (empty: valid). */
export function definitionProblems(def: unknown, knownTypes: ReadonlySet<string>): string[] {
  const label = (def as { code?: unknown })?.code ?? '?';
  if (!Value.Check(DefinitionSchema, def)) {
    return [...Value.Errors(DefinitionSchema, def)].map(
      (e) => `${String(label)}${e.instancePath}: ${e.message}`,
    );
  }
  const d = def as RequestDefinition;
  const out: string[] = [];
  const states = new Set(d.states.map((s) => s.code));
  const fields = new Set(d.fields.map((f) => f.code));
  const need = (what: string, s: string) => {
    if (!states.has(s)) out.push(`${d.code}: ${what} names the unknown state "${s}"`);
  };
  if (states.size !== d.states.length) out.push(`${d.code}: a state is listed twice`);
  if (fields.size !== d.fields.length) out.push(`${d.code}: a field is listed twice`);
  need('the initial state', 'draft');
  for (const tr of d.transitions) {
    tr.from.forEach((s) => need(`a transition to ${tr.to}`, s));
    need('a transition', tr.to);
    if (tr.side === 'system' && tr.roles.length > 0)
      out.push(`${d.code}: the system transition to ${tr.to} names roles`);
    if (tr.side !== 'system' && tr.roles.length === 0)
      out.push(`${d.code}: the transition to ${tr.to} names no role`);
    for (const g of tr.grounds ?? [])
      if (!GROUNDS.has(g)) out.push(`${d.code}: unknown ground "${g}" on the way to ${tr.to}`);
  }
  for (const dl of d.deadlines) {
    for (const s of [...dl.startOn, ...dl.stopOn, ...(dl.holdOn ?? []), ...(dl.extend?.on ?? [])])
      need(`deadline ${dl.code}`, s);
    if (dl.expireTo) need(`deadline ${dl.code}`, dl.expireTo);
    if (dl.when && !fields.has(dl.when.field))
      out.push(`${d.code}: deadline ${dl.code} depends on the unknown field ${dl.when.field}`);
  }
  if (new Set(d.deadlines.map((x) => x.code)).size !== d.deadlines.length)
    out.push(`${d.code}: a deadline is listed twice`);
  for (const f of d.fields) {
    if (f.type === 'code' && (!f.codeList || !isCodeListName(f.codeList)))
      out.push(`${d.code}: field ${f.code} names no known code list`);
    for (const r of f.referenceTypes ?? [])
      if (!knownTypes.has(r)) out.push(`${d.code}: field ${f.code} refers to unknown type ${r}`);
    if (f.requiredWhen && f.requiredWhen.field !== 'urgency' && !fields.has(f.requiredWhen.field))
      out.push(`${d.code}: field ${f.code} depends on the unknown field ${f.requiredWhen.field}`);
  }
  if (d.followUp && !fields.has(d.followUp.field))
    out.push(`${d.code}: followUp names the unknown field ${d.followUp.field}`);
  if (d.followUp) need('followUp', d.followUp.on);
  if (d.parentType && !knownTypes.has(d.parentType))
    out.push(`${d.code}: unknown parent type ${d.parentType}`);
  for (const g of d.refusalGrounds)
    if (!GROUNDS.has(g)) out.push(`${d.code}: unknown refusal ground "${g}"`);
  return out;
}

/**
 * Builds the registry. `periodOverrides` replace a deadline's period (`TYPE.code` →
 * period; `TYPE.code.extension` replaces an extension's length). Throws {@link DefinitionError}
 * listing every problem, including overrides naming no deadline.
 */
export function createDefinitionRegistry(
  definitions: readonly unknown[],
  periodOverrides: Readonly<Record<string, Period>> = {},
): DefinitionRegistry {
  const codes = new Set(definitions.map((d) => String((d as { code?: unknown })?.code)));
  const problems = definitions.flatMap((d) => definitionProblems(d, codes));
  if (codes.size !== definitions.length) problems.push('a request type code is used twice');
  const defs = problems.length === 0 ? (definitions as RequestDefinition[]) : [];
  const used = new Set<string>();
  const withOverrides = defs.map((d) => {
    const deadlines = d.deadlines.map((dl): DeadlineDefinition => {
      const key = `${d.code}.${dl.code}`;
      const period = periodOverrides[key];
      const extension = periodOverrides[`${key}.extension`];
      if (period) used.add(key);
      if (extension) used.add(`${key}.extension`);
      return {
        ...dl,
        // An override replaces the period whatever the urgency, unless given per urgency.
        ...(period ? { period, byUrgency: undefined } : {}),
        ...(extension && dl.extend ? { extend: { ...dl.extend, by: extension } } : {}),
      };
    });
    return Object.freeze({ ...d, deadlines });
  });
  for (const key of Object.keys(periodOverrides))
    if (!used.has(key)) problems.push(`deadline override "${key}" names no deadline`);
  if (problems.length > 0) throw new DefinitionError(problems);
  const byCode = new Map(withOverrides.map((d) => [d.code, d]));
  return {
    all: Object.freeze(withOverrides),
    get: (code) => byCode.get(code),
    transitionsFrom: (def, s) => def.transitions.filter((tr) => tr.from.includes(s)),
  };
}

/**
 * The rules the reference marks [U] (not verified), which are left configurable: every
 * deadline tagged `U`, and every type whose articles are unverified.
 */
export function unverifiedRules(registry: DefinitionRegistry): string[] {
  const out: string[] = [];
  for (const d of registry.all) {
    if (d.verification === 'U')
      out.push(`${d.code} (${d.legalBasis.join(', ')}): fields and states`);
    for (const dl of d.deadlines)
      if (dl.verification === 'U') out.push(`${d.code}.${dl.code} (${dl.rule})`);
  }
  return out;
}
