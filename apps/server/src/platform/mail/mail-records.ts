import { eq } from 'drizzle-orm';
import type { Executor } from '../db/database.ts';
import type { MailMessage } from './mailer.ts';
import { mailMessages } from './schema.ts';

export type MailRecord = typeof mailMessages.$inferSelect;

/** Inserts the record of a message; answers null when its dedupe key was already used. */
export async function insertMailRecord(
  db: Executor,
  message: MailMessage & { from: string },
  fields: { transport: 'outbox' | 'smtp'; status: 'stored' | 'sent' | 'failed'; dedupeKey?: string },
): Promise<MailRecord | null> {
  const rows = await db
    .insert(mailMessages)
    .values({
      dedupeKey: fields.dedupeKey ?? null,
      transport: fields.transport,
      status: fields.status,
      from: message.from,
      to: Array.isArray(message.to) ? message.to : [message.to],
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      headers: { ...(message.headers ?? {}), ...(message.replyTo ? { 'Reply-To': message.replyTo } : {}) },
      sentAt: fields.status === 'stored' ? new Date() : null,
    })
    .onConflictDoNothing({ target: mailMessages.dedupeKey })
    .returning();
  return rows[0] ?? null;
}

export async function findMailByDedupeKey(db: Executor, dedupeKey: string): Promise<MailRecord | null> {
  const [row] = await db.select().from(mailMessages).where(eq(mailMessages.dedupeKey, dedupeKey));
  return row ?? null;
}

export async function markMail(
  db: Executor,
  id: string,
  update: { status: 'sent' | 'failed'; providerMessageId?: string; error?: string },
): Promise<void> {
  await db
    .update(mailMessages)
    .set({
      status: update.status,
      providerMessageId: update.providerMessageId ?? null,
      error: update.error ?? null,
      sentAt: update.status === 'sent' ? new Date() : null,
    })
    .where(eq(mailMessages.id, id));
}
