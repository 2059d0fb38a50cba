import { ErrorCode } from '@foyer/contracts';
import { AppError } from '../../platform/http/problem.ts';

/**
 * A chat refusal that ends at a known time (a mute): the realtime `error`
 * carries `until`, HTTP answers carry Retry-After.
 */
export class ChatRefusal extends AppError {
  constructor(
    code: ErrorCode,
    status: number,
    detail: string,
    readonly until?: string,
    retryAfterSeconds?: number,
  ) {
    super(
      code,
      status,
      detail,
      undefined,
      retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : undefined,
    );
  }
}

export const noSuchChannel = () => new AppError(ErrorCode.NOT_FOUND, 404, 'No such chat channel.');
export const noSuchMessage = () => new AppError(ErrorCode.NOT_FOUND, 404, 'No such chat message.');

export function invalidField(field: string, message: string, code = 'invalid'): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, 422, `${field} ${message}.`, [{ field, message, code }]);
}
