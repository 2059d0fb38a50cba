import type { AuthSession, SecondFactorChallenge, TokenPair, User } from '@foyer/contracts';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { LockoutPolicy, RateLimiter } from '../../platform/auth/rate-limiter.ts';
import type { RequestMeta } from '../../platform/auth/request-context.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { recordDomainEvent } from '../../platform/events/domain-events.ts';
import { AppError, rateLimited } from '../../platform/http/problem.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { MailService } from '../../platform/mail/mail-service.ts';
import type { AuditService } from '../audit/index.ts';
import type { AccessTokens } from './access-tokens.ts';
import type { AuthCodes } from './auth-codes.ts';
import type { AuthSessions } from './auth-sessions.ts';
import { magicCodeEmail, passwordResetEmail, signupExistingEmail, verificationEmail } from './identity-emails.ts';
import { passwordWeakness } from './password-policy.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import type { SecondFactor } from './second-factor.ts';
import type { UserRow, UsersRepository } from './users.ts';

export type SignedIn = Omit<TokenPair, 'refreshToken'> & { refreshToken: string };
/** A sign-in: tokens, or (the account has a second factor) the challenge that asks for it. */
export type SignInResult = SignedIn | SecondFactorChallenge;

interface OpenedSession {
  user: UserRow;
  sessionId: string;
  refreshToken: string;
}

export const USER_EMAIL_VERIFIED = 'user.email_verified';
const MAGIC_CODE_TTL = 10 * 60;
/**
 * Six digits are guessable where a password is not: failures count for a
 * day, so after 5 free ones the waits (2 s … 1 h) hold an attacker to a
 * few dozen guesses a day instead of the 15 per 10 minutes the code limits
 * alone allowed.
 */
const MAGIC_CODE_LOCKOUT: LockoutPolicy = { free: 5, windowSeconds: 24 * 3600, maxSeconds: 3600 };
const VERIFICATION_TTL = 24 * 3600;
const RESET_TTL = 3600;
const CHALLENGE_TTL = 5 * 60;
/** Reset requests are worked after the answer, so its timing does not tell whether the account exists. */
export const PASSWORD_RESET_QUEUE = 'identity.password-reset-request';

/** A reset request's job: the address as its blind index, the requester (for the audit log) encrypted. */
export interface PasswordResetJob {
  emailHash: string;
  requester: string;
}
const RESET_JOB_AAD = 'jobs.password-reset.requester';

export interface IdentityDeps {
  db: Db;
  users: UsersRepository;
  sessions: AuthSessions;
  codes: AuthCodes;
  tokens: AccessTokens;
  mail: MailService;
  audit: AuditService;
  cipher: FieldCipher;
  limiter: RateLimiter;
  jobs: JobQueue;
  secondFactor: SecondFactor;
  publicUrl: string;
}

/**
 * Accounts and signing in: sign-up, password and magic-code login, email
 * verification, password reset and change, sessions and refresh-token
 * rotation. Wrong email and wrong password are indistinguishable.
 */
export class IdentityService {
  constructor(private readonly d: IdentityDeps) {}

