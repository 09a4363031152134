import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from '../taxii-media.js';
import { envelopeBody } from './envelope-split.js';
import { bodyError, httpError, transportError, TaxiiClientError } from './taxii-client.errors.js';
import type { PageRequest } from './pull-cursor.js';

/**
 * A small TAXII 2.1 client (OASIS TAXII Version 2.1 CS01): discovery (§4.1), API root (§4.2),
 * collections (§5.1, §5.2), get objects (§5.3), add objects (§5.4) and status (§4.3). Every
 * request accepts `application/taxii+json;version=2.1`; bodies are TAXII envelopes. The one
 * effect, HTTP, is the `fetch` passed in (Node's own by default).
 */

/** HTTP Basic (§1.6.9) or a Bearer token, or nothing. */
export type TaxiiCredentials =
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'none' };

export interface TaxiiClientOptions {
  readonly credentials: TaxiiCredentials;
  readonly fetch?: typeof fetch;
  /** Per request, milliseconds (default 60 s). */
  readonly timeoutMs?: number;
}

export interface Discovery {
  readonly title?: string;
  readonly description?: string;
  readonly default?: string;
  /** Absolute URLs of the API roots. */
  readonly api_roots: readonly string[];
}

export interface ApiRootInfo {
  readonly title?: string;
  readonly versions?: readonly string[];
  readonly max_content_length: number;
}

export interface CollectionInfo {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly alias?: string;
  readonly can_read: boolean;
  readonly can_write: boolean;
  readonly media_types?: readonly string[];
}

export interface ObjectsPage {
  readonly more: boolean;
  readonly next?: string;
  readonly objects: readonly Record<string, unknown>[];
  readonly dateAddedFirst?: string;
  readonly dateAddedLast?: string;
  /** Bytes of the response body. */
  readonly bytes: number;
}

