import { describe, expect, it } from 'vitest';
import { errorResourceOf, httpError, transportError } from './taxii-client.errors.js';

describe('TAXII client errors (§3.6.1 error message resource)', () => {
  it('names method, URL, status, a hint and the resource title and description', () => {
    const e = httpError('GET', 'http://127.0.0.1:1/taxii2/', 401, {
      title: 'Unauthorized',
      description: 'bad token',
      http_status: '401',
    });
    expect(e.message).toBe(
      'GET http://127.0.0.1:1/taxii2/ → 401 (authentication failed or is missing (give --user/--password or --token)): Unauthorized: bad token',
    );
    expect(e.status).toBe(401);
    expect(e.resource).toEqual({ title: 'Unauthorized', description: 'bad token' });
  });

  it('works without an error resource (a proxy page, an empty body)', () => {
    const e = httpError('POST', 'http://h/x/', 413, undefined);
    expect(e.message).toBe(
      'POST http://h/x/ → 413 (the request is larger than the server accepts (max_content_length))',
    );
    expect(errorResourceOf('<html>')).toBeNull();
    expect(errorResourceOf({ description: 'no title' })).toBeNull();
  });

  it('names the system error when nothing answered', () => {
    const cause = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    expect(transportError('GET', 'http://127.0.0.1:9/', cause).message).toBe(
      'cannot reach http://127.0.0.1:9/ (GET): ECONNREFUSED',
    );
  });
});
