import { AppError } from '../../platform/http/problem.ts';

/** A 422 problem naming the one field at fault. */
export function invalidField(field: string, message: string, code: string, detail?: string): AppError {
  return new AppError('VALIDATION_FAILED', 422, detail ?? `${field.replace(/^body\./, '')} ${message}.`, [
    { field, message, code },
  ]);
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', 404, `No such ${what}.`);
}

/** The distinct ids of a list, in their first order. */
export function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
