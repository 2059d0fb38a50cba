import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { hashSecret, newToken } from '../../platform/crypto/secrets.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { authSessions, refreshTokens, users } from './schema.ts';

const REFRESH_TTL_DAYS = 30;
const TOKEN_CONTEXT = 'refresh';

export interface SessionMeta {
  userAgent: string | null;
  ip: string | null;
}

export interface ActiveSession {
  sessionId: string;
  userId: string;
  platformRole: 'admin' | 'user';
  emailVerified: boolean;
  secondFactor: boolean;
}

/**
 * Signed-in devices and their refresh tokens. Tokens are opaque, stored as
 * keyed hashes and rotated on every use; presenting a rotated token again
 * means it was stolen or replayed, and the whole session is revoked. A
 * session expires 30 days after its last refresh, and at the latest
 * `absoluteLifetimeDays` after it began.
 */
export class AuthSessions {
  constructor(
    private readonly db: Db,
    private readonly tokenKey: Buffer,
    private readonly absoluteLifetimeDays = 90,
  ) {}

  /** When a session that began at `createdAt` expires if refreshed now: sliding, capped by the absolute lifetime. */
  private expiry(createdAt: Date): Date {
    const sliding = Date.now() + REFRESH_TTL_DAYS * 86_400_000;
    return new Date(Math.min(sliding, createdAt.getTime() + this.absoluteLifetimeDays * 86_400_000));
  }

  /** Sessions that began longer ago than the absolute lifetime are over, whatever their stored expiry. */
  private withinLifetime() {
    return gt(authSessions.createdAt, sql`now() - make_interval(days => ${this.absoluteLifetimeDays})`);
  }

  private hash(token: string): string {
    return hashSecret(this.tokenKey, token, TOKEN_CONTEXT);
  }

  /** Opens a session for a user and answers its first refresh token. */
  async open(
    executor: Executor,
    userId: string,
    meta: SessionMeta,
  ): Promise<{ sessionId: string; refreshToken: string }> {
    const createdAt = new Date();
    const [session] = await executor
      .insert(authSessions)
      .values({
        userId,
        userAgent: meta.userAgent?.slice(0, 400) ?? null,
        ip: meta.ip,
        createdAt,
        lastUsedAt: createdAt,
        expiresAt: this.expiry(createdAt),
      })
      .returning({ id: authSessions.id });
    const refreshToken = newToken('rt_');
    await executor.insert(refreshTokens).values({ sessionId: session!.id, tokenHash: this.hash(refreshToken) });
    return { sessionId: session!.id, refreshToken };
  }

  /**
   * Exchanges a refresh token for a new one. Unknown or expired → INVALID_TOKEN;
   * already rotated → the session is revoked and TOKEN_REUSED.
   */
  async rotate(
    refreshToken: string,
    meta: SessionMeta,
  ): Promise<{ sessionId: string; userId: string; refreshToken: string }> {
    const tokenHash = this.hash(refreshToken);
    const outcome = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ token: refreshTokens, session: authSessions })
        .from(refreshTokens)
        .innerJoin(authSessions, eq(authSessions.id, refreshTokens.sessionId))
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .for('update');
      const over =
        row &&
        (row.session.expiresAt.getTime() <= Date.now() ||
          row.session.createdAt.getTime() + this.absoluteLifetimeDays * 86_400_000 <= Date.now());
      if (!row || row.session.revokedAt || over) return { kind: 'invalid' as const };
      if (row.token.replacedAt) {
        await tx
          .update(authSessions)
          .set({ revokedAt: new Date(), revokedReason: 'refresh_token_reuse' })
          .where(eq(authSessions.id, row.session.id));
        return { kind: 'reused' as const, sessionId: row.session.id, userId: row.session.userId };
      }
      const next = newToken('rt_');
      await tx.update(refreshTokens).set({ replacedAt: new Date() }).where(eq(refreshTokens.id, row.token.id));
      await tx
        .insert(refreshTokens)
        .values({ sessionId: row.session.id, tokenHash: this.hash(next), parentId: row.token.id });
      await tx
        .update(authSessions)
        .set({
          lastUsedAt: new Date(),
          expiresAt: this.expiry(row.session.createdAt),
          ...(meta.ip ? { ip: meta.ip } : {}),
        })
        .where(eq(authSessions.id, row.session.id));
      return { kind: 'rotated' as const, sessionId: row.session.id, userId: row.session.userId, refreshToken: next };
    });
    if (outcome.kind === 'invalid') throw new AppError('INVALID_TOKEN', 401, 'The refresh token is not valid.');
    if (outcome.kind === 'reused') {
      throw new AppError('TOKEN_REUSED', 401, 'This refresh token was already used; the session has been signed out.');
    }
    return outcome;
  }

  /** The session's user when it is still active (not revoked, not expired). */
  async active(sessionId: string, userId: string): Promise<ActiveSession | null> {
    const [row] = await this.db
      .select({
        sessionId: authSessions.id,
        userId: users.id,
        platformRole: users.platformRole,
        verified: users.emailVerifiedAt,
        totp: users.totpConfirmedAt,
      })
      .from(authSessions)
      .innerJoin(users, eq(users.id, authSessions.userId))
      .where(
        and(
          eq(authSessions.id, sessionId),
          eq(authSessions.userId, userId),
          isNull(authSessions.revokedAt),
          gt(authSessions.expiresAt, sql`now()`),
          this.withinLifetime(),
        ),
      );
    return row
      ? {
          sessionId: row.sessionId,
          userId: row.userId,
          platformRole: row.platformRole,
          emailVerified: row.verified !== null,
          secondFactor: row.totp !== null,
        }
      : null;
  }

  async list(userId: string) {
    return this.db
      .select()
      .from(authSessions)
      .where(
        and(
          eq(authSessions.userId, userId),
          isNull(authSessions.revokedAt),
          gt(authSessions.expiresAt, sql`now()`),
          this.withinLifetime(),
        ),
      )
      .orderBy(desc(authSessions.lastUsedAt));
  }

  /** Revokes one session of a user; false when there was no such active session. */
  async revoke(executor: Executor, userId: string, sessionId: string, reason: string): Promise<boolean> {
    const rows = await executor
      .update(authSessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId), isNull(authSessions.revokedAt)))
      .returning({ id: authSessions.id });
    return rows.length > 0;
  }

  /** Revokes every session of a user, except `keep` when given. Answers how many. */
  async revokeAll(executor: Executor, userId: string, reason: string, keep?: string): Promise<number> {
    const rows = await executor
      .update(authSessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(
        and(
          eq(authSessions.userId, userId),
          isNull(authSessions.revokedAt),
          keep ? ne(authSessions.id, keep) : undefined,
        ),
      )
      .returning({ id: authSessions.id });
    return rows.length;
  }
}
