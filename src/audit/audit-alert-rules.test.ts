import { describe, expect, it } from 'vitest';
import { evaluateWindow, outsideCases, type AlertSettings } from './audit-alert-rules.js';

const settings: AlertSettings = {
  windowSeconds: 3600,
  bulkReads: 1000,
  rateFactor: 10,
  rateMinimum: 1000,
  baselineDays: 7,
  workingHours: { from: 0, to: 24 },
};

describe("access outside a user's cases (issue 8, item 5)", () => {
  it("tells which entries reached outside the actor's cases", () => {
    expect(outsideCases('case.read.operator', { via: 'get' })).toBe('read a case as the operator');
    expect(outsideCases('case.read.break-glass', null)).toBe('read a case under break-glass');
    expect(outsideCases('privacy.open', { cases: ['c1 (grant)'] })).toContain('under a grant');
    expect(outsideCases('privacy.open', { cases: ['c1 (grant)', 'c2 (member)'] })).toBeNull();
    expect(outsideCases('privacy.open-refused', { refusal: 'outside-case' })).toContain('tried');
    expect(outsideCases('privacy.open-refused', { refusal: 'role' })).toBeNull();
    expect(outsideCases('object.read', null)).toBeNull();
  });

  it('raises one alert per actor and window, naming the entries', () => {
    const at = '2026-11-02T10:05:00.000Z';
    const findings = evaluateWindow({
      windowStart: new Date('2026-11-02T10:00:00Z'),
      settings,
      baseline: [],
      current: [
        { seq: 7, at, actor: 'user:eve', action: 'case.read.operator', count: 1, outside: 'x' },
        { seq: 9, at, actor: 'user:eve', action: 'privacy.open', count: 1, outside: 'y' },
        { seq: 8, at, actor: 'user:bob', action: 'privacy.open', count: 1, outside: null },
      ],
    });
    expect(findings.map((f) => [f.rule, f.subject, f.count, f.details.seqs])).toEqual([
      ['outside-cases', 'user:eve', 2, [7, 9]],
    ]);
    expect(findings[0]!.key).toBe('outside-cases:user:eve:2026-11-02T10:00:00.000Z');
    expect(findings[0]!.message).toContain('x; y (entries #7, #9)');
  });
});
