import { z } from 'zod';

/**
 * Stable machine-readable error codes. Clients switch on these, never on
 * titles or details, so a code once published is never renamed.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INVALID_TOKEN: 'INVALID_TOKEN',
  TOKEN_REUSED: 'TOKEN_REUSED',
  INVALID_CODE: 'INVALID_CODE',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  SLUG_TAKEN: 'SLUG_TAKEN',
  SLUG_RESERVED: 'SLUG_RESERVED',
  SESSIONS_OUTSIDE_EVENT: 'SESSIONS_OUTSIDE_EVENT',
  LAST_OWNER: 'LAST_OWNER',
  ALREADY_MEMBER: 'ALREADY_MEMBER',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  INVALID_EVENT_FILE: 'INVALID_EVENT_FILE',
  RATE_LIMITED: 'RATE_LIMITED',
  ALREADY_REGISTERED: 'ALREADY_REGISTERED',
  EVENT_FULL: 'EVENT_FULL',
  REGISTRATION_CLOSED: 'REGISTRATION_CLOSED',
  GUESTS_NOT_ALLOWED: 'GUESTS_NOT_ALLOWED',
  /** A mailed link (an address confirmation) that has expired. */
  LINK_EXPIRED: 'LINK_EXPIRED',
  REQUIREMENTS_NOT_ACKNOWLEDGED: 'REQUIREMENTS_NOT_ACKNOWLEDGED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  EMAIL_NOT_VERIFIED: 'EMAIL_NOT_VERIFIED',
  TICKET_NOT_VALID: 'TICKET_NOT_VALID',
  NOT_READY: 'NOT_READY',
  TEMPLATE_INVALID: 'TEMPLATE_INVALID',
  BOOKING_CONFLICT: 'BOOKING_CONFLICT',
  STALE_VERSION: 'STALE_VERSION',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The request line or HTTP framing could not be parsed (bad URL encoding, malformed HTTP). */
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  URI_TOO_LONG: 'URI_TOO_LONG',
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  EXPECTATION_FAILED: 'EXPECTATION_FAILED',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  SIGNED_URL_INVALID: 'SIGNED_URL_INVALID',
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  MEDIA_TYPE_NOT_ALLOWED: 'MEDIA_TYPE_NOT_ALLOWED',
  MEDIA_QUOTA_EXCEEDED: 'MEDIA_QUOTA_EXCEEDED',
  MEDIA_IN_USE: 'MEDIA_IN_USE',
  MEDIA_ALT_TEXT_REQUIRED: 'MEDIA_ALT_TEXT_REQUIRED',
  MEDIA_NOT_AN_IMAGE: 'MEDIA_NOT_AN_IMAGE',
  MEDIA_BUSY: 'MEDIA_BUSY',
  /** A cookie-authenticated auth call without the `x-foyer-session: cookie` header (as a cross-site form would send it). */
  SESSION_HEADER_REQUIRED: 'SESSION_HEADER_REQUIRED',
  /** The organisation requires a second factor of its members, and this account has none. */
  SECOND_FACTOR_REQUIRED: 'SECOND_FACTOR_REQUIRED',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  // Real-time gateway and chat (issue #12).
  AUTH_EXPIRED: 'AUTH_EXPIRED',
  UNKNOWN_CHANNEL: 'UNKNOWN_CHANNEL',
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
  NOT_SUBSCRIBED: 'NOT_SUBSCRIBED',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  CHAT_DISABLED: 'CHAT_DISABLED',
  CHAT_READ_ONLY: 'CHAT_READ_ONLY',
  CHAT_SLOW_MODE: 'CHAT_SLOW_MODE',
  CHAT_MUTED: 'CHAT_MUTED',
  CHAT_BANNED: 'CHAT_BANNED',
  /** The event has no stage set up (or it is switched off). */
  STAGE_NOT_SET_UP: 'STAGE_NOT_SET_UP',
  // Certificates (issue #17).
  /** The event does not issue certificates (its CPD settings have certificatesEnabled off). */
  CERTIFICATES_DISABLED: 'CERTIFICATES_DISABLED',
  /** The certificate was revoked; it cannot be revoked again. */
  CERTIFICATE_REVOKED: 'CERTIFICATE_REVOKED',
  /** The certificate was replaced by a re-issued one; act on the current one. */
  CERTIFICATE_SUPERSEDED: 'CERTIFICATE_SUPERSEDED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base URI of the `type` member of every problem document. */
export const PROBLEM_TYPE_BASE = 'https://foyer.dev/problems/';

/** Turns `VALIDATION_FAILED` into `https://foyer.dev/problems/validation-failed`. */
export function problemType(code: ErrorCode): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replaceAll('_', '-');
}

export const FieldError = z.object({
  /** JSON pointer-ish dotted path to the offending field, e.g. `body.email`. */
  field: z.string(),
  message: z.string(),
  code: z.string(),
  /** Where in the field's text the error is (1-based), e.g. a template's syntax error. */
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, as every Foyer error is sent. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