/** The status resource (§4.3.1). */
export interface TaxiiStatusResource {
  readonly id: string;
  readonly status: 'pending' | 'complete';
  readonly total_count: number;
  readonly success_count: number;
  readonly failure_count: number;
  readonly pending_count: number;
  readonly successes?: readonly { id: string; version?: string; message?: string }[];
  readonly failures?: readonly { id: string; version?: string; message?: string }[];
  readonly pendings?: readonly { id: string; version?: string; message?: string }[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `url` with a trailing slash: TAXII endpoints end with one (§3.1). */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function authorization(credentials: TaxiiCredentials): string | undefined {
  if (credentials.kind === 'basic')
    return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
  if (credentials.kind === 'bearer') return `Bearer ${credentials.token}`;
  return undefined;
}

export class TaxiiClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  constructor(private readonly options: TaxiiClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** One request; a non-2xx answer or a body that is not JSON throws {@link TaxiiClientError}. */
  async request(
    method: 'GET' | 'POST',
    url: string,
    body?: string,
  ): Promise<{ status: number; headers: Headers; json: unknown; bytes: number }> {
    const headers: Record<string, string> = { accept: TAXII_MEDIA_TYPE };
    const auth = authorization(this.options.credentials);
    if (auth !== undefined) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = TAXII_MEDIA_TYPE;
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(url, {
        method,
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw transportError(method, url, err);
    }
    let json: unknown = undefined;
    let parseProblem: string | null = null;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch (err) {
        parseProblem = `the body is not valid JSON (${(err as Error).message}; content-type ${res.headers.get('content-type') ?? 'none'})`;
      }
    }
    if (res.status < 200 || res.status > 299) throw httpError(method, url, res.status, json);
    if (parseProblem !== null) throw bodyError(method, url, res.status, parseProblem);
    return { status: res.status, headers: res.headers, json, bytes: Buffer.byteLength(text) };
  }

  private async getObject(url: string, what: string): Promise<Json> {
    const { json, status } = await this.request('GET', url);
    if (!isObject(json)) throw bodyError('GET', url, status, `expected ${what} (a JSON object)`);
    return json;
  }

  /**
   * Discovery (§4.1) at `url`. When `url` is an API root rather than a discovery endpoint (its
   * answer has `max_content_length`, no `api_roots`), that root is the only one.
   */
  async discover(url: string): Promise<Discovery> {
    const base = withSlash(url);
    const json = await this.getObject(base, 'a discovery resource');
    if (Array.isArray(json.api_roots) || typeof json.default === 'string') {
      const roots = (Array.isArray(json.api_roots) ? json.api_roots : [])
        .filter((r): r is string => typeof r === 'string')
        .map((r) => withSlash(new URL(r, base).toString()));
      const def =
        typeof json.default === 'string'
          ? withSlash(new URL(json.default, base).toString())
          : undefined;
      return {
        ...(typeof json.title === 'string' ? { title: json.title } : {}),
        ...(typeof json.description === 'string' ? { description: json.description } : {}),
        ...(def !== undefined ? { default: def } : {}),
        api_roots: roots,
      };
    }
    if (typeof json.max_content_length === 'number') return { default: base, api_roots: [base] };
    throw bodyError('GET', base, 200, 'neither a discovery nor an API root resource');
  }

  /** The API root a command works on: `default`, else the only one listed. */
  async resolveApiRoot(url: string): Promise<string> {
    const d = await this.discover(url);
    const root = d.default ?? (d.api_roots.length === 1 ? d.api_roots[0] : undefined);
    if (root === undefined)
      throw new TaxiiClientError(
        `${withSlash(url)} lists ${d.api_roots.length} API roots and no default: give one of them as URL (${d.api_roots.join(', ')})`,
        'GET',
        withSlash(url),
      );
    return root;
  }

  async apiRoot(apiRoot: string): Promise<ApiRootInfo> {
    const json = await this.getObject(apiRoot, 'an API root resource');
    if (typeof json.max_content_length !== 'number' || json.max_content_length <= 0)
      throw bodyError('GET', apiRoot, 200, 'the API root has no positive max_content_length');
    return json as unknown as ApiRootInfo;
  }

  async collections(apiRoot: string): Promise<CollectionInfo[]> {
    const url = `${apiRoot}collections/`;
    const json = await this.getObject(url, 'a collections resource');
    if (json.collections === undefined) return [];
    if (!Array.isArray(json.collections))
      throw bodyError('GET', url, 200, '"collections" is not an array');
    return json.collections.filter(isObject) as unknown as CollectionInfo[];
  }

  /** One page of a collection's objects (§5.3). */
  async objects(
    apiRoot: string,
    collection: string,
    page: PageRequest & { limit?: number },
  ): Promise<ObjectsPage> {
    const u = new URL(`${apiRoot}collections/${encodeURIComponent(collection)}/objects/`);
    if (page.addedAfter !== undefined) u.searchParams.set('added_after', page.addedAfter);
    if (page.next !== undefined) u.searchParams.set('next', page.next);
    if (page.limit !== undefined) u.searchParams.set('limit', String(page.limit));
    const url = u.toString();
    const { json, headers, bytes } = await this.request('GET', url);
    const env = json === undefined ? {} : json;
    if (!isObject(env)) throw bodyError('GET', url, 200, 'expected an envelope (a JSON object)');
    const objects = env.objects ?? [];
    if (!Array.isArray(objects) || !objects.every(isObject))
      throw bodyError('GET', url, 200, 'the envelope\'s "objects" is not an array of objects');
    const first = headers.get('x-taxii-date-added-first') ?? undefined;
    const last = headers.get('x-taxii-date-added-last') ?? undefined;
    return {
      more: env.more === true,
      ...(typeof env.next === 'string' ? { next: env.next } : {}),
      objects,
      ...(first !== undefined ? { dateAddedFirst: first } : {}),
      ...(last !== undefined ? { dateAddedLast: last } : {}),
      bytes,
    };
  }

  /** Adds objects (§5.4): one envelope POST; returns the status resource. */
  async add(
    apiRoot: string,
    collection: string,
    objects: readonly unknown[],
  ): Promise<TaxiiStatusResource> {
    const url = `${apiRoot}collections/${encodeURIComponent(collection)}/objects/`;
    const { json } = await this.request('POST', url, envelopeBody(objects));
    return statusOf('POST', url, json);
  }

  async status(apiRoot: string, id: string): Promise<TaxiiStatusResource> {
    const url = `${apiRoot}status/${encodeURIComponent(id)}/`;
    const { json } = await this.request('GET', url);
    return statusOf('GET', url, json);
  }
}

function statusOf(method: string, url: string, json: unknown): TaxiiStatusResource {
  if (
    !isObject(json) ||
    typeof json.id !== 'string' ||
    (json.status !== 'pending' && json.status !== 'complete')
  )
    throw bodyError(method, url, 202, 'expected a status resource (id, status)');
  return json as unknown as TaxiiStatusResource;
}

export { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE };
