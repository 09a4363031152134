import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, ERROR_CATALOGUE, type ErrorCode, type ErrorDetail } from '../errors.js';

/** The one error body of the REST API. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

/** A function that renders an error for a path prefix (TAXII renders its own error resource). */
export type ErrorRenderer = (
  status: number,
  code: ErrorCode,
  message: string,
  details: readonly ErrorDetail[],
) => unknown;

export const renderApiError: ErrorRenderer = (_status, code, message, details) => ({
  error: { code, message, details: [...details] },
});

/** Translates any thrown error into a status and an error code, never leaking internals. */
export function classifyError(err: unknown): {
  status: number;
  code: ErrorCode;
  message: string;
  details: ErrorDetail[];
} {
  if (err instanceof DomainError) {
    return {
      status: ERROR_CATALOGUE[err.code].status,
      code: err.code,
      message: err.message,
      details: [...err.details],
    };
  }
  const fe = err as FastifyError & {
    validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
    validationContext?: string;
  };
  if (fe && Array.isArray(fe.validation)) {
    const details = fe.validation.map((v) => {
      const missing =
        typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
      const path = `${fe.validationContext ?? 'body'}${v.instancePath ?? ''}${missing}`;
      return { path, message: v.message ?? 'invalid' };
    });
    const first = details[0];
    return {
      status: 400,
      code: 'NH_ERR_VALIDATION',
      message: first ? `${first.path}: ${first.message}` : 'the request is not valid',
      details,
    };
  }
  switch (fe?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'NH_ERR_MALFORMED_JSON', message: fe.message, details: [] };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: 'NH_ERR_INPUT_LIMIT',
        message: 'the request body is larger than the configured limit',
        details: [],
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 415,
        code: 'NH_ERR_UNSUPPORTED_MEDIA_TYPE',
        message: fe.message,
        details: [],
      };
    default:
      break;
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'NH_ERR_VALIDATION', message: fe.message, details: [] };
  }
  return {
    status: 500,
    code: 'NH_ERR_INTERNAL',
    message: ERROR_CATALOGUE.NH_ERR_INTERNAL.summary,
    details: [],
  };
}

/**
 * Installs the error handler and the not-found handler. `renderers` maps a URL prefix to the
 * body shape used under it; the REST shape is the default.
 */
export function installErrorMapping(
  app: FastifyInstance,
  renderers: ReadonlyArray<[prefix: string, render: ErrorRenderer]> = [],
): void {
  const pick = (url: string): ErrorRenderer =>
    renderers.find(([p]) => url.startsWith(p))?.[1] ?? renderApiError;
  app.setErrorHandler((err, request, reply) => {
    const c = classifyError(err);
    if (c.status >= 500) request.log.error({ err }, 'unhandled error');
    void reply.status(c.status).send(pick(request.url)(c.status, c.code, c.message, c.details));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(
        pick(request.url)(
          404,
          'NH_ERR_NOT_FOUND',
          `no route ${request.method} ${request.url.split('?')[0]}`,
          [],
        ),
      );
  });
}
