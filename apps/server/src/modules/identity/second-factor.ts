import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { hashSecret } from '../../platform/crypto/secrets.ts';
import type { Executor } from '../../platform/db/database.ts';
import { recoveryCodes, users } from './schema.ts';
import type { UserRow } from './users.ts';

const SECRET_AAD = 'users.totp_secret';
const PERIOD = 30;
const RECOVERY_CODE_COUNT = 10;
// RFC 4648 base32, lower case: no 0/1/8/9, so nothing to confuse with O/I/B/g.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The second factor: an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits,
 * 30 s, one step of clock drift either way) and ten single-use recovery
 * codes. The secret is stored encrypted; a code is accepted once at most
 * (the step it belongs to is remembered); recovery codes are stored as keyed
 * hashes.
 */
export class SecondFactor {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly key: Buffer,
    private readonly issuer: string,
  ) {}

  /** Starts (or restarts) enrolment: a new, unconfirmed secret; answers it and its otpauth URI. */
  async begin(executor: Executor, user: UserRow, label: string): Promise<{ secret: string; otpauthUri: string }> {
    const secret = new Secret({ size: 20 }).base32;
    await executor
      .update(users)
      .set({ totpSecretEncrypted: this.cipher.encrypt(secret, SECRET_AAD), totpLastStep: null, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    return { secret, otpauthUri: this.totp(secret, label).toString() };
  }

  /** True when `code` is the authenticator's current code (± one step) and was not used before; remembers it. */
  async checkTotp(executor: Executor, user: UserRow, code: string): Promise<boolean> {
    if (!user.totpSecretEncrypted) return false;
    const secret = this.cipher.decrypt(user.totpSecretEncrypted, SECRET_AAD);
    const delta = this.totp(secret, '').validate({ token: code, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 1000 / PERIOD) + delta;
    // Conditional: of two requests with the same code, one wins; an older step never comes back.
    const rows = await executor
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, user.id), sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`))
      .returning({ id: users.id });
    return rows.length > 0;
  }

  /** Confirms enrolment and answers fresh recovery codes (any older ones die). */
  async confirm(executor: Executor, userId: string): Promise<string[]> {
    await executor
      .update(users)
      .set({ totpConfirmedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId));
    return this.regenerateRecoveryCodes(executor, userId);
  }

  async disable(executor: Executor, userId: string): Promise<void> {
    await executor
      .update(users)
      .set({ totpSecretEncrypted: null, totpConfirmedAt: null, totpLastStep: null, updatedAt: new Date() })
      .where(eq(users.id, userId));
    await executor.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  }

  /** Replaces the user's recovery codes; answers the new ones, in clear, this once. */
  async regenerateRecoveryCodes(executor: Executor, userId: string): Promise<string[]> {
    await executor.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await executor.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: this.hashCode(userId, c) })));
    return codes;
  }

  /** Spends a recovery code; false when it is not one of the user's unused codes. */
  async useRecoveryCode(executor: Executor, userId: string, code: string): Promise<boolean> {
    const rows = await executor
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(recoveryCodes.userId, userId),
          eq(recoveryCodes.codeHash, this.hashCode(userId, code)),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ id: recoveryCodes.id });
    return rows.length > 0;
  }

  /** An authenticator code or a recovery code, whichever `code` looks like. */
  async check(executor: Executor, user: UserRow, code: string): Promise<'totp' | 'recovery_code' | null> {
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) return (await this.checkTotp(executor, user, trimmed)) ? 'totp' : null;
    return (await this.useRecoveryCode(executor, user.id, trimmed)) ? 'recovery_code' : null;
  }

  private hashCode(userId: string, code: string): string {
    return hashSecret(this.key, code.trim().toLowerCase().replace('-', ''), `recovery:${userId}`);
  }

  private totp(secret: string, label: string): TOTP {
    return new TOTP({
      issuer: this.issuer,
      label,
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD,
      secret: Secret.fromBase32(secret),
    });
  }
}

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = Array.from(bytes, (b) => ALPHABET[b % 32]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
