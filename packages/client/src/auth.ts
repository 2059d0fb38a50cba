import {
  Accepted,
  AuthSession,
  type DisableSecondFactorBody,
  type LoginBody,
  type MagicCodeVerifyBody,
  type PasswordChangeBody,
  type PasswordResetConfirmBody,
  RecoveryCodes,
  type SecondFactorLoginBody,
  SignInAnswer,
  type SignupBody,
  TokenPair,
  TotpEnrollment,
  type UpdateMeBody,
  User,
} from '@foyer/contracts';
import type { z } from 'zod';
import { type HttpOptions, itemsOf, request } from './http.ts';

/** The tokens of a sign-in that needed no second factor; throws for a second-factor challenge. */
export function tokensOf(answer: SignInAnswer): TokenPair {
  if ('challenge' in answer)
    throw new Error('This account signs in with a second factor; finish with completeSecondFactor.');
  return answer;
}

/** Accounts, sign-in and sessions (`/api/v1/auth/…`). */
export function authApi(options: HttpOptions) {
  // Every call that signs someone in (or reads the refresh cookie) goes through here.
  const signIn = (path: string, body: unknown) =>
    request(options, `/api/v1/auth/${path}`, {
      method: 'POST',
      body,
      schema: TokenPair,
      anonymous: true,
      sessionCookie: true,
    });
  // A sign-in by password or emailed code: tokens, or the challenge asking for the second factor.
  const signInOrChallenge = (path: string, body: unknown) =>
    request(options, `/api/v1/auth/${path}`, {
      method: 'POST',
      body,
      schema: SignInAnswer,
      anonymous: true,
      sessionCookie: true,
    });
  const recoveryCodes = (path: string, body: unknown) =>
    request(options, `/api/v1/auth/${path}`, { method: 'POST', body, schema: RecoveryCodes });
  const accepted = (path: string, body: unknown, anonymous: boolean) =>
    request(options, `/api/v1/auth/${path}`, { method: 'POST', body, schema: Accepted, anonymous });
  const noContent = (method: string, path: string, body?: unknown) =>
    request(options, `/api/v1/auth/${path}`, { method, body, schema: null, sessionCookie: true });

  return {
    /**
     * Creates an account; answers `accepted` alike whether the address was
     * new or already had an account (its owner is mailed). A new account
     * then signs in with `login`.
     */
    signup: (body: z.input<typeof SignupBody>) => accepted('signup', body, true),
    /** Tokens, or `{ secondFactorRequired, challenge }` when the account has a second factor. */
    login: (body: z.input<typeof LoginBody>) => signInOrChallenge('login', body),
    /** The second step of a sign-in: the challenge and an authenticator (or recovery) code. */
    completeSecondFactor: (body: z.input<typeof SecondFactorLoginBody>) => signIn('login/second-factor', body),
    /** Emails a six-digit code; answers the same whether or not the account exists. */
    requestMagicCode: (email: string) => accepted('magic-code', { email }, true),
    verifyMagicCode: (body: z.input<typeof MagicCodeVerifyBody>) => signInOrChallenge('magic-code/verify', body),
    /** Starts setting up an authenticator app: its secret and otpauth URI. */
    beginTotp: () =>
      request(options, '/api/v1/auth/second-factor/totp', { method: 'POST', body: {}, schema: TotpEnrollment }),
    /** Confirms the authenticator with its current code; answers the recovery codes (shown once). */
    confirmTotp: (code: string) => recoveryCodes('second-factor/totp/confirm', { code }),
    regenerateRecoveryCodes: (code: string) => recoveryCodes('second-factor/recovery-codes', { code }),
    disableSecondFactor: (body: z.input<typeof DisableSecondFactorBody>) =>
      request(options, '/api/v1/auth/second-factor/disable', { method: 'POST', body, schema: null }),
    verifyEmail: (token: string) =>
      request(options, '/api/v1/auth/verify-email', { method: 'POST', body: { token }, schema: User }),
    /** Sends the verification email again to the signed-in user. */
    resendVerification: () => accepted('verify-email/resend', undefined, false),
    /**
     * Rotates the refresh token. Without an argument the server reads the
     * httpOnly cookie (cookie mode); the old token is spent either way.
     */
    // An empty object rather than no body: the server's schema refuses a missing body (null) today.
    refresh: (refreshToken?: string) => signIn('refresh', refreshToken ? { refreshToken } : {}),
    requestPasswordReset: (email: string) => accepted('password-reset', { email }, true),
    confirmPasswordReset: (body: z.input<typeof PasswordResetConfirmBody>) =>
      request(options, '/api/v1/auth/password-reset/confirm', {
        method: 'POST',
        body,
        schema: null,
        anonymous: true,
      }),
    /** Changes the password; the server signs out every other session. */
    changePassword: (body: z.input<typeof PasswordChangeBody>) => noContent('POST', 'password', body),
    sessions: (signal?: AbortSignal) =>
      request(options, '/api/v1/auth/sessions', { schema: itemsOf(AuthSession), signal }),
    revokeSession: (sessionId: string) => noContent('DELETE', `sessions/${encodeURIComponent(sessionId)}`),
    logout: () => noContent('POST', 'logout'),
    logoutAll: () => noContent('POST', 'logout-all'),
  };
}

/** The signed-in user's own account (`/api/v1/me`). */
export function meApi(options: HttpOptions) {
  return {
    get: (signal?: AbortSignal) => request(options, '/api/v1/me', { schema: User, signal }),
    update: (body: z.input<typeof UpdateMeBody>) =>
      request(options, '/api/v1/me', { method: 'PATCH', body, schema: User }),
  };
}
