import { z } from 'zod';

/*
 * Shared building blocks for inputs that reach the database. A value that
 * parses is not yet one PostgreSQL takes: years outside 1–9999 (ISO allows
 * year 0 and offsets that push 9999-12-31 into year 10000) make
 * `timestamptz` and `date` fail, so they are refused here, at the boundary,
 * as validation errors.
 */

/** Earliest and latest instants Foyer accepts (UTC), inside what PostgreSQL and JavaScript both represent. */
const earliest = new Date(0);
earliest.setUTCFullYear(1, 0, 1);
earliest.setUTCHours(0, 0, 0, 0);
const latest = new Date(0);
latest.setUTCFullYear(9999, 11, 31);
latest.setUTCHours(23, 59, 59, 999);

/** True when `ms` (epoch milliseconds) lies in years 1–9999 UTC. */
export function isInstantInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= earliest.getTime() && ms <= latest.getTime();
}

/** An ISO 8601 date-time with an offset (`2027-07-01T10:00:00+02:00`), in years 1–9999 once taken to UTC. */
export function instant() {
  return z.iso
    .datetime({ offset: true })
    .refine((v) => isInstantInRange(Date.parse(v)), { message: 'must lie between the years 1 and 9999' });
}

/** A calendar day `YYYY-MM-DD`, years 1–9999. */
export function calendarDay() {
  return z.iso.date().refine((v) => !v.startsWith('0000'), { message: 'must lie between the years 1 and 9999' });
}

/** An opaque pagination cursor as the API gives it out (base64url). */
export function cursorParam() {
  return z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]*$/, 'is not a valid cursor');
}
