/** A file carried by a message; with `cid` it is shown inline, referred to as `cid:<cid>` in the HTML. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
  cid?: string | null;
}

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
  attachments?: MailAttachment[];
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
  /** Absent on messages stored before attachments existed. */
  attachments?: MailAttachment[];
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
