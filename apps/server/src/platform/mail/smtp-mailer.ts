import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Db, Executor } from '../db/database.ts';
import { findMailByDedupeKey, insertMailRecord, markMail } from './mail-records.ts';
import type { Mailer, MailMessage, SendOptions, SentMail } from './mailer.ts';

/**
 * Sends through an SMTP server given as `smtp://user:pass@host:port`
 * (`smtps://` for implicit TLS). The record is written first, so a retry
 * with the same dedupe key never sends twice.
 */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp' as const;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly db: Db,
    private readonly from: string,
    private readonly logger: Logger,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: MailMessage, options: SendOptions = {}): Promise<SentMail> {
    const db = options.executor ?? this.db;
    const from = message.from ?? this.from;
    const record = await insertMailRecord(
      db,
      { ...message, from },
      { transport: 'smtp', status: 'failed', ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}) },
    );
    if (!record) {
      const existing = (await findMailByDedupeKey(db, options.dedupeKey!))!;
      // A message whose earlier attempt failed is sent again; one that went out is not.
      if (existing.status !== 'failed') return { id: existing.id, sent: false };
      return this.deliver(db, existing.id, from, { ...message, to: existing.to });
    }
    return this.deliver(db, record.id, from, { ...message, to: record.to });
  }

  private async deliver(db: Executor, id: string, from: string, message: MailMessage): Promise<SentMail> {
    try {
      const info = await this.transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        headers: { ...(message.headers ?? {}), 'X-Foyer-Mail-Id': id },
      });
      await markMail(db, id, { status: 'sent', providerMessageId: String(info.messageId ?? '') });
      this.logger.info({ mailId: id, to: message.to, subject: message.subject }, 'mail sent over SMTP');
      return { id, sent: true };
    } catch (err) {
      await markMail(db, id, { status: 'failed', error: String((err as Error).message).slice(0, 2000) });
      throw err;
    }
  }

  async verify(): Promise<boolean> {
    try {
      return await this.transport.verify();
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
