import cookie from '@fastify/cookie';
import {
  Accepted,
  AuthSession,
  DisableSecondFactorBody,
  items,
  LoginBody,
  MagicCodeBody,
  MagicCodeVerifyBody,
  PasswordChangeBody,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  REFRESH_COOKIE,
  RecoveryCodes,
  RefreshBody,
  SESSION_MODE_HEADER,
  SecondFactorLoginBody,
  SignInAnswer,
  SignupBody,
  TokenPair,
  TotpCodeBody,
  TotpEnrollment,
  UpdateMeBody,
  User,
  VerifyEmailBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestMeta, userOf } from '../../platform/auth/request-context.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import type { SignedIn, SignInResult } from './identity-service.ts';
import type { IdentityServices } from './module.ts';

const AUTH_PATH = '/api/v1/auth';
const tags = ['auth'];

/**
 * Account and session routes. Only they read or set cookies (the web app's
 * refresh token, scoped to the auth path), so the cookie plugin is
 * registered for them alone and every other request skips its hooks.
 */
export async function registerIdentityRoutes(
  app: FastifyInstance,
  platform: Platform,
  services: IdentityServices,
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(cookie);
    await registerAccountRoutes(scope, platform, services);
  });
}

/** Thin routes: parse, authorize (declared), one service call, shape. */
async function registerAccountRoutes(
  app: FastifyInstance,
  platform: Platform,
  { identity, signingKeys }: IdentityServices,
): Promise<void> {
  // Create or load the signing keys now, not inside some request's transaction.
  await signingKeys.start();
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secureCookie = platform.config.publicUrl.startsWith('https://');

  // The web app asks for the refresh token in an httpOnly cookie; other clients get it in the body.
  const answer = (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) => {
    if (request.headers[SESSION_MODE_HEADER] === 'cookie') {
      reply.setCookie(REFRESH_COOKIE, signedIn.refreshToken, {
        httpOnly: true,
        secure: secureCookie,
        sameSite: 'strict',
        path: AUTH_PATH,
        maxAge: 30 * 86_400,
      });
      const { refreshToken: _omit, ...rest } = signedIn;
      return rest;
    }
    return signedIn;
  };
  // A sign-in that still needs the second factor answers its challenge as it is.
  const answerSignIn = (request: FastifyRequest, reply: FastifyReply, result: SignInResult) =>
    'challenge' in result ? result : answer(request, reply, result);
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(REFRESH_COOKIE, { path: AUTH_PATH });

  r.post(
    `${AUTH_PATH}/signup`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Create an account (then sign in); answers the same for an address that has one',
        body: SignupBody,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      await identity.signup(request.body, requestMeta(request));
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );
  r.post(
    `${AUTH_PATH}/login`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with email and password (answers a challenge when the account has a second factor)',
        body: LoginBody,
        response: { 200: SignInAnswer },
      },
    },
    async (request, reply) => answerSignIn(request, reply, await identity.login(request.body, requestMeta(request))),
  );
  r.post(
    `${AUTH_PATH}/login/second-factor`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Finish a sign-in with the authenticator code (or a recovery code)',
        body: SecondFactorLoginBody,
        response: { 200: TokenPair },
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        await identity.completeSecondFactor(request.body.challenge, request.body.code, requestMeta(request)),
      ),
  );
  r.post(
    `${AUTH_PATH}/second-factor/totp`,
    {
      config: { access: { action: 'account.update' } },
      schema: {
        tags,
        summary: 'Start setting up an authenticator app: a new secret and its otpauth URI',
        response: { 200: TotpEnrollment },
      },
    },
    async (request) => identity.beginTotp(userOf(request)),
  );
  r.post(
    `${AUTH_PATH}/second-factor/totp/confirm`,
    {
      config: { access: { action: 'account.update' } },
      schema: {
        tags,
        summary: 'Confirm the authenticator with its current code; answers the recovery codes once',
        body: TotpCodeBody,
        response: { 200: RecoveryCodes },
      },
    },
    async (request) => ({
      recoveryCodes: await identity.confirmTotp(userOf(request), request.body.code, requestMeta(request)),
    }),
  );
  r.post(
    `${AUTH_PATH}/second-factor/recovery-codes`,
    {
      config: { access: { action: 'account.update' } },
      schema: {
        tags,
        summary: 'Replace the recovery codes (needs a current authenticator code)',
        body: TotpCodeBody,
        response: { 200: RecoveryCodes },
      },
    },
    async (request) => ({
      recoveryCodes: await identity.regenerateRecoveryCodes(userOf(request), request.body.code, requestMeta(request)),
    }),
  );
  r.post(
    `${AUTH_PATH}/second-factor/disable`,
    {
      config: { access: { action: 'account.update' } },
      schema: {
        tags,
        summary: 'Turn the second factor off (needs a current code or the password)',
        body: DisableSecondFactorBody,
      },
    },
    async (request, reply) => {
      await identity.disableSecondFactor(userOf(request), request.body, requestMeta(request));
      return reply.status(204).send();
    },
  );
  r.post(
    `${AUTH_PATH}/magic-code`,
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Email a six-digit sign-in code', body: MagicCodeBody, response: { 202: Accepted } },
    },
    async (request, reply) => {
      await identity.requestMagicCode(request.body.email, requestMeta(request));
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );
  r.post(
    `${AUTH_PATH}/magic-code/verify`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with the emailed code (answers a challenge when the account has a second factor)',
        body: MagicCodeVerifyBody,
        response: { 200: SignInAnswer },
      },
    },
    async (request, reply) =>
      answerSignIn(
        request,
        reply,
        await identity.verifyMagicCode(request.body.email, request.body.code, requestMeta(request)),
      ),
  );
  r.post(
    `${AUTH_PATH}/verify-email`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Confirm an email address with the emailed token',
        body: VerifyEmailBody,
        response: { 200: User },
      },
    },
    async (request) => identity.verifyEmail(request.body.token, requestMeta(request)),
  );
  r.post(
    `${AUTH_PATH}/verify-email/resend`,
    {
      config: { access: { action: 'account.update' } },
      schema: { tags, summary: 'Send the verification email again', response: { 202: Accepted } },
    },
    async (request, reply) => {
      await identity.resendVerification(userOf(request));
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );
  r.post(
    `${AUTH_PATH}/refresh`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Exchange a refresh token for new tokens (rotation)',
        // A POST without a body reaches validation as null.
        body: RefreshBody.nullish(),
        response: { 200: TokenPair },
      },
    },
    async (request, reply) => {
      const fromBody = request.body?.refreshToken;
      const token = fromBody ?? request.cookies[REFRESH_COOKIE];
      if (!token) throw new AppError('INVALID_TOKEN', 401, 'No refresh token was given.');
      // SameSite=Strict alone is not enough: a cookie is used only with the header a cross-site form cannot send.
      if (!fromBody && request.headers[SESSION_MODE_HEADER] !== 'cookie') {
        throw new AppError(
          'SESSION_HEADER_REQUIRED',
          403,
          `A refresh with the session cookie needs the ${SESSION_MODE_HEADER}: cookie header.`,
        );
      }
      try {
        return answer(request, reply, await identity.refresh(token, requestMeta(request)));
      } catch (err) {
        if (!request.body?.refreshToken) clearCookie(reply);
        throw err;
      }
    },
  );
  r.post(
    `${AUTH_PATH}/password-reset`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Email a password reset link',
        body: PasswordResetRequestBody,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      await identity.requestPasswordReset(request.body.email, requestMeta(request));
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );
  r.post(
    `${AUTH_PATH}/password-reset/confirm`,
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Set a new password with the emailed token', body: PasswordResetConfirmBody },
    },
    async (request, reply) => {
      await identity.confirmPasswordReset(request.body.token, request.body.password, requestMeta(request));
      return reply.status(204).send();
    },
  );
  r.post(
    `${AUTH_PATH}/password`,
    {
      config: { access: { action: 'account.update' } },
      schema: { tags, summary: 'Change the password; signs out other sessions', body: PasswordChangeBody },
    },
    async (request, reply) => {
      await identity.changePassword(
        userOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        requestMeta(request),
      );
      return reply.status(204).send();
    },
  );
  r.get(
    `${AUTH_PATH}/sessions`,
    {
      config: { access: { action: 'account.read' } },
      schema: { tags, summary: 'My signed-in devices', response: { 200: items(AuthSession) } },
    },
    async (request) => ({ items: await identity.listSessions(userOf(request)) }),
  );
  r.delete(
    `${AUTH_PATH}/sessions/:sessionId`,
    {
      config: { access: { action: 'account.update' } },
      schema: { tags, summary: 'Sign out one device', params: z.object({ sessionId: z.uuid() }) },
    },
    async (request, reply) => {
      await identity.revokeSession(userOf(request), request.params.sessionId, requestMeta(request));
      return reply.status(204).send();
    },
  );
  r.post(
    `${AUTH_PATH}/logout`,
    { config: { access: { action: 'account.update' } }, schema: { tags, summary: 'Sign out this session' } },
    async (request, reply) => {
      await identity.logout(userOf(request), requestMeta(request));
      clearCookie(reply);
      return reply.status(204).send();
    },
  );
  r.post(
    `${AUTH_PATH}/logout-all`,
    { config: { access: { action: 'account.update' } }, schema: { tags, summary: 'Sign out every session' } },
    async (request, reply) => {
      await identity.logoutAll(userOf(request), requestMeta(request));
      clearCookie(reply);
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/v1/me',
    {
      config: { access: { action: 'account.read' } },
      schema: { tags: ['account'], summary: 'My account', response: { 200: User } },
    },
    async (request) => identity.me(userOf(request).userId),
  );
  r.patch(
    '/api/v1/me',
    {
      config: { access: { action: 'account.update' } },
      schema: {
        tags: ['account'],
        summary: 'Update my name, locale or timezone',
        body: UpdateMeBody,
        response: { 200: User },
      },
    },
    async (request) => identity.updateMe(userOf(request).userId, request.body),
  );
  r.get(
    '/.well-known/jwks.json',
    { schema: { tags, summary: 'Public keys that verify Foyer access tokens' } },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return signingKeys.jwks();
    },
  );
}
