import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  /** Envelope recipients, lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

export interface Mailbox {
  /** The number of messages received so far: pass it as `after` to wait only for newer ones. */
  mark(): number;
  /** Waits for a message to `address` (optionally with a matching subject) received after `after`. */
  waitFor(address: string, options?: { subject?: RegExp; after?: number; timeoutMs?: number }): Promise<Mail>;
}

export interface MailSink extends Mailbox {
  url: string;
  close(): Promise<void>;
}

/**
 * An SMTP server that keeps every message in memory, so tests can read the
 * links and codes Foyer emails. The server under test runs with `memory://`
 * storage in another process, so its outbox cannot be read directly.
 */
export async function startMailSink(): Promise<MailSink> {
  const received: Mail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  const find = (address: string, subject: RegExp | undefined, after: number) =>
    received.slice(after).find((m) => m.to.includes(address.toLowerCase()) && (!subject || subject.test(m.subject)));

  return {
    url: `smtp://127.0.0.1:${port}`,
    mark: () => received.length,
    waitFor(address, { subject, after = 0, timeoutMs = 15_000 } = {}) {
      return new Promise<Mail>((resolve, reject) => {
        const check = () => {
          const mail = find(address, subject, after);
          if (!mail) return;
          cleanup();
          resolve(mail);
        };
        const timer = setTimeout(() => {
          cleanup();
          const seen = received.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n  ');
          reject(
            new Error(`No mail to ${address} (${subject ?? 'any subject'}) within ${timeoutMs} ms. Seen:\n  ${seen}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The path and query of the first link in a mail that points at `path`, e.g. `/verify-email?token=…`. */
export function linkIn(mail: Mail, path: string): string {
  for (const match of mail.text.matchAll(/https?:\/\/\S+/g)) {
    const url = new URL(match[0]);
    if (url.pathname === path) return `${url.pathname}${url.search}`;
  }
  throw new Error(`No link to ${path} in mail "${mail.subject}":\n${mail.text}`);
}

/** The six-digit sign-in code of a magic-code mail. */
export function codeIn(mail: Mail): string {
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!code) throw new Error(`No six-digit code in mail "${mail.subject}":\n${mail.text}`);
  return code;
}
