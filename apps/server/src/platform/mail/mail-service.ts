import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { FieldCipher } from '../crypto/field-cipher.ts';
import type { Db, Executor, Tx } from '../db/database.ts';
import { recordDomainEvent } from '../events/domain-events.ts';
import type { EventBus } from '../events/event-bus.ts';
import {
  cursorInstant,
  cursorUuid,
  decodeCursor as decodeCursorParts,
  encodeCursor as encodeCursorParts,
} from '../http/cursor.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { MailContent, MailMessage, StoredMail } from './mail-message.ts';
import type { MailTransport } from './mail-transport.ts';
import { mailMessages } from './schema.ts';

export const MAIL_QUEUED = 'mail.queued';
const CONTENT_AAD = 'mail_messages.content';

export interface MailListFilter {
  status?: StoredMail['status'] | undefined;
  to?: string | undefined;
  template?: string | undefined;
  /** From a previous page's `nextCursor`. */
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface SendOptions {
  /** A message whose key was already used is not queued again (safe retries). */
  dedupeKey?: string;
  /** Queue in this transaction, so the mail exists only if the caller's change commits. */
  executor?: Executor;
  /** Which kind of message, e.g. `auth.magic-code` (kept in clear for operators). */
  template?: string;
}

/**
 * Queues, delivers and lists email. A message is stored encrypted and a
 * `mail.queued` domain event recorded in the same transaction; a durable
 * handler delivers it through the transport with retries. Requests never
 * wait for SMTP, and job payloads carry the mail id only.
 */
/** Longest one delivery attempt may run before it is taken as lost; above the SMTP timeouts. */
export const MAIL_DELIVERY_EXPIRE_SECONDS = 30;

export class MailService {
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
    readonly transport: MailTransport,
    private readonly from: string,
    private readonly logger: Logger,
    private readonly retry: { limit: number; delaySeconds: number; expirySeconds?: number } = {
      limit: 8,
      delaySeconds: 2,
    },
    private readonly metrics?: Metrics,
  ) {}

  /** The delivery job's first attempt and its retries; after the last one a message is `failed` for good. */
  get maxAttempts(): number {
    return this.retry.limit + 1;
  }

  get kind(): 'outbox' | 'smtp' {
    return this.transport.kind;
  }

  /** Registers delivery as a durable handler of `mail.queued`. */
  registerDelivery(bus: EventBus): void {
    bus.onEventJob(
      MAIL_QUEUED,
      'mail.deliver',
      async (event, tx) => {
        await this.deliver(String(event.payload.mailId), tx);
      },
      {
        onFailure: (event, err) => this.recordFailedAttempt(String(event.payload.mailId), err),
        retryLimit: this.retry.limit,
        retryDelaySeconds: this.retry.delaySeconds,
        // One SMTP conversation, bounded by the transport's timeouts (mail-transport.ts): a delivery
        // still active after this died with its worker and is retried soon after, not in 15 minutes.
        expireInSeconds: this.retry.expirySeconds ?? MAIL_DELIVERY_EXPIRE_SECONDS,
      },
    );
  }

  async send(message: MailMessage, options: SendOptions = {}): Promise<{ id: string; queued: boolean }> {
    const run = (tx: Executor) => this.queue(tx, message, options);
    return options.executor ? run(options.executor) : this.db.transaction((tx) => run(tx));
  }

  private async queue(tx: Executor, message: MailMessage, options: SendOptions) {
    const to = (Array.isArray(message.to) ? message.to : [message.to]).map((t) => t.trim());
    const content: MailContent = {
      from: message.from ?? this.from,
      to,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      replyTo: message.replyTo ?? null,
      headers: message.headers ?? {},
      attachments: message.attachments ?? [],
    };
    const [row] = await tx
      .insert(mailMessages)
      .values({
        dedupeKey: options.dedupeKey ?? null,
        template: options.template ?? null,
        transport: this.transport.kind,
        status: 'queued',
        recipientHashes: to.map((t) => this.cipher.emailIndex(t)),
        contentEncrypted: this.cipher.encrypt(JSON.stringify(content), CONTENT_AAD),
      })
      .onConflictDoNothing({ target: mailMessages.dedupeKey })
      .returning({ id: mailMessages.id });
    if (!row) {
      const [existing] = await tx
        .select({ id: mailMessages.id })
        .from(mailMessages)
        .where(eq(mailMessages.dedupeKey, options.dedupeKey!));
      return { id: existing!.id, queued: false };
    }
    await recordDomainEvent(tx, {
      type: MAIL_QUEUED,
      aggregateType: 'mail',
      aggregateId: row.id,
      payload: { mailId: row.id },
    });
    return { id: row.id, queued: true };
  }

