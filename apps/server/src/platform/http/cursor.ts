import { isInstantInRange } from '@foyer/contracts';
import { z } from 'zod';
import { AppError } from './problem.ts';

/*
 * Pagination cursors: an array of the last row's sort keys, as JSON in
 * base64url. A cursor comes back from the client, so every decoded part is
 * validated against the schema of what it should hold before it reaches a
 * query — a cursor whose id part is not a UUID, or whose instant is outside
 * what PostgreSQL takes, is a validation error, never a database error.
 */

/** An instant as a cursor part: an ISO string the database can compare against. */
export const cursorInstant = z.string().refine((v) => isInstantInRange(Date.parse(v)));
/** A row id as a cursor part. */
export const cursorUuid = z.uuid();
/** A positive bigint id that fits PostgreSQL's `bigint` and JavaScript's safe integers. */
export const cursorSerial = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Encodes the sort keys of the last row of a page. */
export function encodeCursor(parts: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Decodes a cursor this API gave out, or answers 422 VALIDATION_FAILED on `querystring.cursor`. */
export function decodeCursor<T extends z.ZodTuple>(cursor: string, parts: T): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = parts.safeParse(raw);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

function invalidCursor(): AppError {
  return new AppError('VALIDATION_FAILED', 422, 'The cursor is not one this API gave out.', [
    { field: 'querystring.cursor', message: 'is not a valid cursor', code: 'invalid_cursor' },
  ]);
}
