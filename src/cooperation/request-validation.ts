import type { Channel, Urgency } from './code-lists.js';
import type { FieldDefinition, RequestDefinition } from './definitions/definition.schema.js';
import { valueProblems } from './field-values.js';

/** A request as drafted: what the validation looks at. */
export interface RequestDraft {
  readonly urgency: Urgency;
  readonly channel: Channel;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** One problem of a draft, naming the article and the field. */
export interface RequestProblem {
  /** The field's code (or `urgency`, `channel`). */
  readonly field: string;
  /** The article that requires the field. */
  readonly article: string;
  /** `missing`: required and absent; `invalid`: present but wrong; `unknown`: not a field. */
  readonly kind: 'missing' | 'invalid' | 'unknown';
  /** `BC Art 29(2)(d): custodian is required`. */
  readonly message: string;
}

/** What the validation needs to know of the requests a draft refers to. */
export type ReferenceLookup = ReadonlyMap<string, { readonly type: string }>;

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0) || v === '';

function requiredNow(f: FieldDefinition, draft: RequestDraft): boolean {
  if (!f.required) return false;
  if (!f.requiredWhen) return true;
  const actual =
    f.requiredWhen.field === 'urgency' ? draft.urgency : draft.fields[f.requiredWhen.field];
  return actual === f.requiredWhen.equals;
}

/**
 * Every problem of `draft` against its definition (issue 7, item 2), in field order: missing
 * required fields (with the article requiring them), malformed values, unknown fields,
 * references to requests that do not exist (for the actor) or have the wrong type, an urgency or
 * channel the type does not allow. Pure; the caller resolves the references in `refs`.
 */
export function validateDraft(
  def: RequestDefinition,
  draft: RequestDraft,
  refs: ReferenceLookup,
): RequestProblem[] {
  const out: RequestProblem[] = [];
  const problem = (f: FieldDefinition, kind: RequestProblem['kind'], what: string) =>
    out.push({
      field: f.code,
      article: f.article,
      kind,
      message: `${f.article}: ${f.code} ${what}`,
    });
  if (!def.urgencies.includes(draft.urgency))
    out.push({
      field: 'urgency',
      article: def.legalBasis.join(', '),
      kind: 'invalid',
      message: `urgency ${draft.urgency} is not allowed for ${def.code} (allowed: ${def.urgencies.join(', ')})`,
    });
  if (!def.channels.includes(draft.channel))
    out.push({
      field: 'channel',
      article: def.legalBasis.join(', '),
      kind: 'invalid',
      message: `channel ${draft.channel} is not allowed for ${def.code} (allowed: ${def.channels.join(', ')})`,
    });
  for (const f of def.fields) {
    const v = draft.fields[f.code];
    if (isEmpty(v)) {
      if (requiredNow(f, draft)) problem(f, 'missing', 'is required');
      continue;
    }
    const values = f.multiple ? v : [v];
    if (f.multiple && !Array.isArray(v)) {
      problem(f, 'invalid', 'must be a list');
      continue;
    }
    (values as unknown[]).forEach((one, i) => {
      const at = f.multiple ? `[${i}] ` : '';
      for (const p of valueProblems(f, one)) problem(f, 'invalid', `${at}${p}`);
      if (f.type === 'reference' && typeof one === 'string' && valueProblems(f, one).length === 0) {
        const target = refs.get(one);
        if (!target) problem(f, 'invalid', `${at}refers to no request ${one}`);
        else if (f.referenceTypes && !f.referenceTypes.includes(target.type))
          problem(
            f,
            'invalid',
            `${at}must refer to a ${f.referenceTypes.join(' or ')} request, not ${target.type}`,
          );
      }
    });
  }
  const known = new Set(def.fields.map((f) => f.code));
  for (const key of Object.keys(draft.fields))
    if (!known.has(key))
      out.push({
        field: key,
        article: def.legalBasis.join(', '),
        kind: 'unknown',
        message: `${key} is not a field of ${def.code}`,
      });
  return out;
}

/** The ids a draft refers to (for the caller to resolve). */
export function referencedIds(
  def: RequestDefinition,
  fields: Readonly<Record<string, unknown>>,
): string[] {
  const out: string[] = [];
  for (const f of def.fields) {
    if (f.type !== 'reference') continue;
    const v = fields[f.code];
    for (const one of Array.isArray(v) ? v : [v]) if (typeof one === 'string') out.push(one);
  }
  return out;
}
