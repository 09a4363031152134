import { describe, expect, it } from 'vitest';
import { isFinalRefusal } from './exchange-transport.js';

describe('isFinalRefusal (issue 7, item 5)', () => {
  it('ends the delivery on a 409, and on a 400, 403, 404 or 422 naming the problem', () => {
    expect(isFinalRefusal(409, undefined)).toBe(true);
    for (const status of [400, 403, 404, 422])
      expect(isFinalRefusal(status, 'no route to the recipient')).toBe(true);
  });

  it('keeps backing off on 5xx, 401, other statuses, and refusals that name nothing', () => {
    for (const status of [500, 502, 503, 504, 401, 408, 429])
      expect(isFinalRefusal(status, 'busy')).toBe(false);
    expect(isFinalRefusal(404, undefined)).toBe(false);
    expect(isFinalRefusal(400, '  ')).toBe(false);
  });
});
