import { ErrorCode, type FieldError, PROBLEM_CONTENT_TYPE, type Problem, problemType } from '@foyer/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, isTransientConflict, sqlStateOf } from '../db/errors.ts';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Validation failed',
  MALFORMED_JSON: 'Malformed JSON',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  NOT_FOUND: 'Not found',
  ROUTE_NOT_FOUND: 'No such route',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  CONFLICT: 'Conflict',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Forbidden',
  INVALID_CREDENTIALS: 'Invalid email or password',
  INVALID_TOKEN: 'Invalid or expired token',
  TOKEN_REUSED: 'Token already used',
  INVALID_CODE: 'Invalid or expired code',
  EMAIL_TAKEN: 'Email already registered',
  WEAK_PASSWORD: 'Password too weak',
  SLUG_TAKEN: 'Slug already taken',
  SLUG_RESERVED: 'Reserved slug',
  SESSIONS_OUTSIDE_EVENT: 'Sessions outside the event',
  LAST_OWNER: 'Last owner',
  ALREADY_MEMBER: 'Already a member',
  ILLEGAL_TRANSITION: 'Status change not allowed',
  INVALID_EVENT_FILE: 'Invalid event file',
  RATE_LIMITED: 'Too many requests',
  ALREADY_REGISTERED: 'Already registered',
  EVENT_FULL: 'Event full',
  REGISTRATION_CLOSED: 'Registration closed',
  GUESTS_NOT_ALLOWED: 'Guests not allowed',
  LINK_EXPIRED: 'Link expired',
  REQUIREMENTS_NOT_ACKNOWLEDGED: 'Requirements not acknowledged',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused',
  EMAIL_NOT_VERIFIED: 'Email not verified',
  TICKET_NOT_VALID: 'Ticket not valid',
  NOT_READY: 'Not ready',
  TEMPLATE_INVALID: 'Template invalid',
  BOOKING_CONFLICT: 'Booking conflict',
  STALE_VERSION: 'Stale version',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  MALFORMED_REQUEST: 'Malformed request',
  URI_TOO_LONG: 'URI too long',
  HEADERS_TOO_LARGE: 'Request headers too large',
  EXPECTATION_FAILED: 'Expectation failed',
  REQUEST_TIMEOUT: 'Request timeout',
  SIGNED_URL_INVALID: 'Link not valid',
  RANGE_NOT_SATISFIABLE: 'Range not satisfiable',
  SESSION_HEADER_REQUIRED: 'Session header required',
  SECOND_FACTOR_REQUIRED: 'Second factor required',
  MEDIA_TYPE_NOT_ALLOWED: 'File type not allowed',
  MEDIA_QUOTA_EXCEEDED: 'Storage quota exceeded',
  MEDIA_IN_USE: 'Media in use',
  MEDIA_ALT_TEXT_REQUIRED: 'Alt text required',
  MEDIA_NOT_AN_IMAGE: 'Not an image',
  MEDIA_BUSY: 'Image processing busy',
  INTERNAL_ERROR: 'Internal server error',
  AUTH_EXPIRED: 'Authentication expired',
  UNKNOWN_CHANNEL: 'Unknown channel',
  UNKNOWN_COMMAND: 'Unknown command',
  NOT_SUBSCRIBED: 'Not subscribed',
  TOO_MANY_SUBSCRIPTIONS: 'Too many subscriptions',
  CHAT_DISABLED: 'Chat is off',
  STAGE_NOT_SET_UP: 'No stage',
  CERTIFICATES_DISABLED: 'Certificates disabled',
  CERTIFICATE_REVOKED: 'Certificate revoked',
  CERTIFICATE_SUPERSEDED: 'Certificate superseded',
  CHAT_READ_ONLY: 'Channel is read-only',
  CHAT_SLOW_MODE: 'Slow mode',
  CHAT_MUTED: 'Muted',
  CHAT_BANNED: 'Banned',
};

/** The title of a stable error code, as problem documents and realtime `error` messages carry it. */
export function titleOf(code: ErrorCode): string {
  return TITLES[code];
}

/** Codes for Fastify's own client errors, by status; anything else 4xx is a malformed request. */
const CLIENT_ERROR_CODES: Partial<Record<number, ErrorCode>> = {
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  408: ErrorCode.REQUEST_TIMEOUT,
  414: ErrorCode.URI_TOO_LONG,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  417: ErrorCode.EXPECTATION_FAILED,
  429: ErrorCode.RATE_LIMITED,
  431: ErrorCode.HEADERS_TOO_LARGE,
};

