import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { Mailer } from './mailer.ts';
import { OutboxMailer } from './outbox-mailer.ts';
import { SmtpMailer } from './smtp-mailer.ts';

/** SMTP when `SMTP_URL` is configured, otherwise the database outbox. */
export function createMailer(options: { smtpUrl: string | null; from: string; db: Db; logger: Logger }): Mailer {
  return options.smtpUrl
    ? new SmtpMailer(options.smtpUrl, options.db, options.from, options.logger)
    : new OutboxMailer(options.db, options.from, options.logger);
}
