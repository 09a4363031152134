/**
 * Legal cooperation (issue 7, items 1–3): every request type of the reference exists as a
 * definition that passes the schema; a draft missing each required field is refused naming
 * the article and the field; typed values are checked; every state machine walks its legal
 * paths and refuses an illegal transition naming the allowed ones.
 */
import { describe, expect, it } from 'vitest';
import {
  createDefinitionRegistry,
  DefinitionError,
  unverifiedRules,
} from '../src/cooperation/definition-registry.js';
import { BUILT_IN_DEFINITIONS } from '../src/cooperation/definitions/index.js';
import type { RequestDefinition } from '../src/cooperation/definitions/definition.schema.js';
import { validateDraft } from '../src/cooperation/request-validation.js';
import { findTransition } from '../src/cooperation/state-machine.js';
import { completeDraft } from './support/cooperation-samples.js';

const registry = createDefinitionRegistry(BUILT_IN_DEFINITIONS);

/** The main legal path of each type, from draft to a final state. */
const MAIN_PATHS: Record<string, string[]> = {
  R1: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'under_review',
    'executing',
    'executed',
    'closed',
  ],
  R2: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'conditions_accepted',
    'closed',
  ],
  R3: ['draft', 'sent', 'received', 'acknowledged', 'accepted', 'use_reported'],
  R4: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'preserved',
    'extended',
    'follow_up_received',
    'released',
  ],
  R5: ['draft', 'sent', 'received', 'acknowledged', 'closed'],
  R6: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'under_review',
    'conditions_proposed',
    'executing',
    'partially_executed',
    'closed',
  ],
  R7: ['draft', 'recorded'],
  R8: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'under_review',
    'postponed',
    'executing',
    'executed',
    'closed',
  ],
  R9: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'under_review',
    'executing',
    'executed',
    'closed',
  ],
  R10: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'under_review',
    'granted',
    'surrendered',
  ],
  P6: ['draft', 'pending_approval', 'approved', 'sent', 'received', 'acknowledged', 'disclosed'],
  P7: ['draft', 'pending_approval', 'approved', 'sent', 'received', 'timed_out', 'escalated_art8'],
  P8: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'under_review',
    'executing',
    'executed',
    'closed',
  ],
  P9: ['draft', 'sent', 'received', 'acknowledged', 'executed'],
  P10: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'under_review',
    'executing',
    'executed',
    'closed',
  ],
  P11: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'under_review',
    'executing',
    'executed',
    'closed',
  ],
  P12: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'acknowledged',
    'agreed',
    'closed',
  ],
  E1: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'preserved',
    'cannot_comply',
    'enforcement_requested',
    'recognised',
  ],
  E2: [
    'draft',
    'pending_approval',
    'approved',
    'sent',
    'received',
    'preserved',
    'extended',
    'follow_up_confirmed',
    'released',
  ],
};

/** The side that may take the step (the first transition of the definition that matches). */
function sideOf(def: RequestDefinition, from: string, to: string) {
  return def.transitions.find((t) => t.from.includes(from) && t.to === to)?.side;
}

describe('request-type definitions', () => {
  it('has every type of the reference (R1–R10, P6–P12, E1–E2), each valid against the schema', () => {
    expect(registry.all.map((d) => d.code)).toEqual([
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
      'R8',
      'R9',
      'R10',
      'P6',
      'P7',
      'P8',
      'P9',
      'P10',
      'P11',
      'P12',
      'E1',
      'E2',
    ]);
  });

  it('refuses a definition that breaks the schema or names unknown states, naming each problem', () => {
    const r4 = registry.get('R4')!;
    const broken = {
      ...r4,
      code: 'X1',
      fields: [...r4.fields, { code: 'Bad Code', type: 'code', required: true, article: 'x' }],
    };
    expect(() => createDefinitionRegistry([broken])).toThrow(/X1\/fields\/9\/code/);
    const badState = {
      ...r4,
      code: 'X2',
      deadlines: [{ ...r4.deadlines[0]!, startOn: ['nowhere'] }],
    };
    expect(() => createDefinitionRegistry([badState])).toThrow(
      /X2: deadline preservation names the unknown state "nowhere"/,
    );
  });

  it('changes a period by configuration only, and refuses an override naming no deadline', () => {
    const r = createDefinitionRegistry(BUILT_IN_DEFINITIONS, {
      'P7.answer': { amount: 45, unit: 'days' },
      'R4.preservation.extension': { amount: 90, unit: 'days' },
    });
    expect(r.get('P7')!.deadlines[0]!.period).toEqual({ amount: 45, unit: 'days' });
    expect(r.get('R4')!.deadlines[0]!.extend!.by).toEqual({ amount: 90, unit: 'days' });
    expect(() =>
      createDefinitionRegistry(BUILT_IN_DEFINITIONS, { 'P7.nope': { amount: 1, unit: 'days' } }),
    ).toThrow(DefinitionError);
  });

  it('lists the rules left configurable because the reference marks them [U]', () => {
    expect(unverifiedRules(registry)).toEqual(
      expect.arrayContaining([
        'P7.answer (SAP Art 7(7))',
        'P8.service (SAP Art 8(6))',
        'P8.return (SAP Art 8(6))',
      ]),
    );
  });
});