  /** Delivers one queued message inside the delivery handler's transaction. */
  async deliver(mailId: string, tx: Tx): Promise<void> {
    const [row] = await tx.select().from(mailMessages).where(eq(mailMessages.id, mailId));
    if (!row || row.status === 'sent' || row.status === 'stored') return;
    const content = this.decrypt(row.contentEncrypted);
    // A failure propagates: the transaction rolls back, the job retries, and `recordFailedAttempt` notes it.
    const { providerMessageId } = await this.transport.deliver(mailId, content);
    await tx
      .update(mailMessages)
      .set({
        status: this.transport.deliveredStatus,
        providerMessageId,
        attempts: row.attempts + 1,
        error: null,
        sentAt: new Date(),
      })
      .where(eq(mailMessages.id, mailId));
    this.metrics?.mailDelivered.inc({ transport: this.transport.kind });
  }

  /**
   * Counts a failed delivery attempt and keeps its error for operators;
   * the attempt that exhausts the job's retries marks the message `failed`.
   */
  async recordFailedAttempt(mailId: string, err: unknown): Promise<void> {
    const [row] = await this.db
      .update(mailMessages)
      .set({
        attempts: sql`${mailMessages.attempts} + 1`,
        status: sql`case when ${mailMessages.attempts} + 1 >= ${this.maxAttempts} then 'failed' else ${mailMessages.status} end`,
        error: String((err as Error)?.message ?? err).slice(0, 2000),
      })
      // A message delivered meanwhile (or already failed) keeps its state.
      .where(and(eq(mailMessages.id, mailId), eq(mailMessages.status, 'queued')))
      .returning({ status: mailMessages.status, attempts: mailMessages.attempts });
    if (row) this.metrics?.mailFailures.inc({ final: String(row.status === 'failed') });
    if (row?.status === 'failed')
      this.logger.error({ err, mailId, attempts: row.attempts }, 'mail delivery failed for good');
    else this.logger.warn({ err, mailId }, 'mail delivery failed; will retry');
  }

  /** A page of messages, newest first, for the operators' outbox viewer. */
  async page(filter: MailListFilter): Promise<{ items: StoredMail[]; nextCursor: string | null }> {
    const limit = filter.limit ?? 50;
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(mailMessages.status, filter.status));
    if (filter.to) {
      conditions.push(
        sql`${mailMessages.recipientHashes} @> ${JSON.stringify([this.cipher.emailIndex(filter.to)])}::jsonb`,
      );
    }
    if (filter.template) conditions.push(eq(mailMessages.template, filter.template));
    const after = decodeCursor(filter.cursor);
    // Keyset on the time cut to milliseconds (what a JS Date holds), so no row is skipped between pages.
    const at = sql`date_trunc('milliseconds', ${mailMessages.createdAt})`;
    if (after) {
      conditions.push(
        sql`(${at}, ${mailMessages.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`,
      );
    }
    const rows = await this.db
      .select()
      .from(mailMessages)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(at), desc(mailMessages.id))
      .limit(limit + 1);
    const items = rows.slice(0, limit).map((row) => this.toStored(row));
    const last = rows.length > limit ? rows[limit - 1]! : null;
    return { items, nextCursor: last ? encodeCursor(last.createdAt, last.id) : null };
  }

  /** Recent messages, decrypted, optionally only those to one address. */
  async list(filter: { to?: string; template?: string; limit?: number } = {}): Promise<StoredMail[]> {
    const conditions = [];
    if (filter.to) {
      conditions.push(
        sql`${mailMessages.recipientHashes} @> ${JSON.stringify([this.cipher.emailIndex(filter.to)])}::jsonb`,
      );
    }
    if (filter.template) conditions.push(eq(mailMessages.template, filter.template));
    const rows = await this.db
      .select()
      .from(mailMessages)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
      .limit(filter.limit ?? 50);
    return rows.map((row) => this.toStored(row));
  }

  async get(mailId: string): Promise<StoredMail | null> {
    const [row] = await this.db.select().from(mailMessages).where(eq(mailMessages.id, mailId));
    return row ? this.toStored(row) : null;
  }

  private toStored(row: typeof mailMessages.$inferSelect): StoredMail {
    return {
      ...this.decrypt(row.contentEncrypted),
      id: row.id,
      template: row.template,
      transport: row.transport,
      status: row.status,
      providerMessageId: row.providerMessageId,
      attempts: row.attempts,
      error: row.error,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
    };
  }

  private decrypt(stored: string): MailContent {
    return JSON.parse(this.cipher.decrypt(stored, CONTENT_AAD)) as MailContent;
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

function encodeCursor(createdAt: Date, id: string): string {
  return encodeCursorParts([createdAt.toISOString(), id]);
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = decodeCursorParts(cursor, z.tuple([cursorInstant, cursorUuid]));
  return { createdAt: new Date(at), id };
}
