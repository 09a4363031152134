import { describe, expect, it } from 'vitest';
import { DEFAULT_COOPERATION_SETTINGS } from '../../src/cooperation/cooperation.settings.js';
import { BUILT_IN_DEFINITIONS } from '../../src/cooperation/definitions/index.js';
import type { User } from '../../web/src/api/types.js';
import {
  allowedTransitions,
  byNearestDeadline,
  childTypes,
  draftableTypes,
  isRequired,
  legalRolesOf,
  parentField,
  submitStep,
  type Catalogue,
  type RequestView,
} from '../../web/src/requests/requests-api.js';

/* The pure rules of the request pages (issue 7, item 9): who may draft and do what, the order of the boxes. */

const catalogue: Catalogue = {
  types: BUILT_IN_DEFINITIONS,
  codeLists: {},
  offences: [],
  roleMap: DEFAULT_COOPERATION_SETTINGS.roleMap,
  approvers: { R4: { IT: ['judge'] } },
};
const r4 = BUILT_IN_DEFINITIONS.find((d) => d.code === 'R4')!;

const user = (role: string, sector = 'law-enforcement', country = 'FR'): User => ({
  id: 'u',
  username: 'u',
  role,
  organization: { id: 'o', name: 'O', sector, country },
});

describe('legal roles and drafting', () => {
  it('maps node roles to legal roles, the provider role only in industry', () => {
    expect(legalRolesOf(user('contact-point'), catalogue)).toEqual([
      'contact-point',
      'central-authority',
    ]);
    expect(legalRolesOf(user('contact-point', 'industry'), catalogue)).toEqual(['provider']);
    expect(legalRolesOf(user('analyst'), catalogue)).toEqual([]);
  });

  it('offers only the types the user may send, without the children of another request', () => {
    const codes = draftableTypes(user('contact-point'), catalogue).map((d) => d.code);
    expect(codes).toContain('R4');
    expect(codes).not.toContain('R5');
    expect(draftableTypes(user('reporter'), catalogue)).toEqual([]);
  });
});

describe('child requests', () => {
  it('offers an R5 from an R4 only to its executing side, naming the R4 in preservation_ref', () => {
    const poc = user('contact-point');
    expect(
      childTypes(poc, catalogue, { type: 'R4', side: 'recipient' }).map((d) => d.code),
    ).toEqual(['R5']);
    expect(childTypes(poc, catalogue, { type: 'R4', side: 'requester' })).toEqual([]);
    expect(childTypes(user('reporter'), catalogue, { type: 'R4', side: 'recipient' })).toEqual([]);
    const r5 = BUILT_IN_DEFINITIONS.find((d) => d.code === 'R5')!;
    expect(parentField(r5)?.code).toBe('preservation_ref');
    expect(parentField(r4)).toBeUndefined();
  });
});

describe('allowed transitions', () => {
  it('gives each side its own steps from the current state', () => {
    const poc = user('contact-point');
    const to = (state: string, side: 'requester' | 'recipient') =>
      allowedTransitions(poc, catalogue, r4, { state, side }).map((t) => t.to);
    expect(to('pending_approval', 'requester')).toEqual(['draft', 'approved', 'withdrawn']);
    expect(to('received', 'recipient')).toEqual(['acknowledged', 'risk_warned', 'refused']);
    expect(to('received', 'requester')).toEqual(['withdrawn']);
    expect(to('withdrawn', 'requester')).toEqual([]);
  });

  it('uses the approvers configured for the user’s country for four-eyes steps', () => {
    const italian = user('contact-point', 'law-enforcement', 'IT');
    const steps = allowedTransitions(italian, catalogue, r4, {
      state: 'pending_approval',
      side: 'requester',
    });
    expect(steps.map((t) => t.to)).toEqual(['draft', 'withdrawn']);
    const judge = allowedTransitions(user('investigator', 'law-enforcement', 'IT'), catalogue, r4, {
      state: 'pending_approval',
      side: 'requester',
    });
    // The investigator holds judge (and central-authority, hence the other steps).
    expect(judge.map((t) => t.to)).toEqual(['draft', 'approved', 'withdrawn']);
  });
});

describe('submitting a draft', () => {
  it('goes to approval, straight to the recipient or into the record, as the type says', () => {
    const to = (code: string) => submitStep(BUILT_IN_DEFINITIONS.find((d) => d.code === code)!)?.to;
    expect(to('R4')).toBe('pending_approval');
    expect(to('P9')).toBe('sent');
    expect(to('R7')).toBe('recorded');
  });
});

describe('box order', () => {
  const view = (id: string, dueAt: string | null, updatedAt = '2026-11-01T00:00:00Z') =>
    ({
      id,
      updatedAt,
      nextDeadline: dueAt ? { code: 'x', dueAt, zone: 'UTC' } : null,
    }) as RequestView;

  it('puts the nearest deadline first, then requests without a clock, newest first', () => {
    const sorted = [
      view('none-old', null, '2026-10-01T00:00:00Z'),
      view('late', '2026-12-30T00:00:00Z'),
      view('none-new', null, '2026-11-20T00:00:00Z'),
      view('soon', '2026-12-01T10:00:00+01:00'),
      view('overdue', '2026-11-02T00:00:00Z'),
    ].sort(byNearestDeadline);
    expect(sorted.map((v) => v.id)).toEqual(['overdue', 'soon', 'late', 'none-new', 'none-old']);
  });
});

describe('required fields', () => {
  it('follows requiredWhen', () => {
    const f = {
      code: 'consent_evidence',
      type: 'free-text',
      required: true,
      requiredWhen: { field: 'basis', equals: 'consent' },
      article: 'BC Art 32(b)',
    };
    expect(isRequired(f, 'normal', { basis: 'consent' })).toBe(true);
    expect(isRequired(f, 'normal', { basis: 'public' })).toBe(false);
    expect(isRequired({ ...f, required: false }, 'normal', { basis: 'consent' })).toBe(false);
  });
});
