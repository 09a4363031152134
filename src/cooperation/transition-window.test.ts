import { describe, expect, it } from 'vitest';
import { BUILT_IN_DEFINITIONS } from './definitions/index.js';
import { lateStepProblem } from './transition-window.js';

const e1 = BUILT_IN_DEFINITIONS.find((d) => d.code === 'E1')!;
const step = (to: string) => e1.transitions.find((t) => t.to === to)!;
const RECEIVED = '2026-12-01T09:00:00.000Z';

describe('steps open only for a while after receipt', () => {
  it('takes an Art 17 objection to an EPOC within 10 days of receipt, and refuses it after', () => {
    const objection = step('objection_art17');
    expect(lateStepProblem(e1, objection, RECEIVED, new Date('2026-12-11T09:00:00.000Z'))).toBe(
      null,
    );
    expect(lateStepProblem(e1, objection, RECEIVED, new Date('2026-12-11T09:00:01.000Z'))).toBe(
      'E1 → objection_art17 is possible only within 10 days of receipt (EU Reg 2023/1543 Art 17(2)): received 2026-12-01T09:00:00.000Z, closed 2026-12-11T09:00:00.000Z',
    );
  });

  it('leaves other steps, and requests not yet received, open', () => {
    const late = new Date('2027-06-01T00:00:00.000Z');
    expect(lateStepProblem(e1, step('produced'), RECEIVED, late)).toBe(null);
    expect(lateStepProblem(e1, step('objection_art17'), null, late)).toBe(null);
  });
});