describe.each(BUILT_IN_DEFINITIONS.map((d) => [d.code, d] as const))('%s', (code, def) => {
  it('accepts a complete draft', () => {
    const { draft, refs } = completeDraft(def);
    expect(validateDraft(def, draft, refs)).toEqual([]);
  });

  const required = def.fields.filter((f) => f.required);
  it.each(required.map((f) => [f.code, f] as const))(
    'refuses a draft missing %s, naming the article and the field',
    (_c, f) => {
      const { draft, refs } = completeDraft(def);
      const fields = { ...draft.fields };
      delete fields[f.code];
      const urgency =
        f.requiredWhen?.field === 'urgency'
          ? (f.requiredWhen.equals as typeof draft.urgency)
          : draft.urgency;
      if (f.requiredWhen && f.requiredWhen.field !== 'urgency')
        fields[f.requiredWhen.field] = f.requiredWhen.equals;
      const problems = validateDraft(def, { ...draft, urgency, fields }, refs);
      expect(problems).toEqual([
        {
          field: f.code,
          article: f.article,
          kind: 'missing',
          message: `${f.article}: ${f.code} is required`,
        },
      ]);
    },
  );

  it('walks its main legal path, each step by the side the definition names', () => {
    const path = MAIN_PATHS[code]!;
    expect(path).toBeDefined();
    for (let i = 1; i < path.length; i++) {
      const side = sideOf(def, path[i - 1]!, path[i]!);
      expect(side, `${path[i - 1]} → ${path[i]}`).toBeDefined();
      const r = findTransition(def, path[i - 1]!, path[i]!, side!);
      expect(r.ok, `${path[i - 1]} → ${path[i]}`).toBe(true);
    }
    expect(def.states.find((s) => s.code === path.at(-1))!.terminal).toBe(true);
  });

  it('reaches every state from draft and leaves no non-final state without a way out', () => {
    const seen = new Set(['draft']);
    const queue = ['draft'];
    while (queue.length > 0) {
      const s = queue.shift()!;
      for (const t of registry.transitionsFrom(def, s))
        if (!seen.has(t.to)) {
          seen.add(t.to);
          queue.push(t.to);
        }
    }
    expect([...seen].sort()).toEqual(def.states.map((s) => s.code).sort());
    for (const s of def.states)
      if (!s.terminal)
        expect(registry.transitionsFrom(def, s.code).length, s.code).toBeGreaterThan(0);
      else expect(registry.transitionsFrom(def, s.code), s.code).toEqual([]);
  });

  it('refuses an illegal transition, naming the allowed ones', () => {
    const r = findTransition(def, 'draft', 'received', 'requester');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const allowed = def.transitions
      .filter((t) => t.from.includes('draft') && t.side === 'requester')
      .map((t) => t.to);
    expect(r.allowed).toEqual([...new Set(allowed)]);
    expect(r.message).toContain(`allowed: ${[...new Set(allowed)].join(', ')}`);
  });
});

