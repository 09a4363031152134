import { describe, expect, it } from 'vitest';
import { externalDecision } from './delivery-policy.js';

const routed = { routedToThisContact: true };
const other = { routedToThisContact: false };

describe('externalDecision (what a recipient outside nohaven may be sent)', () => {
  it('sends CLEAR, GREEN and unmarked content of a community distribution to anyone', () => {
    for (const tlp of ['clear', 'green', null])
      for (const distribution of ['community', 'connected', 'all'])
        expect(externalDecision({ tlp, distribution }, other)).toEqual({ send: 'content' });
  });

  it('sends AMBER only to the contact the finding was routed to', () => {
    expect(externalDecision({ tlp: 'amber', distribution: 'community' }, routed)).toEqual({
      send: 'content',
    });
    expect(externalDecision({ tlp: 'amber', distribution: 'community' }, other)).toEqual({
      send: 'notice',
      reason: 'amber-need-to-know',
    });
  });

  it('never sends AMBER+STRICT, RED or an unknown level, routed or not', () => {
    for (const tlp of ['amber+strict', 'red', 'purple'])
      for (const r of [routed, other])
        expect(externalDecision({ tlp, distribution: 'all' }, r)).toEqual({
          send: 'notice',
          reason: 'tlp-too-strict',
        });
  });

  it('never sends a restricted distribution, whatever the TLP', () => {
    for (const distribution of ['organisation', 'sharing-group:g1', 'unknown'])
      for (const tlp of ['clear', 'green', 'amber'])
        expect(externalDecision({ tlp, distribution }, routed)).toEqual({
          send: 'notice',
          reason: 'restricted-distribution',
        });
  });
});
