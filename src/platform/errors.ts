/**
 * The one error catalogue. Domain code throws {@link DomainError} with a stable code; the HTTP
 * layer maps codes to a status (see `http/error-mapping.ts`). Domain errors know nothing of HTTP.
 */
export const ERROR_CATALOGUE = {
  NH_ERR_VALIDATION: { status: 400, summary: 'The request or its content is not valid.' },
  NH_ERR_MALFORMED_JSON: { status: 400, summary: 'The body is not well-formed JSON or not UTF-8.' },
  NH_ERR_INPUT_LIMIT: {
    status: 413,
    summary: 'The input exceeds a configured limit (size or nesting).',
  },
  NH_ERR_STIX_INVALID: { status: 422, summary: 'One or more STIX objects break STIX 2.1 rules.' },
  NH_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The content type is not accepted here.' },
  NH_ERR_NOT_ACCEPTABLE: {
    status: 406,
    summary: 'The server cannot answer in a media type the Accept header allows.',
  },
  NH_ERR_UNAUTHENTICATED: { status: 401, summary: 'Sign in or send a valid API token.' },
  NH_ERR_BAD_CREDENTIALS: { status: 401, summary: 'The user name or password is wrong.' },
  NH_ERR_ACCOUNT_LOCKED: {
    status: 423,
    summary: 'Too many failed sign-ins; the account is locked for a while.',
  },
  NH_ERR_FORBIDDEN: { status: 403, summary: 'The actor’s role does not allow this action.' },
  NH_ERR_NOT_FOUND: { status: 404, summary: 'No such resource (or the actor may not see it).' },
  NH_ERR_OBJECT_NOT_FOUND: {
    status: 404,
    summary: 'No such STIX object (or the actor may not read it).',
  },
  NH_ERR_CONFLICT: { status: 409, summary: 'The resource already exists or changed meanwhile.' },
  NH_ERR_BAD_CURSOR: { status: 400, summary: 'The pagination cursor is not one this node issued.' },
  NH_ERR_NOT_READY: {
    status: 503,
    summary: 'The node is not ready (database unreachable or migrating).',
  },
  NH_ERR_INTERNAL: { status: 500, summary: 'An unexpected error; it has been logged.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One problem in the input: where (a JSON pointer or a setting/field name) and what. */
export interface ErrorDetail {
  /** Where the problem is, e.g. `/objects/3/created` or `username`. */
  readonly path: string;
  readonly message: string;
  /** Index of the item in a batch, when the input is a batch. */
  readonly index?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function notFound(what: string, id: string): DomainError {
  return new DomainError('NH_ERR_NOT_FOUND', `${what} ${id} was not found`);
}