describe('typed values', () => {
  const r4 = registry.get('R4')!;
  const base = () => completeDraft(r4);
  const problems = (fields: Record<string, unknown>) => {
    const { draft, refs } = base();
    return validateDraft(r4, { ...draft, fields: { ...draft.fields, ...fields } }, refs).map(
      (p) => p.message,
    );
  };

  it('needs a time zone on the timestamp of an IP address, and a real address', () => {
    expect(
      problems({
        identifiers: [{ kind: 'ip', value: '198.51.100.7', timestamp: '2026-11-28T09:15:00' }],
      }),
    ).toEqual([
      'BC Art 29(2)(c): identifiers [0] an IP address needs a timestamp with its time zone (e.g. 2026-11-28T09:00:00+01:00)',
    ]);
    expect(
      problems({
        identifiers: [{ kind: 'ip', value: '300.1.1.1', timestamp: '2026-11-28T09:15:00Z' }],
      }),
    ).toEqual(['BC Art 29(2)(c): identifiers [0] "300.1.1.1" is not an IPv4 or IPv6 address']);
    expect(
      problems({
        identifiers: [{ kind: 'ip', value: '2001:db8::1', timestamp: '2026-11-28T09:15:00-05:00' }],
      }),
    ).toEqual([]);
  });

  it('checks e-mail, E.164 phone, domain, IMEI and MAC identifiers', () => {
    const ids = [
      { kind: 'email', value: 'not-an-address' },
      { kind: 'phone', value: '0612345678' },
      { kind: 'domain', value: 'exa mple.org' },
      { kind: 'imei', value: '490154203237519' },
      { kind: 'mac', value: '00:1A:2B:3C:4D' },
      { kind: 'email', value: 'abuse@example.org' },
      { kind: 'phone', value: '+33612345678' },
      { kind: 'imei', value: '490154203237518' },
      { kind: 'mac', value: '00:1a:2b:3c:4d:5e' },
    ];
    expect(problems({ identifiers: ids })).toEqual([
      'BC Art 29(2)(c): identifiers [0] "not-an-address" is not an e-mail address',
      'BC Art 29(2)(c): identifiers [1] "0612345678" is not an E.164 phone number (e.g. +33123456789)',
      'BC Art 29(2)(c): identifiers [2] "exa mple.org" is not a domain name',
      'BC Art 29(2)(c): identifiers [3] "490154203237519" is not a valid IMEI',
      'BC Art 29(2)(c): identifiers [4] "00:1A:2B:3C:4D" is not a MAC address',
    ]);
  });

  it('checks offence codes against the taxonomy, and that a modifier qualifies an offence', () => {
    expect(problems({ offences: ['BC-99-nothing'] })).toEqual([
      'BC Art 29(2)(b): offences "BC-99-nothing" is not an offence code of the taxonomy',
    ]);
    expect(problems({ offences: ['BC-11-attempt'] })).toEqual([
      'BC Art 29(2)(b): offences names only modifiers: add the offence they qualify',
    ]);
    expect(problems({ offences: ['BC-8-computer-fraud', 'BC-11-attempt'] })).toEqual([]);
  });

  it('marks free text with its language, and refuses unknown fields and urgencies', () => {
    expect(problems({ facts: 'plain string' })).toEqual([
      'BC Art 29(2)(b): facts must be { text, lang }: free text with its language tag',
    ]);
    expect(problems({ colour: 'red' })).toEqual(['colour is not a field of R4']);
    const { draft, refs } = base();
    expect(
      validateDraft(
        registry.get('P9')!,
        { ...draft, urgency: 'normal', channel: '24_7', fields: {} },
        refs,
      )[0]!.message,
    ).toBe('urgency normal is not allowed for P9 (allowed: emergency)');
  });

  it('orders a time range and checks references: R6 → R4, R5 → R4', () => {
    const r6 = registry.get('R6')!;
    const { draft, refs } = completeDraft(r6);
    const wrong = '11111111-1111-4111-8111-111111111111';
    refs.set(wrong, { type: 'R1' });
    const got = validateDraft(
      r6,
      {
        ...draft,
        fields: {
          ...draft.fields,
          time_range: { start: '2026-11-28T00:00:00Z', end: '2026-11-01T00:00:00Z' },
          preservation_ref: wrong,
        },
      },
      refs,
    ).map((p) => p.message);
    expect(got).toEqual([
      'BC Art 31(1): preservation_ref must refer to a R4 request, not R1',
      'BC Art 31(1): time_range start must be before end',
    ]);
    const r5 = registry.get('R5')!;
    const c5 = completeDraft(r5);
    const missing = '22222222-2222-4222-8222-222222222222';
    expect(
      validateDraft(
        r5,
        { ...c5.draft, fields: { ...c5.draft.fields, preservation_ref: missing } },
        c5.refs,
      ).map((p) => p.message),
    ).toEqual([`BC Art 30(1): preservation_ref refers to no request ${missing}`]);
  });

  it('requires the consent evidence of an R7 record only when the basis is consent', () => {
    const r7 = registry.get('R7')!;
    const { draft, refs } = completeDraft(r7);
    const { consent_evidence: _drop, ...rest } = draft.fields;
    expect(validateDraft(r7, { ...draft, fields: { ...rest, basis: 'public' } }, refs)).toEqual([]);
    expect(
      validateDraft(r7, { ...draft, fields: { ...rest, basis: 'consent' } }, refs).map(
        (p) => p.message,
      ),
    ).toEqual(['BC Art 32(b): consent_evidence is required']);
  });
});
