/**
 * Failures of the TAXII 2.1 client, each naming the request (method and URL) and, when the
 * server answered, its HTTP status and the TAXII error resource's `title` / `description`
 * (TAXII 2.1 §3.6.1). Knows nothing of the CLI: callers print `message`.
 */
export class TaxiiClientError extends Error {
  override name = 'TaxiiClientError';
  constructor(
    message: string,
    readonly method: string,
    readonly url: string,
    /** HTTP status, or null when no response arrived (unreachable, timeout). */
    readonly status: number | null = null,
    /** The error message resource (§3.6.1), when the body was one. */
    readonly resource: TaxiiErrorResource | null = null,
  ) {
    super(message);
  }
}

/** The fields of the TAXII error message resource the client reports (§3.6.1). */
export interface TaxiiErrorResource {
  readonly title: string;
  readonly description?: string;
  readonly error_code?: string;
}

/** What a status means to the person running the client, by HTTP status (§3.6). */
const HINTS: Readonly<Record<number, string>> = {
  400: 'the server refused the request as malformed',
  401: 'authentication failed or is missing (give --user/--password or --token)',
  403: 'these credentials may not do this',
  404: 'no such API root, collection or status here',
  406: 'the server does not answer application/taxii+json;version=2.1',
  413: 'the request is larger than the server accepts (max_content_length)',
  415: 'the server refused the content type',
  422: 'the server could not process the content',
};

/** The error resource in a parsed body, when the body is one (it has a string `title`). */
export function errorResourceOf(body: unknown): TaxiiErrorResource | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.title !== 'string') return null;
  return {
    title: b.title,
    ...(typeof b.description === 'string' ? { description: b.description } : {}),
    ...(typeof b.error_code === 'string' ? { error_code: b.error_code } : {}),
  };
}

/**
 * The error for a non-2xx answer, e.g.
 * `GET https://x/taxii2/ → 401 (authentication failed …): Unauthorized: bad token`.
 */
export function httpError(
  method: string,
  url: string,
  status: number,
  body: unknown,
): TaxiiClientError {
  const resource = errorResourceOf(body);
  const hint = HINTS[status];
  const said =
    resource === null
      ? ''
      : `: ${resource.title}${resource.description ? `: ${resource.description}` : ''}`;
  return new TaxiiClientError(
    `${method} ${url} → ${status}${hint ? ` (${hint})` : ''}${said}`,
    method,
    url,
    status,
    resource,
  );
}

/** The error for a request that got no answer (refused, unresolvable, reset, timed out). */
export function transportError(method: string, url: string, cause: unknown): TaxiiClientError {
  const c = cause as { cause?: { code?: string; message?: string }; message?: string };
  const why = c?.cause?.code ?? c?.cause?.message ?? c?.message ?? String(cause);
  return new TaxiiClientError(`cannot reach ${url} (${method}): ${why}`, method, url);
}

/** The error for a 2xx answer whose body is not the JSON resource expected. */
export function bodyError(
  method: string,
  url: string,
  status: number,
  problem: string,
): TaxiiClientError {
  return new TaxiiClientError(`${method} ${url} → ${status}: ${problem}`, method, url, status);
}
