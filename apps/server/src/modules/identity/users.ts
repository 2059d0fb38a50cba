import type { User } from '@foyer/contracts';
import { eq } from 'drizzle-orm';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import type { Executor } from '../../platform/db/database.ts';
import { users } from './schema.ts';

export type UserRow = typeof users.$inferSelect;
const EMAIL_AAD = 'users.email';

/** Reads and writes user rows; the only code that knows how emails are stored. */
export class UsersRepository {
  constructor(private readonly cipher: FieldCipher) {}

  async byEmail(db: Executor, email: string): Promise<UserRow | null> {
    const [row] = await db
      .select()
      .from(users)
      .where(eq(users.emailHash, this.cipher.emailIndex(email)));
    return row ?? null;
  }

  async byEmailHash(db: Executor, emailHash: string): Promise<UserRow | null> {
    const [row] = await db.select().from(users).where(eq(users.emailHash, emailHash));
    return row ?? null;
  }

  async byId(db: Executor, id: string): Promise<UserRow | null> {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row ?? null;
  }

  /** Inserts a user; null when the email is already registered. */
  async insert(
    db: Executor,
    fields: {
      email: string;
      name: string;
      passwordHash: string | null;
      verified: boolean;
      locale?: string | null;
      platformRole?: 'admin' | 'user';
    },
  ): Promise<UserRow | null> {
    const rows = await db
      .insert(users)
      .values({
        emailEncrypted: this.cipher.encrypt(fields.email.trim(), EMAIL_AAD),
        emailHash: this.cipher.emailIndex(fields.email),
        name: fields.name,
        passwordHash: fields.passwordHash,
        emailVerifiedAt: fields.verified ? new Date() : null,
        locale: fields.locale ?? null,
        platformRole: fields.platformRole ?? 'user',
      })
      .onConflictDoNothing({ target: users.emailHash })
      .returning();
    return rows[0] ?? null;
  }

  async update(
    db: Executor,
    id: string,
    fields: Partial<Omit<UserRow, 'id' | 'emailEncrypted' | 'emailHash'>>,
  ): Promise<UserRow> {
    const [row] = await db
      .update(users)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    return row!;
  }

  email(row: Pick<UserRow, 'emailEncrypted'>): string {
    return this.cipher.decrypt(row.emailEncrypted, EMAIL_AAD);
  }

  toDto(row: UserRow): User {
    return {
      id: row.id,
      email: this.email(row),
      emailVerified: row.emailVerifiedAt !== null,
      name: row.name,
      platformRole: row.platformRole,
      locale: row.locale,
      timezone: row.timezone,
      hasPassword: row.passwordHash !== null,
      secondFactor: row.totpConfirmedAt !== null,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
