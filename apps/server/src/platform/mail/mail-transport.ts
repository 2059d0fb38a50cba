import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { MailContent } from './mail-message.ts';

/** Hands a message to the outside world. */
export interface MailTransport {
  readonly kind: 'outbox' | 'smtp';
  /** The status a delivered message ends in: `stored` (outbox) or `sent`. */
  readonly deliveredStatus: 'stored' | 'sent';
  deliver(mailId: string, content: MailContent): Promise<{ providerMessageId: string | null }>;
  verify(): Promise<boolean>;
  close(): Promise<void>;
}

/** The embedded default: the message stays in the database and a line is logged. */
export class OutboxTransport implements MailTransport {
  readonly kind = 'outbox' as const;
  readonly deliveredStatus = 'stored' as const;
  constructor(private readonly logger: Logger) {}

  async deliver(mailId: string): Promise<{ providerMessageId: null }> {
    // Recipients are personal data: the log names the message, not the person.
    this.logger.info({ mailId }, 'mail kept in the outbox (no SMTP_URL configured)');
    return { providerMessageId: null };
  }
  async verify(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}

/** Sends through an SMTP server given as `smtp://user:pass@host:port` (`smtps://` for implicit TLS). */
export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp' as const;
  readonly deliveredStatus = 'sent' as const;
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly logger: Logger,
  ) {
    // Bounded, so one attempt ends well inside the delivery job's expiry (MAIL_DELIVERY_EXPIRE_SECONDS).
    // Settings in the URL (e.g. ?connectionTimeout=) win over these.
    this.transporter = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 8_000,
      greetingTimeout: 8_000,
      socketTimeout: 12_000,
    });
  }

  async deliver(mailId: string, content: MailContent): Promise<{ providerMessageId: string | null }> {
    const info = await this.transporter.sendMail({
      // One Message-ID per stored message, the same on every attempt: a retry after a crash between
      // the server's 250 and our commit (SMTP cannot close that window) is recognisably the same
      // message, and receiving systems that deduplicate on Message-ID drop it.
      messageId: `<${mailId}@${messageIdDomain(content.from)}>`,
      from: content.from,
      to: content.to,
      subject: content.subject,
      text: content.text,
      ...(content.html ? { html: content.html } : {}),
      ...(content.replyTo ? { replyTo: content.replyTo } : {}),
      headers: { ...content.headers, 'X-Foyer-Mail-Id': mailId },
      attachments: (content.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.contentBase64, 'base64'),
        ...(a.cid ? { cid: a.cid } : {}),
      })),
    });
    this.logger.info({ mailId }, 'mail sent over SMTP');
    return { providerMessageId: info.messageId ? String(info.messageId) : null };
  }

  async verify(): Promise<boolean> {
    try {
      return await this.transporter.verify();
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** The sender's domain for Message-IDs (`"Foyer" <noreply@example.org>` gives `example.org`). */
function messageIdDomain(from: string): string {
  return /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'foyer.invalid';
}

export function createMailTransport(smtpUrl: string | null, logger: Logger): MailTransport {
  return smtpUrl ? new SmtpTransport(smtpUrl, logger) : new OutboxTransport(logger);
}
