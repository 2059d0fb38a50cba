import type { Executor } from '../db/database.ts';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** Defaults to the configured `MAIL_FROM`. */
  from?: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

export interface SendOptions {
  /** A message with a key already used is not sent again (safe retries). */
  dedupeKey?: string;
  /** Store the record in this transaction, e.g. a domain-event handler's. */
  executor?: Executor;
}

export interface SentMail {
  id: string;
  /** False when the dedupe key had been used: nothing was sent this time. */
  sent: boolean;
}

/** Sends email. Every message is recorded in `mail_messages`, whatever the transport. */
export interface Mailer {
  readonly kind: 'outbox' | 'smtp';
  send(message: MailMessage, options?: SendOptions): Promise<SentMail>;
  /** Reachability, for readiness. */
  verify(): Promise<boolean>;
  close(): Promise<void>;
}
