import { describe, expect, it } from 'vitest';
import { TaxiiClient } from './taxii-client.js';
import { TaxiiClientError } from './taxii-client.errors.js';
import { pollDelays, pushObjects } from './taxii-push.js';

const ROOT = 'http://127.0.0.1:1/api1/';
const TAXII = { 'content-type': 'application/taxii+json;version=2.1' };

/** A fake server: `answer` maps each request to a status and body; the calls are recorded. */
function fakeClient(answer: (method: string, url: string, body?: string) => [number, unknown]) {
  const calls: string[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push(`${init.method} ${url}`);
    const [status, body] = answer(init.method ?? 'GET', url, init.body as string | undefined);
    return new Response(JSON.stringify(body), { status, headers: TAXII });
  }) as unknown as typeof globalThis.fetch;
  return { client: new TaxiiClient({ credentials: { kind: 'none' }, fetch }), calls };
}

/** A fake clock whose sleep moves time on, and the pauses asked for. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

const objects = [
  { id: 'indicator--1', modified: '2026-01-01T00:00:00Z' },
  { id: 'indicator--2', modified: '2026-01-01T00:00:00Z' },
];

describe('pushObjects (TAXII 2.1 §5.4 add objects, §4.3 status)', () => {
  it('backs off between polls, doubling up to the bound', () => {
    expect(pollDelays(250, 2000, 6)).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });

  it('reports objects still pending when the status never completes within the wait', async () => {
    const pending = {
      id: 's1',
      status: 'pending',
      total_count: 2,
      success_count: 0,
      failure_count: 0,
      pending_count: 2,
      pendings: objects.map((o) => ({ id: o.id, version: o.modified })),
    };
    const { client, calls } = fakeClient((m) => [m === 'POST' ? 202 : 200, pending]);
    const time = fakeTime();
    const report = await pushObjects(client, ROOT, 'c1', objects, {
      maxContentLength: 10_000,
      statusTimeoutMs: 5_000,
      ...time,
    });
    expect(report.pendings.map((p) => p.id)).toEqual(['indicator--1', 'indicator--2']);
    expect(report.successes).toEqual([]);
    expect(time.sleeps).toEqual([250, 500, 1000, 2000, 1250]);
    expect(calls.filter((c) => c.startsWith('GET ')).every((c) => c.endsWith('/status/s1/'))).toBe(
      true,
    );
  });

  it('counts a complete status with counts only as successes', async () => {
    const { client } = fakeClient(() => [
      202,
      {
        id: 's2',
        status: 'complete',
        total_count: 2,
        success_count: 2,
        failure_count: 0,
        pending_count: 0,
      },
    ]);
    const report = await pushObjects(client, ROOT, 'c1', objects, { maxContentLength: 10_000 });
    expect(report.successes.map((s) => s.id)).toEqual(['indicator--1', 'indicator--2']);
  });

  it('stops at once on 401, and marks the envelope failed on 413 from a server that accepts less than it says', async () => {
    const denied = fakeClient(() => [401, { title: 'Unauthorized', description: 'no' }]);
    await expect(
      pushObjects(denied.client, ROOT, 'c1', objects, { maxContentLength: 10_000 }),
    ).rejects.toThrow(TaxiiClientError);
    const small = fakeClient((_m, _u, body) =>
      (body?.length ?? 0) > 60
        ? [413, { title: 'Payload Too Large', description: 'over 60 bytes' }]
        : [
            202,
            {
              id: 's',
              status: 'complete',
              total_count: 1,
              success_count: 1,
              failure_count: 0,
              pending_count: 0,
            },
          ],
    );
    const report = await pushObjects(small.client, ROOT, 'c1', objects, { maxContentLength: 200 });
    expect(report.failures.map((f) => f.id)).toEqual(['indicator--1', 'indicator--2']);
    expect(report.failures[0]!.message).toContain(
      '→ 413 (the request is larger than the server accepts',
    );
    expect(report.failures[0]!.message).toContain('Payload Too Large: over 60 bytes');
  });
});

describe('TaxiiClient answers', () => {
  it('names 406 and 415 with their meaning, and refuses a non-envelope', async () => {
    const notAcceptable = fakeClient(() => [406, { title: 'Not Acceptable' }]);
    await expect(notAcceptable.client.collections(ROOT)).rejects.toThrow(
      `GET ${ROOT}collections/ → 406 (the server does not answer application/taxii+json;version=2.1): Not Acceptable`,
    );
    const unsupported = fakeClient(() => [415, { title: 'Unsupported Media Type' }]);
    await expect(unsupported.client.add(ROOT, 'c1', objects)).rejects.toThrow(
      '→ 415 (the server refused the content type): Unsupported Media Type',
    );
    const weird = fakeClient(() => [200, { more: false, objects: 'nope' }]);
    await expect(weird.client.objects(ROOT, 'c1', {})).rejects.toThrow(
      'the envelope\'s "objects" is not an array of objects',
    );
  });

  it('sends Basic and Bearer credentials', async () => {
    const seen: string[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push((init.headers as Record<string, string>).authorization ?? '');
      return new Response('{"api_roots":[]}', { status: 200, headers: TAXII });
    }) as unknown as typeof globalThis.fetch;
    await new TaxiiClient({
      credentials: { kind: 'basic', user: 'u', password: 'p:w' },
      fetch,
    }).discover(ROOT);
    await new TaxiiClient({ credentials: { kind: 'bearer', token: 't0k' }, fetch }).discover(ROOT);
    expect(seen).toEqual([`Basic ${Buffer.from('u:p:w').toString('base64')}`, 'Bearer t0k']);
  });
});
