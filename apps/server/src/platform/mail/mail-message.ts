/** A message as callers write it. */
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

/** What is encrypted into `content_encrypted`. */
export interface MailContent {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  replyTo: string | null;
  headers: Record<string, string>;
}

/** A stored message, decrypted, as operators and tests read it. */
export interface StoredMail extends MailContent {
  id: string;
  template: string | null;
  transport: 'outbox' | 'smtp';
  status: 'queued' | 'stored' | 'sent' | 'failed';
  providerMessageId: string | null;
  attempts: number;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}
