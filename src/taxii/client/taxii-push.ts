import { splitIntoEnvelopes } from './envelope-split.js';
import { TaxiiClientError } from './taxii-client.errors.js';
import type { TaxiiClient, TaxiiStatusResource } from './taxii-client.js';

/**
 * Pushes objects to a collection (TAXII 2.1 §5.4): splits them into envelopes within the API
 * root's `max_content_length`, posts each, and polls its status resource (§4.3) until it is
 * `complete` or the wait runs out, backing off between polls. Reports every object as a
 * success, a failure or still pending.
 */
export interface PushItem {
  readonly id: string;
  readonly version?: string;
  readonly message?: string;
}

export interface PushReport {
  readonly envelopes: number;
  readonly successes: readonly PushItem[];
  readonly failures: readonly PushItem[];
  readonly pendings: readonly PushItem[];
}

export interface PushOptions {
  readonly maxContentLength: number;
  /** Longest wait for one status to become complete, in ms (default 60 s). */
  readonly statusTimeoutMs?: number;
  /** First pause between polls, in ms (default 250), doubled up to `maxPollMs`. */
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** After each envelope: objects handled so far, bytes sent so far. */
  readonly onEnvelope?: (objects: number, bytes: number) => void;
}

/** HTTP statuses after which no further envelope can succeed: stop at once. */
const FATAL = new Set([401, 403, 404, 406, 415]);

type Obj = Record<string, unknown>;

function idOf(o: Obj): PushItem {
  return {
    id: typeof o.id === 'string' ? o.id : '(no id)',
    ...(typeof o.modified === 'string' ? { version: o.modified } : {}),
  };
}

/** Backoff pauses: `first`, doubled each time, never above `max`. */
export function pollDelays(first: number, max: number, count: number): number[] {
  const out: number[] = [];
  for (let d = first, i = 0; i < count; i++, d = Math.min(d * 2, max)) out.push(Math.min(d, max));
  return out;
}

export async function pushObjects(
  client: TaxiiClient,
  apiRoot: string,
  collection: string,
  objects: readonly Obj[],
  options: PushOptions,
): Promise<PushReport> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? (() => Date.now());
  const timeout = options.statusTimeoutMs ?? 60_000;
  const first = options.firstPollMs ?? 250;
  const max = options.maxPollMs ?? 2_000;
  const split = splitIntoEnvelopes(objects, options.maxContentLength);
  const successes: PushItem[] = [];
  const failures: PushItem[] = split.tooLarge.map(({ object, bytes }) => ({
    ...idOf(object),
    message: `${bytes} bytes alone, over the server's max_content_length of ${options.maxContentLength}`,
  }));
  const pendings: PushItem[] = [];
  let done = 0;
  let bytes = 0;
  for (const envelope of split.envelopes) {
    let status: TaxiiStatusResource;
    try {
      status = await client.add(apiRoot, collection, envelope);
      const deadline = now() + timeout;
      let delay = first;
      while (status.status !== 'complete' && now() < deadline) {
        await sleep(Math.min(delay, Math.max(deadline - now(), 0)));
        delay = Math.min(delay * 2, max);
        status = await client.status(apiRoot, status.id);
      }
    } catch (err) {
      if (!(err instanceof TaxiiClientError) || (err.status !== null && FATAL.has(err.status)))
        throw err;
      if (err.status === null && done === 0) throw err;
      for (const o of envelope) failures.push({ ...idOf(o), message: err.message });
      done += envelope.length;
      options.onEnvelope?.(done, bytes);
      continue;
    }
    bytes += Buffer.byteLength(JSON.stringify({ objects: envelope }));
    successes.push(...(status.successes ?? []));
    failures.push(...(status.failures ?? []));
    pendings.push(...(status.pendings ?? []));
    // A server may give only counts: what is neither listed as success nor failure is pending.
    const listed = (status.successes?.length ?? 0) + (status.failures?.length ?? 0);
    if (listed + (status.pendings?.length ?? 0) < envelope.length) {
      const seen = new Set(
        [...(status.successes ?? []), ...(status.failures ?? []), ...(status.pendings ?? [])].map(
          (i) => i.id,
        ),
      );
      for (const o of envelope) {
        const item = idOf(o);
        if (!seen.has(item.id))
          (status.status === 'complete' && status.failure_count === 0 ? successes : pendings).push(
            item,
          );
      }
    }
    done += envelope.length;
    options.onEnvelope?.(done, bytes);
  }
  return { envelopes: split.envelopes.length, successes, failures, pendings };
}
