import { ErrorCode } from '@foyer/contracts';
import { AppError } from '../../platform/http/problem.ts';

export function notFound(what: string): AppError {
  return new AppError(ErrorCode.NOT_FOUND, 404, `No such ${what}.`);
}

/** A 422 naming the field, as zod's own refusals look. */
export function invalidField(field: string, message: string, code = 'invalid'): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, 422, `${field} ${message}.`, [{ field, message, code }]);
}

/** The edit was made on an older version than the one stored: never a silent overwrite. */
export function staleVersion(what: string, current: number, given: number): AppError {
  return new AppError(
    ErrorCode.STALE_VERSION,
    409,
    `The ${what} was changed meanwhile: it is at version ${current}, the edit was made on version ${given}. Reload and try again.`,
    [{ field: 'version', message: `current version is ${current}`, code: 'stale' }],
    { etag: `"${current}"` },
  );
}

/** What a refused booking overlaps, when it could be found again. */
export interface ConflictingBooking {
  id: string;
  label: string;
  startsAt: Date;
  endsAt: Date;
}

/** 409 BOOKING_CONFLICT naming the booking the write ran into. */
export function bookingConflict(hit: ConflictingBooking | null): AppError {
  const detail = hit
    ? `The resource is already booked from ${hit.startsAt.toISOString()} to ${hit.endsAt.toISOString()} by booking ${hit.id}${hit.label ? ` (“${hit.label}”)` : ''}.`
    : 'The resource is already booked at that time.';
  return new AppError(ErrorCode.BOOKING_CONFLICT, 409, detail, [
    { field: 'conflictingBookingId', message: hit?.id ?? 'unknown', code: 'booking_conflict' },
  ]);
}

/** True when `err` (or the driver error it wraps) violates the constraint named `name` (any SQLSTATE). */
export function violates(err: unknown, sqlState: string, name?: string): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as { code?: unknown; constraint?: unknown };
    if (candidate.code === sqlState && (!name || candidate.constraint === name)) return true;
  }
  return false;
}