/** Seconds a client is told to wait when the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * An error a service or route throws on purpose. The HTTP layer turns it
 * into a problem document; services stay free of HTTP types otherwise.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export function notFound(detail: string): AppError {
  return new AppError(ErrorCode.NOT_FOUND, 404, detail);
}

/** 429 `RATE_LIMITED` with `Retry-After` (seconds until the limiter lets the caller in again). */
export function rateLimited(retryAfter: number, detail: string): AppError {
  return new AppError(ErrorCode.RATE_LIMITED, 429, detail, undefined, { 'retry-after': String(retryAfter) });
}

export function buildProblem(
  code: ErrorCode,
  status: number,
  detail: string,
  extra: { instance?: string; requestId?: string; errors?: FieldError[] } = {},
): Problem {
  return {
    type: problemType(code),
    title: TITLES[code],
    status,
    detail,
    code,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
  };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  status: number,
  detail: string,
  errors?: FieldError[],
): FastifyReply {
  const problem = buildProblem(code, status, detail, {
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
    ...(errors ? { errors } : {}),
  });
  return reply.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** Maps every error Fastify or a route raises to an RFC 9457 problem document. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return sendProblem(request, reply, error.code, error.status, error.message, error.errors);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as { validationContext?: string }).validationContext ?? 'body';
      const errors = error.validation.map((v) => ({
        field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is invalid',
        code: v.keyword,
      }));
      return sendProblem(
        request,
        reply,
        ErrorCode.VALIDATION_FAILED,
        422,
        `The request ${where} has invalid fields.`,
        errors,
      );
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendProblem(
        request,
        reply,
        ErrorCode.SERVICE_UNAVAILABLE,
        503,
        'The database cannot be reached right now. Try again shortly.',
      );
    }
    // A deadlock or serialization failure no service retried: the request was fine, the timing was not.
    if (isTransientConflict(error)) {
      request.log.warn({ err: error }, 'transaction lost a conflict with another');
      reply.header('retry-after', '1');
      return sendProblem(
        request,
        reply,
        ErrorCode.SERVICE_UNAVAILABLE,
        503,
        'The request collided with another change. Try again.',
      );
    }
    // A safety net: input the boundary should have refused but PostgreSQL did. Logged, so the gap gets closed.
    const sqlState = sqlStateOf(error);
    if (sqlState?.startsWith('22')) {
      request.log.warn({ err: error }, 'database refused a value the request validation let through');
      return sendProblem(request, reply, ErrorCode.VALIDATION_FAILED, 422, 'A value in the request cannot be stored.');
    }
    if (sqlState === '23503') {
      request.log.warn({ err: error }, 'foreign-key violation reached the error handler');
      return sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'Something this request refers to does not exist.');
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendProblem(request, reply, ErrorCode.INTERNAL_ERROR, 500, 'The server produced an invalid response.');
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(request, reply, ErrorCode.MALFORMED_JSON, 400, 'The request body is not valid JSON.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(
          request,
          reply,
          ErrorCode.PAYLOAD_TOO_LARGE,
          413,
          'The request body is larger than this server accepts.',
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(
          request,
          reply,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          415,
          'The request body has a content type this route does not accept.',
        );
      case 'FST_ERR_BAD_URL':
        return sendProblem(request, reply, ErrorCode.MALFORMED_REQUEST, 400, 'The request URL is not validly encoded.');
      case 'FST_ERR_MAX_PARAM_LENGTH':
        return sendProblem(request, reply, ErrorCode.URI_TOO_LONG, 414, 'A part of the request URL is too long.');
      case 'FST_ERR_RATE_LIMITED':
        return sendProblem(request, reply, ErrorCode.RATE_LIMITED, 429, error.message);
    }
    // Fastify's own client errors (bad URL encoding, etc.) keep their 4xx status.
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code = CLIENT_ERROR_CODES[error.statusCode] ?? ErrorCode.VALIDATION_FAILED;
      const detail =
        code === ErrorCode.PAYLOAD_TOO_LARGE ? 'The request body is larger than this server accepts.' : error.message;
      return sendProblem(request, reply, code, error.statusCode, detail);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      ErrorCode.INTERNAL_ERROR,
      500,
      'Something went wrong on our side. The request id identifies it in the logs.',
    );
  });
}
