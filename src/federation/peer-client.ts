import { randomBytes } from 'node:crypto';
import type { NodeDescriptor } from './descriptor.js';
import type { NodeIdentity } from './federation.types.js';
import { SIGNED_HEADERS, signRequest } from './signed-request.js';

/**
 * The client side of signed node-to-node requests (issue 6 §2): every request is signed for
 * its recipient (`signed-request.ts`), bounded in time (`timeoutMs`, via `AbortSignal`) and in
 * the size of the answer read (`maxResponseBytes`). The change feed pushes and pulls with it.
 */
export interface PeerClient {
  /**
   * Sends a signed request to `peer` (`path` under its base URL, e.g. `/federation/v1/hello`,
   * with its query) with `body` as JSON. Resolves with any HTTP answer (status and parsed JSON,
   * null when empty); rejects with {@link PeerRequestError} when the peer cannot be reached, is
   * too slow, or answers too much or not JSON.
   */
  request(
    peer: { readonly nodeId: string; readonly descriptor: Pick<NodeDescriptor, 'baseUrl'> },
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<PeerResponse>;
  /** GETs a descriptor (unsigned, unverified JSON) from a URL, with the same bounds. */
  fetchJson(url: string): Promise<unknown>;
}

export interface PeerResponse {
  readonly status: number;
  readonly json: unknown;
}

export class PeerRequestError extends Error {
  override name = 'PeerRequestError';
}

export interface PeerClientOptions {
  /** This node's identity, or how to get it (it changes when the key rotates). */
  readonly identity: NodeIdentity | (() => Promise<NodeIdentity>);
  readonly fetch?: typeof globalThis.fetch;
  readonly timeoutMs: number;
  /** Largest answer read, in bytes (default 16 MiB). */
  readonly maxResponseBytes?: number;
  readonly now?: () => Date;
  /** Nonce bytes (default: `crypto.randomBytes`). */
  readonly randomBytes?: (n: number) => Buffer;
}

const DEFAULT_MAX_RESPONSE = 16 * 1024 * 1024;

export function createPeerClient(options: PeerClientOptions): PeerClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  const now = options.now ?? (() => new Date());
  const random = options.randomBytes ?? randomBytes;
  const identity = async () =>
    typeof options.identity === 'function' ? options.identity() : options.identity;

  async function send(url: string, init: RequestInit): Promise<PeerResponse> {
    let res: Response;
    try {
      res = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new PeerRequestError(`${url}: no answer within ${options.timeoutMs} ms`);
      }
      const cause = (e.cause as Error | undefined)?.message;
      throw new PeerRequestError(`${url}: ${cause ?? e.message}`);
    }
    const text = await readBounded(res, url, maxBytes);
    let json: unknown = null;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new PeerRequestError(`${url}: the answer (HTTP ${res.status}) is not JSON`);
      }
    }
    return { status: res.status, json };
  }

  return {
    async request(peer, method, path, body) {
      const self = await identity();
      const bytes = body === undefined ? null : Buffer.from(JSON.stringify(body), 'utf8');
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...signRequest(
          self,
          { method, path, to: peer.nodeId, body: bytes, now: now() },
          random(18).toString('base64url'),
        ),
      };
      const mine = self.descriptor();
      if (mine.keyHistory.length > 0) {
        headers[SIGNED_HEADERS.descriptor] = Buffer.from(JSON.stringify(mine)).toString(
          'base64url',
        );
      }
      if (bytes !== null) headers['content-type'] = 'application/json';
      const url = `${peer.descriptor.baseUrl.replace(/\/+$/, '')}${path}`;
      return send(url, { method, headers, ...(bytes === null ? {} : { body: bytes }) });
    },
    async fetchJson(url) {
      const res = await send(url, { method: 'GET', headers: { accept: 'application/json' } });
      if (res.status !== 200) throw new PeerRequestError(`${url}: HTTP ${res.status}`);
      return res.json;
    },
  };
}

async function readBounded(res: Response, url: string, maxBytes: number): Promise<string> {
  if (res.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new PeerRequestError(`${url}: the answer exceeds ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof PeerRequestError) throw err;
    throw new PeerRequestError(`${url}: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}
