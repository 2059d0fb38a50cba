import { z } from 'zod';

export const Email = z
  .email('must be an email address')
  .max(254)
  .describe('Email address; compared case-insensitively');
export const Password = z.string().min(8, 'must be at least 8 characters').max(256);
export const PlatformRole = z.enum(['admin', 'user']);
export type PlatformRole = z.infer<typeof PlatformRole>;

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  emailVerified: z.boolean(),
  name: z.string(),
  platformRole: PlatformRole,
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  hasPassword: z.boolean(),
  /** A confirmed authenticator app (TOTP) is asked for at every sign-in. */
  secondFactor: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const SignupBody = z.object({
  email: Email,
  password: Password,
  name: z.string().trim().min(1).max(200),
  locale: z.string().max(35).optional(),
});
export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(256) });
export const MagicCodeBody = z.object({ email: Email });
export const MagicCodeVerifyBody = z.object({ email: Email, code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });
export const VerifyEmailBody = z.object({ token: z.string().min(20).max(200) });
export const RefreshBody = z.object({ refreshToken: z.string().min(20).max(200).optional() });
export const PasswordResetRequestBody = z.object({ email: Email });
export const PasswordResetConfirmBody = z.object({ token: z.string().min(20).max(200), password: Password });
export const PasswordChangeBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: Password });
export const UpdateMeBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    locale: z.string().max(35).nullable(),
    timezone: z.string().max(64).nullable(),
  })
  .partial();

/** Answer of every call that signs someone in. */
export const TokenPair = z.object({
  accessToken: z.string(),
  /** Absent when the refresh token was set as an httpOnly cookie (web app). */
  refreshToken: z.string().optional(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  user: User,
});
export type TokenPair = z.infer<typeof TokenPair>;

/** Answer of a sign-in whose password (or emailed code) was right, when the account has a second factor. */
export const SecondFactorChallenge = z.object({
  secondFactorRequired: z.literal(true),
  /** Short-lived (5 minutes); send it with the authenticator's code to `POST /auth/login/second-factor`. */
  challenge: z.string(),
  expiresIn: z.number().int(),
});
export type SecondFactorChallenge = z.infer<typeof SecondFactorChallenge>;
/** What a sign-in by password or emailed code answers: tokens, or the step asking for the second factor. */
export const SignInAnswer = z.union([TokenPair, SecondFactorChallenge]);
export type SignInAnswer = z.infer<typeof SignInAnswer>;

/** A six-digit authenticator code, or one of the recovery codes (`xxxxx-xxxxx`). */
export const SecondFactorCode = z
  .string()
  .trim()
  .regex(/^(\d{6}|[a-z2-7]{5}-?[a-z2-7]{5})$/i, 'must be a 6-digit code or a recovery code');
export const SecondFactorLoginBody = z.object({ challenge: z.string().min(20).max(200), code: SecondFactorCode });
export const TotpCodeBody = z.object({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });
export const DisableSecondFactorBody = z
  .object({ code: SecondFactorCode.optional(), password: z.string().min(1).max(256).optional() })
  .refine((b) => b.code !== undefined || b.password !== undefined, {
    message: 'give the current code or the password',
    path: ['code'],
  });
export const TotpEnrollment = z.object({
  /** Base32, for typing into an authenticator app. */
  secret: z.string(),
  /** `otpauth://totp/…`, for a QR code. */
  otpauthUri: z.string(),
});
export const RecoveryCodes = z.object({
  /** Shown once; each works once instead of an authenticator code. */
  recoveryCodes: z.array(z.string()),
});

export const AuthSession = z.object({
  id: z.uuid(),
  current: z.boolean(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  expiresAt: z.string(),
});
export type AuthSession = z.infer<typeof AuthSession>;

export const Accepted = z.object({ status: z.literal('accepted') });

/** Send this header to have the refresh token kept in an httpOnly cookie instead of the body. */
export const SESSION_MODE_HEADER = 'x-foyer-session';
export const REFRESH_COOKIE = 'foyer_refresh';
