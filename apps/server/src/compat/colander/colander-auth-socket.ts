import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError } from '../../platform/http/problem.ts';
import type { ColanderDeps, Meta } from './colander-deps.ts';

const Email = z.string().trim().email().max(320);
const InitMagicLogin = z.object({ email: Email });
const CompleteMagicLogin = z.object({ email: Email, code: z.string().trim().min(1).max(20) });
const RefreshToken = z.object({ refresh_token: z.string().min(1).max(500) });

/**
 * The anonymous socket: magic-code login and token refresh over identity's
 * codes and sessions. A success is exactly one JSON object with
 * `access_token` and `refresh_token`; a failure is a JSON object with
 * `error: {code, message}` (the unmodified client ignores it, as it
 * ignored the original's non-JSON `failure`). Codes are identity's
 * six-digit, single-use, rate-limited ones; a reused refresh token is
 * refused and ends its session family (identity's reuse detection).
 */
export function handleAuthSocket(socket: WebSocket, meta: Meta, deps: ColanderDeps): void {
  let queue: Promise<void> = Promise.resolve();
  const send = (value: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(value));
  };
  const fail = (code: string, message: string) => send({ error: { code, message } });
  const handle = async (raw: string) => {
    let frame: { action?: unknown; data?: unknown };
    try {
      frame = JSON.parse(raw);
    } catch {
      return fail('MALFORMED_JSON', 'A frame must be a JSON object.');
    }
    try {
      switch (frame?.action) {
        case 'initMagicLogin': {
          const data = InitMagicLogin.safeParse(frame.data);
          if (!data.success) return fail('VALIDATION_FAILED', 'data.email must be an email address.');
          // No reply on success, as the original (its route had no route response).
          await deps.identity.requestMagicCode(data.data.email, meta);
          return;
        }
        case 'completeMagicLogin': {
          const data = CompleteMagicLogin.safeParse(frame.data);
          if (!data.success) return fail('VALIDATION_FAILED', 'data.email and data.code are required.');
          const signedIn = await deps.identity.verifyMagicCode(data.data.email, data.data.code, meta);
          // The protocol has no step for a second factor: such accounts sign in through the Foyer API.
          if ('secondFactorRequired' in signedIn) {
            return fail('SECOND_FACTOR_REQUIRED', 'This account signs in with a second factor; use the Foyer API.');
          }
          return send({ access_token: signedIn.accessToken, refresh_token: signedIn.refreshToken });
        }
        case 'refreshToken': {
          const data = RefreshToken.safeParse(frame.data);
          if (!data.success) return fail('VALIDATION_FAILED', 'data.refresh_token is required.');
          const signedIn = await deps.identity.refresh(data.data.refresh_token, meta);
          return send({ access_token: signedIn.accessToken, refresh_token: signedIn.refreshToken });
        }
        default:
          return fail('UNKNOWN_ACTION', `Unknown action ${JSON.stringify(frame?.action)}.`);
      }
    } catch (err) {
      if (err instanceof AppError) return fail(err.code, err.message);
      deps.logger.warn({ err }, 'colander auth frame failed');
      return fail('INTERNAL_ERROR', 'The frame could not be handled.');
    }
  };
  socket.on('message', (data, isBinary) => {
    const raw = isBinary ? '' : data.toString();
    queue = queue.then(() => handle(raw));
  });
}