  /**
   * Creates an account and mails a verification link, or, when the address
   * already has an account, mails its owner instead. Answers nothing either
   * way, so the answer does not tell whether the address is registered; both
   * paths hash the password and queue one mail in one transaction.
   */
  async signup(
    body: { email: string; password: string; name: string; locale?: string | undefined },
    meta: RequestMeta,
  ): Promise<void> {
    await this.limit(`signup:ip:${meta.ip}`, 10, 3600);
    this.assertStrong(body.password, body);
    const passwordHash = await hashPassword(body.password);
    await this.d.db.transaction(async (tx) => {
      const user = await this.d.users.insert(tx, {
        email: body.email,
        name: body.name,
        passwordHash,
        verified: false,
        locale: body.locale ?? null,
      });
      if (!user) {
        const owner = await this.d.users.byEmail(tx, body.email);
        if (owner) {
          await this.d.mail.send(
            signupExistingEmail(this.d.users.email(owner), owner.name, `${this.d.publicUrl}/login`),
            { executor: tx, template: 'auth.signup-existing' },
          );
          await this.d.audit.record(tx, {
            actor: { type: 'anonymous', id: null, ...meta },
            action: 'user.signup_for_existing_address',
            target: { type: 'user', id: owner.id },
          });
        }
        return;
      }
      await this.sendVerification(tx, user, body.email);
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'user.signed_up',
        target: { type: 'user', id: user.id },
      });
    });
  }

  async login(body: { email: string; password: string }, meta: RequestMeta): Promise<SignInResult> {
    const account = this.d.cipher.emailIndex(body.email);
    await this.limit(`login:ip:${meta.ip}`, 30, 300);
    await this.limit(`login:acct:${account}`, 10, 300);
    const locked = await this.d.limiter.lockedFor(account);
    if (locked > 0) throw rateLimited(locked, 'Too many failed sign-ins for this account. Try again later.');
    const user = await this.d.users.byEmailHash(this.d.db, account);
    // Always one argon2 verification, whether or not the account exists.
    const ok = await checkPassword(user?.passwordHash ?? null, body.password);
    if (!user || !ok) {
      await this.d.limiter.recordFailure(account);
      await this.d.audit.record(this.d.db, {
        actor: { type: 'anonymous', id: null, ...meta },
        action: 'auth.login_failed',
        target: user ? { type: 'user', id: user.id } : null,
      });
      throw new AppError('INVALID_CREDENTIALS', 401, 'The email address or password is wrong.');
    }
    await this.d.limiter.recordSuccess(account);
    if (user.totpConfirmedAt) return this.challenge(this.d.db, user);
    return this.signIn(async (tx) => {
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'auth.login',
        target: { type: 'user', id: user.id },
        metadata: { method: 'password' },
      });
      return this.startSession(tx, user, meta);
    });
  }

  /** The second step of a sign-in: the challenge and an authenticator or recovery code. */
  async completeSecondFactor(challenge: string, code: string, meta: RequestMeta): Promise<SignedIn> {
    await this.limit(`second-factor:ip:${meta.ip}`, 30, 600);
    const invalid = () => new AppError('INVALID_CODE', 401, 'The code is wrong, or the sign-in took too long.');
    const row = await this.d.codes.findToken(this.d.db, 'second_factor', challenge);
    const user = row?.userId ? await this.d.users.byId(this.d.db, row.userId) : null;
    if (!row || !user?.totpConfirmedAt) throw invalid();
    const lock = `second-factor:${user.id}`;
    const locked = await this.d.limiter.lockedFor(lock);
    if (locked > 0) throw rateLimited(locked, 'Too many wrong codes for this account. Try again later.');
    const opened = await this.d.db.transaction(async (tx) => {
      const method = await this.d.secondFactor.check(tx, user, code);
      if (!method) return null;
      if (!(await this.d.codes.consumeById(tx, row.id))) return null;
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'auth.login',
        target: { type: 'user', id: user.id },
        metadata: { method: 'second_factor', secondFactor: method },
      });
      return this.startSession(tx, user, meta);
    });
    if (!opened) {
      await this.d.codes.failedAttempt(this.d.db, row.id);
      await this.d.limiter.recordFailure(lock);
      throw invalid();
    }
    await this.d.limiter.recordSuccess(lock);
    return this.tokensFor(opened);
  }

  /** Starts enrolling an authenticator app: a new secret and its otpauth URI (not in use until confirmed). */
  async beginTotp(actor: UserActor): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.d.users.byId(this.d.db, actor.userId);
    if (!user) throw new AppError('NOT_FOUND', 404, 'No such user.');
    if (user.totpConfirmedAt) {
      throw new AppError('CONFLICT', 409, 'A second factor is already set up; turn it off first to set up another.');
    }
    return this.d.secondFactor.begin(this.d.db, user, this.d.users.email(user));
  }

  /** Confirms enrolment with a code from the app; answers the recovery codes, shown this once. */
  async confirmTotp(actor: UserActor, code: string, meta: RequestMeta): Promise<string[]> {
    await this.limit(`second-factor-setup:${actor.userId}`, 10, 600);
    return this.d.db.transaction(async (tx) => {
      const user = await this.d.users.byId(tx, actor.userId);
      if (!user?.totpSecretEncrypted || user.totpConfirmedAt) {
        throw new AppError('CONFLICT', 409, 'There is no authenticator set-up to confirm; start again.');
      }
      if (!(await this.d.secondFactor.checkTotp(tx, user, code))) {
        throw new AppError('INVALID_CODE', 422, 'The code is wrong; check the time on your device and try again.', [
          { field: 'body.code', message: 'is not the current code', code: 'invalid_code' },
        ]);
      }
      const codes = await this.d.secondFactor.confirm(tx, user.id);
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'auth.second_factor_enabled',
        target: { type: 'user', id: user.id },
      });
      return codes;
    });
  }

  /** Turns the second factor off; needs a current code (authenticator or recovery) or the password. */
  async disableSecondFactor(
    actor: UserActor,
    proof: { code?: string | undefined; password?: string | undefined },
    meta: RequestMeta,
  ): Promise<void> {
    await this.limit(`second-factor-setup:${actor.userId}`, 10, 600);
    await this.d.db.transaction(async (tx) => {
      const user = await this.d.users.byId(tx, actor.userId);
      if (!user?.totpConfirmedAt) throw new AppError('CONFLICT', 409, 'No second factor is set up.');
      const ok = proof.code
        ? (await this.d.secondFactor.check(tx, user, proof.code)) !== null
        : await checkPassword(user.passwordHash, proof.password ?? '');
      if (!ok) throw new AppError('INVALID_CREDENTIALS', 401, 'The code or password is wrong.');
      await this.d.secondFactor.disable(tx, user.id);
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'auth.second_factor_disabled',
        target: { type: 'user', id: user.id },
      });
    });
  }

  /** New recovery codes for a current authenticator code; the old ones die. */
  async regenerateRecoveryCodes(actor: UserActor, code: string, meta: RequestMeta): Promise<string[]> {
    await this.limit(`second-factor-setup:${actor.userId}`, 10, 600);
    return this.d.db.transaction(async (tx) => {
      const user = await this.d.users.byId(tx, actor.userId);
      if (!user?.totpConfirmedAt) throw new AppError('CONFLICT', 409, 'No second factor is set up.');
      if (!(await this.d.secondFactor.checkTotp(tx, user, code))) {
        throw new AppError('INVALID_CREDENTIALS', 401, 'The code is wrong.');
      }
      const codes = await this.d.secondFactor.regenerateRecoveryCodes(tx, user.id);
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'auth.recovery_codes_regenerated',
        target: { type: 'user', id: user.id },
      });
      return codes;
    });
  }

  /** Emails a six-digit sign-in code. Answers the same whether or not an account exists. */
  async requestMagicCode(email: string, meta: RequestMeta): Promise<void> {
    const account = this.d.cipher.emailIndex(email);
    await this.limit(`magic:ip:${meta.ip}`, 10, 600);
    await this.limit(`magic:acct:${account}`, 3, 600);
    await this.d.db.transaction(async (tx) => {
      const code = await this.d.codes.issueCode(tx, 'magic_login', account, MAGIC_CODE_TTL);
      await this.d.mail.send(magicCodeEmail(email.trim(), code), { executor: tx, template: 'auth.magic-code' });
    });
  }

  /** Signs in with a code; the first use creates a verified account. */
  async verifyMagicCode(email: string, code: string, meta: RequestMeta): Promise<SignInResult> {
    const account = this.d.cipher.emailIndex(email);
    await this.limit(`magic-verify:ip:${meta.ip}`, 30, 600);
    // Per account too, whatever address the guesses come from; kept apart from the password lockout.
    const lock = `magic:${account}`;
    const locked = await this.d.limiter.lockedFor(lock);
    if (locked > 0) throw rateLimited(locked, 'Too many wrong codes for this address. Try again later.');
    const outcome = await this.d.codes.checkCode('magic_login', account, code);
    if (outcome === 'ok') await this.d.limiter.recordSuccess(lock);
    else await this.d.limiter.recordFailure(lock, MAGIC_CODE_LOCKOUT);
    if (outcome !== 'ok') {
      throw new AppError(
        'INVALID_CODE',
        401,
        outcome === 'exhausted' ? 'Too many wrong tries; ask for a new code.' : 'The code is wrong or has expired.',
      );
    }
    const opened = await this.d.db.transaction(async (tx) => {
      let user = await this.d.users.byEmailHash(tx, account);
      // The emailed code stands in for the password only: a second factor is still asked for.
      if (user?.totpConfirmedAt) return this.challenge(tx, user);
      if (!user) {
        // No name yet (set on the account page): one derived from the address would store part of it in clear.
        user = await this.d.users.insert(tx, {
          email,
          name: '',
          passwordHash: null,
          verified: true,
        });
        await this.d.audit.record(tx, {
          actor: { type: 'user', id: user!.id, ...meta },
          action: 'user.signed_up',
          target: { type: 'user', id: user!.id },
          metadata: { method: 'magic_code' },
        });
        await this.emailVerified(tx, user!.id);
      } else if (!user.emailVerifiedAt) {
        // Receiving the code proves the address is theirs.
        user = await this.d.users.update(tx, user.id, { emailVerifiedAt: new Date() });
        await this.emailVerified(tx, user.id);
      }
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user!.id, ...meta },
        action: 'auth.login',
        target: { type: 'user', id: user!.id },
        metadata: { method: 'magic_code' },
      });
      return this.startSession(tx, user!, meta);
    });
    return 'challenge' in opened ? opened : this.tokensFor(opened);
  }

  async verifyEmail(token: string, meta: RequestMeta): Promise<User> {
    await this.limit(`verify:ip:${meta.ip}`, 30, 600);
    return this.d.db.transaction(async (tx) => {
      const consumed = await this.d.codes.consumeToken(tx, 'email_verification', token);
      const user = consumed?.userId ? await this.d.users.byId(tx, consumed.userId) : null;
      // The address must still be the one the link was sent to.
      if (!user || user.emailHash !== consumed!.emailHash) {
        throw new AppError('INVALID_TOKEN', 400, 'The verification link is invalid, used or expired.');
      }
      const updated = user.emailVerifiedAt
        ? user
        : await this.d.users.update(tx, user.id, { emailVerifiedAt: new Date() });
      if (!user.emailVerifiedAt) await this.emailVerified(tx, user.id);
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'user.email_verified',
        target: { type: 'user', id: user.id },
      });
      return this.d.users.toDto(updated);
    });
  }

  async resendVerification(actor: UserActor): Promise<void> {
    await this.limit(`verify-resend:${actor.userId}`, 3, 3600);
    await this.d.db.transaction(async (tx) => {
      const user = await this.d.users.byId(tx, actor.userId);
      if (user && !user.emailVerifiedAt) await this.sendVerification(tx, user, this.d.users.email(user));
    });
  }

  /**
   * Queues a reset request and answers: the account lookup and the mail
   * happen in a job ({@link sendPasswordReset}), so the answer does the same
   * work, and takes the same time, whether or not the account exists.
   */
  async requestPasswordReset(email: string, meta: RequestMeta): Promise<void> {
    const account = this.d.cipher.emailIndex(email);
    await this.limit(`reset:ip:${meta.ip}`, 10, 3600);
    await this.limit(`reset:acct:${account}`, 3, 3600);
    const requester = this.d.cipher.encrypt(JSON.stringify({ ip: meta.ip, userAgent: meta.userAgent }), RESET_JOB_AAD);
    const job: PasswordResetJob = { emailHash: account, requester };
    await this.d.jobs.send(PASSWORD_RESET_QUEUE, job);
  }

  /** The reset request's job: emails a link when the account exists; the new link replaces any older one. */
  async sendPasswordReset(job: PasswordResetJob): Promise<void> {
    await this.d.db.transaction(async (tx) => {
      const user = await this.d.users.byEmailHash(tx, job.emailHash);
      if (!user) return;
      const token = await this.d.codes.issueToken(tx, 'password_reset', job.emailHash, user.id, RESET_TTL, {
        replace: true,
      });
      const url = `${this.d.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
      await this.d.mail.send(passwordResetEmail(this.d.users.email(user), user.name, url), {
        executor: tx,
        template: 'auth.password-reset',
      });
      const meta = JSON.parse(this.d.cipher.decrypt(job.requester, RESET_JOB_AAD)) as RequestMeta;
      await this.d.audit.record(tx, {
        actor: { type: 'anonymous', id: null, ...meta },
        action: 'auth.password_reset_requested',
        target: { type: 'user', id: user.id },
      });
    });
  }

  /** Sets a new password from a reset link and signs every session out. */
  async confirmPasswordReset(token: string, password: string, meta: RequestMeta): Promise<void> {
    await this.limit(`reset-confirm:ip:${meta.ip}`, 20, 3600);
    const passwordHash = await hashPassword(password);
    await this.d.db.transaction(async (tx) => {
      const consumed = await this.d.codes.consumeToken(tx, 'password_reset', token);
      const user = consumed?.userId ? await this.d.users.byId(tx, consumed.userId) : null;
      if (!user) throw new AppError('INVALID_TOKEN', 400, 'The reset link is invalid, used or expired.');
      this.assertStrong(password, { email: this.d.users.email(user), name: user.name });
      // Following the emailed link proves the address too.
      await this.d.users.update(tx, user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() });
      if (!user.emailVerifiedAt) await this.emailVerified(tx, user.id);
      // Any other link mailed before is void once the password changed.
      await this.d.codes.revokeTokens(tx, 'password_reset', user.id);
      const revoked = await this.d.sessions.revokeAll(tx, user.id, 'password_reset');
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'auth.password_reset',
        target: { type: 'user', id: user.id },
        metadata: { sessionsRevoked: revoked },
      });
    });
  }

  /** Changes the password (the current one is required) and signs out every other session. */
  async changePassword(
    actor: UserActor,
    currentPassword: string,
    newPassword: string,
    meta: RequestMeta,
  ): Promise<void> {
    await this.limit(`password-change:${actor.userId}`, 10, 3600);
    const user = await this.d.users.byId(this.d.db, actor.userId);
    if (!user || !(await checkPassword(user.passwordHash, currentPassword))) {
      throw new AppError('INVALID_CREDENTIALS', 401, 'The current password is wrong.');
    }
    this.assertStrong(newPassword, { email: this.d.users.email(user), name: user.name }, 'body.newPassword');
    const passwordHash = await hashPassword(newPassword);
    await this.d.db.transaction(async (tx) => {
      await this.d.users.update(tx, user.id, { passwordHash });
      await this.d.codes.revokeTokens(tx, 'password_reset', user.id);
      const revoked = await this.d.sessions.revokeAll(tx, user.id, 'password_change', actor.sessionId);
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: user.id, ...meta },
        action: 'auth.password_changed',
        target: { type: 'user', id: user.id },
        metadata: { sessionsRevoked: revoked },
      });
    });
  }

  async refresh(refreshToken: string, meta: RequestMeta): Promise<SignedIn> {
    const rotated = await this.d.sessions.rotate(refreshToken, meta).catch(async (err: unknown) => {
      if (err instanceof AppError && err.code === 'TOKEN_REUSED') {
        await this.d.audit.record(this.d.db, {
          actor: { type: 'anonymous', id: null, ...meta },
          action: 'auth.refresh_token_reused',
        });
      }
      throw err;
    });
    const user = await this.d.users.byId(this.d.db, rotated.userId);
    if (!user) throw new AppError('INVALID_TOKEN', 401, 'The refresh token is not valid.');
    return this.tokensFor({ user, sessionId: rotated.sessionId, refreshToken: rotated.refreshToken });
  }

  async logout(actor: UserActor, meta: RequestMeta): Promise<void> {
    await this.d.db.transaction(async (tx) => {
      await this.d.sessions.revoke(tx, actor.userId, actor.sessionId, 'logout');
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        action: 'auth.logout',
        target: { type: 'session', id: actor.sessionId },
      });
    });
  }

  async logoutAll(actor: UserActor, meta: RequestMeta): Promise<number> {
    return this.d.db.transaction(async (tx) => {
      const n = await this.d.sessions.revokeAll(tx, actor.userId, 'logout_all');
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        action: 'auth.logout_all',
        metadata: { sessionsRevoked: n },
      });
      return n;
    });
  }

  async listSessions(actor: UserActor): Promise<AuthSession[]> {
    const rows = await this.d.sessions.list(actor.userId);
    return rows.map((s) => ({
      id: s.id,
      current: s.id === actor.sessionId,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
    }));
  }

  async revokeSession(actor: UserActor, sessionId: string, meta: RequestMeta): Promise<void> {
    const ok = await this.d.db.transaction(async (tx) => {
      const revoked = await this.d.sessions.revoke(tx, actor.userId, sessionId, 'revoked_by_user');
      if (revoked) {
        await this.d.audit.record(tx, {
          actor: { type: 'user', id: actor.userId, ...meta },
          action: 'auth.session_revoked',
          target: { type: 'session', id: sessionId },
        });
      }
      return revoked;
    });
    if (!ok) throw new AppError('NOT_FOUND', 404, 'No such active session.');
  }

  async me(userId: string): Promise<User> {
    const user = await this.d.users.byId(this.d.db, userId);
    if (!user) throw new AppError('NOT_FOUND', 404, 'No such user.');
    return this.d.users.toDto(user);
  }

  async updateMe(
    userId: string,
    patch: { name?: string | undefined; locale?: string | null | undefined; timezone?: string | null | undefined },
  ): Promise<User> {
    if (patch.timezone && !isTimeZone(patch.timezone)) {
      throw new AppError('VALIDATION_FAILED', 422, 'Unknown timezone.', [
        { field: 'body.timezone', message: 'must be an IANA timezone such as Europe/Berlin', code: 'invalid_timezone' },
      ]);
    }
    const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const user = await this.d.users.update(this.d.db, userId, fields);
    return this.d.users.toDto(user);
  }

  /** The actor behind a valid access token whose session is still active. */
  async userFromAccessToken(token: string): Promise<UserActor | null> {
    const claims = await this.d.tokens.verify(token);
    if (!claims) return null;
    const session = await this.d.sessions.active(claims.sessionId, claims.userId);
    return session ? { kind: 'user', ...session } : null;
  }

  /** Creates a platform admin (CLI). Answers the user and, when generated, the password. */
  async createAdmin(
    email: string,
    name: string,
    password?: string,
  ): Promise<{ user: User; password: string | null; created: boolean }> {
    const generated = password
      ? null
      : `${crypto.randomUUID()}-${crypto.randomUUID()}`.replaceAll('-', '').slice(0, 24);
    const secret = password ?? generated!;
    this.assertStrong(secret, { email, name });
    const passwordHash = await hashPassword(secret);
    return this.d.db.transaction(async (tx) => {
      const existing = await this.d.users.byEmail(tx, email);
      const user = existing
        ? await this.d.users.update(tx, existing.id, {
            platformRole: 'admin',
            passwordHash,
            emailVerifiedAt: existing.emailVerifiedAt ?? new Date(),
          })
        : (await this.d.users.insert(tx, { email, name, passwordHash, verified: true, platformRole: 'admin' }))!;
      if (existing) await this.d.codes.revokeTokens(tx, 'password_reset', user.id);
      await this.d.audit.record(tx, {
        actor: { type: 'system', id: null },
        action: 'user.platform_admin_granted',
        target: { type: 'user', id: user.id },
      });
      return { user: this.d.users.toDto(user), password: secret, created: !existing };
    });
  }

  /**
   * Runs a sign-in transaction, then issues the access token after commit:
   * signing may read keys from the database, which must not happen inside a
   * transaction on PGlite (one connection).
   */
  private async signIn(work: (tx: Executor) => Promise<OpenedSession>): Promise<SignedIn> {
    return this.tokensFor(await this.d.db.transaction(work));
  }

  private async challenge(executor: Executor, user: UserRow): Promise<SecondFactorChallenge> {
    const challenge = await this.d.codes.issueToken(executor, 'second_factor', user.emailHash, user.id, CHALLENGE_TTL);
    return { secondFactorRequired: true, challenge, expiresIn: CHALLENGE_TTL };
  }

  private async startSession(tx: Executor, user: UserRow, meta: RequestMeta): Promise<OpenedSession> {
    const { sessionId, refreshToken } = await this.d.sessions.open(tx, user.id, meta);
    return { user, sessionId, refreshToken };
  }

  private async tokensFor({ user, sessionId, refreshToken }: OpenedSession): Promise<SignedIn> {
    const accessToken = await this.d.tokens.issue({ userId: user.id, sessionId, platformRole: user.platformRole });
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.d.tokens.ttlSeconds,
      user: this.d.users.toDto(user),
    };
  }

  private async sendVerification(tx: Executor, user: UserRow, email: string): Promise<void> {
    const token = await this.d.codes.issueToken(tx, 'email_verification', user.emailHash, user.id, VERIFICATION_TTL);
    const url = `${this.d.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await this.d.mail.send(verificationEmail(email, user.name, url), { executor: tx, template: 'auth.verify-email' });
  }

  /** Other modules react (pending invitations, guest registrations) through this durable event. */
  private async emailVerified(tx: Executor, userId: string): Promise<void> {
    await recordDomainEvent(tx, {
      type: USER_EMAIL_VERIFIED,
      aggregateType: 'user',
      aggregateId: userId,
      payload: { userId },
    });
  }

  private assertStrong(password: string, context: { email?: string; name?: string }, field = 'body.password'): void {
    const weakness = passwordWeakness(password, context);
    if (weakness) {
      throw new AppError('WEAK_PASSWORD', 422, `The password ${weakness.message}.`, [
        { field, message: weakness.message, code: weakness.code },
      ]);
    }
  }

  private async limit(key: string, max: number, windowSeconds: number): Promise<void> {
    const decision = await this.d.limiter.consume(key, max, windowSeconds);
    if (!decision.allowed) throw rateLimited(decision.retryAfter, 'Too many requests. Try again later.');
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
