import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import { findMailByDedupeKey, insertMailRecord } from './mail-records.ts';
import type { Mailer, MailMessage, SendOptions, SentMail } from './mailer.ts';

/**
 * The embedded default: messages are stored, not sent, and a line is
 * logged. Operators read them in the admin UI (and tests read the table).
 */
export class OutboxMailer implements Mailer {
  readonly kind = 'outbox' as const;

  constructor(
    private readonly db: Db,
    private readonly from: string,
    private readonly logger: Logger,
  ) {}

  async send(message: MailMessage, options: SendOptions = {}): Promise<SentMail> {
    const db = options.executor ?? this.db;
    const record = await insertMailRecord(
      db,
      { ...message, from: message.from ?? this.from },
      { transport: 'outbox', status: 'stored', ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}) },
    );
    if (!record) {
      const existing = await findMailByDedupeKey(db, options.dedupeKey!);
      return { id: existing!.id, sent: false };
    }
    this.logger.info({ mailId: record.id, to: record.to, subject: record.subject }, 'mail stored in outbox');
    return { id: record.id, sent: true };
  }

  async verify(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
