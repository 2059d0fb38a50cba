import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { hashSecret, newNumericCode, newToken, safeEqual } from '../../platform/crypto/secrets.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { type AuthCodePurpose, authCodes } from './schema.ts';

export const MAX_CODE_ATTEMPTS = 5;

/**
 * Single-use secrets sent by email. Magic-login codes are six digits, so
 * they are bound to the email address, expire after ten minutes and die
 * after five wrong guesses; tokens in links carry 256 bits and are looked
 * up by their hash.
 */
export class AuthCodes {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {}

  /** Issues a six-digit code for an email, replacing any earlier unused one. */
  async issueCode(
    executor: Executor,
    purpose: AuthCodePurpose,
    emailHash: string,
    ttlSeconds: number,
  ): Promise<string> {
    await executor
      .update(authCodes)
      .set({ consumedAt: new Date() })
      .where(and(eq(authCodes.purpose, purpose), eq(authCodes.emailHash, emailHash), isNull(authCodes.consumedAt)));
    const code = newNumericCode();
    const id = randomUUID();
    await executor.insert(authCodes).values({
      id,
      purpose,
      emailHash,
      // Suffixed with the row id: the same code drawn twice for one address must not collide on the unique hash.
      secretHash: `${hashSecret(this.key, code, `${purpose}:${emailHash}`)}.${id}`,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    });
    return code;
  }

  /**
   * Checks and consumes a code. Answers `ok`, `invalid` (counts an attempt)
   * or `exhausted` (too many attempts; the code is dead).
   */
  async checkCode(purpose: AuthCodePurpose, emailHash: string, code: string): Promise<'ok' | 'invalid' | 'exhausted'> {
    const [row] = await this.db
      .select()
      .from(authCodes)
      .where(
        and(
          eq(authCodes.purpose, purpose),
          eq(authCodes.emailHash, emailHash),
          isNull(authCodes.consumedAt),
          gt(authCodes.expiresAt, sql`now()`),
        ),
      )
      .orderBy(desc(authCodes.createdAt))
      .limit(1);
    if (!row) return 'invalid';
    if (row.attempts >= MAX_CODE_ATTEMPTS) return 'exhausted';
    const expected = row.secretHash.split('.')[0] ?? '';
    if (!safeEqual(expected, hashSecret(this.key, code, `${purpose}:${emailHash}`))) {
      const [after] = await this.db
        .update(authCodes)
        .set({ attempts: sql`${authCodes.attempts} + 1` })
        .where(eq(authCodes.id, row.id))
        .returning({ attempts: authCodes.attempts });
      return (after?.attempts ?? MAX_CODE_ATTEMPTS) >= MAX_CODE_ATTEMPTS ? 'exhausted' : 'invalid';
    }
    // Conditional: of two requests racing with the right code, one wins.
    const consumed = await this.db
      .update(authCodes)
      .set({ consumedAt: new Date() })
      .where(and(eq(authCodes.id, row.id), isNull(authCodes.consumedAt)))
      .returning({ id: authCodes.id });
    return consumed.length > 0 ? 'ok' : 'invalid';
  }

  /**
   * Issues a link token (email verification, password reset). With `replace`,
   * the user's earlier unused tokens of this purpose die first: one live link
   * per account (a partial unique index holds it for password resets).
   */
  async issueToken(
    executor: Executor,
    purpose: AuthCodePurpose,
    emailHash: string,
    userId: string | null,
    ttlSeconds: number,
    options: { replace?: boolean } = {},
  ): Promise<string> {
    if (options.replace && userId) await this.revokeTokens(executor, purpose, userId);
    const token = newToken();
    await executor.insert(authCodes).values({
      purpose,
      emailHash,
      userId,
      secretHash: hashSecret(this.key, token, purpose),
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    });
    return token;
  }

  /** Kills every unused token of `purpose` for a user (e.g. reset links after a password change). Answers how many. */
  async revokeTokens(executor: Executor, purpose: AuthCodePurpose, userId: string): Promise<number> {
    const rows = await executor
      .update(authCodes)
      .set({ consumedAt: new Date() })
      .where(and(eq(authCodes.purpose, purpose), eq(authCodes.userId, userId), isNull(authCodes.consumedAt)))
      .returning({ id: authCodes.id });
    return rows.length;
  }

  /** A live link token without consuming it (the second-factor challenge, used up only by the right code). */
  async findToken(
    executor: Executor,
    purpose: AuthCodePurpose,
    token: string,
  ): Promise<{ id: string; userId: string | null; attempts: number } | null> {
    const [row] = await executor
      .select({ id: authCodes.id, userId: authCodes.userId, attempts: authCodes.attempts })
      .from(authCodes)
      .where(
        and(
          eq(authCodes.secretHash, hashSecret(this.key, token, purpose)),
          eq(authCodes.purpose, purpose),
          isNull(authCodes.consumedAt),
          gt(authCodes.expiresAt, sql`now()`),
        ),
      );
    return row ?? null;
  }

  /** Counts a wrong try against a token; after the last allowed one it dies. */
  async failedAttempt(executor: Executor, id: string): Promise<void> {
    await executor
      .update(authCodes)
      .set({
        attempts: sql`${authCodes.attempts} + 1`,
        consumedAt: sql`case when ${authCodes.attempts} + 1 >= ${MAX_CODE_ATTEMPTS} then now() else null end`,
      })
      .where(eq(authCodes.id, id));
  }

  /** Uses a token up by id; false when another request did first. */
  async consumeById(executor: Executor, id: string): Promise<boolean> {
    const rows = await executor
      .update(authCodes)
      .set({ consumedAt: new Date() })
      .where(and(eq(authCodes.id, id), isNull(authCodes.consumedAt)))
      .returning({ id: authCodes.id });
    return rows.length > 0;
  }

  /** Consumes a link token; answers its user and email hash, or null when unknown, used or expired. */
  async consumeToken(
    executor: Executor,
    purpose: AuthCodePurpose,
    token: string,
  ): Promise<{ userId: string | null; emailHash: string } | null> {
    const rows = await executor
      .update(authCodes)
      .set({ consumedAt: new Date() })
      .where(
        and(
          eq(authCodes.secretHash, hashSecret(this.key, token, purpose)),
          eq(authCodes.purpose, purpose),
          isNull(authCodes.consumedAt),
          gt(authCodes.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: authCodes.userId, emailHash: authCodes.emailHash });
    return rows[0] ?? null;
  }
}
