import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/config.ts';
import { createLogger } from '../logger.ts';
import { Platform } from '../platform.ts';
import { eventually } from '../testing/test-app.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { SmtpTransport } from './mail-transport.ts';
import { mailMessages } from './schema.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function startPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  const platform = new Platform(testConfig({ ...database.env, MAIL_FROM: 'Foyer <no-reply@foyer.test>', ...env }));
  await platform.start();
  cleanups.push(() => platform.stop());
  return platform;
}

describe('mail on the embedded default (outbox)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });

  it('keeps every message with recipients, subject, parts, headers and time', async () => {
    const { id, queued } = await platform.mail.send(
      {
        to: ['ada@example.org', 'bob@example.org'],
        subject: 'Your ticket',
        text: 'See you there.',
        html: '<p>See you there.</p>',
        headers: { 'X-Event': 'fest-2026' },
      },
      { template: 'test.ticket' },
    );
    expect(queued).toBe(true);
    const stored = await eventually(async () => {
      const m = await platform.mail.get(id);
      return m?.status === 'stored' ? m : null;
    });
    expect(stored).toMatchObject({
      transport: 'outbox',
      template: 'test.ticket',
      from: 'Foyer <no-reply@foyer.test>',
      to: ['ada@example.org', 'bob@example.org'],
      subject: 'Your ticket',
      text: 'See you there.',
      html: '<p>See you there.</p>',
      headers: { 'X-Event': 'fest-2026' },
    });
    expect(stored.sentAt).toBeInstanceOf(Date);
  });

  it('stores recipients and content encrypted, findable by recipient', async () => {
    const { id } = await platform.mail.send({
      to: 'Secret.Person@Example.org',
      subject: 'Private subject',
      text: 'Private body',
    });
    const [raw] = await platform.database.db.select().from(mailMessages).where(eq(mailMessages.id, id));
    const rawText = JSON.stringify(raw).toLowerCase();
    expect(rawText).not.toContain('secret.person');
    expect(rawText).not.toContain('private');
    const found = await platform.mail.list({ to: 'secret.person@example.org' });
    expect(found.map((m) => m.id)).toEqual([id]);
  });

  it('queues a message once per dedupe key', async () => {
    const first = await platform.mail.send(
      { to: 'a@example.org', subject: 'Once', text: 'x' },
      { dedupeKey: 'once-1' },
    );
    const second = await platform.mail.send(
      { to: 'a@example.org', subject: 'Once', text: 'x' },
      { dedupeKey: 'once-1' },
    );
    expect(second).toEqual({ id: first.id, queued: false });
    expect((await platform.mail.list({ to: 'a@example.org' })).filter((m) => m.subject === 'Once')).toHaveLength(1);
  });

  it('queues nothing when the caller’s transaction rolls back', async () => {
    await expect(
      platform.database.db.transaction(async (tx) => {
        await platform.mail.send({ to: 'rollback@example.org', subject: 'Never', text: 'x' }, { executor: tx });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await platform.mail.list({ to: 'rollback@example.org' })).toEqual([]);
  });
});

describe('mail over SMTP against a real SMTP server', () => {
  let server: SMTPServer;
  let port: number;
  let platform: Platform;
  const received: { envelope: { from: string; to: string[] }; auth: string | null; mail: ParsedMail }[] = [];
  let rejectNext = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      authOptional: false,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'foyer' && auth.password === 's3cret') return cb(null, { user: 'foyer' });
        cb(new Error('Invalid username or password'));
      },
      onData(stream, session, cb) {
        if (rejectNext > 0) {
          rejectNext--;
          stream.resume();
          const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          stream.on('end', () => cb(err));
          return;
        }
        simpleParser(stream).then(
          (mail) => {
            received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              auth: (session.user as string | undefined) ?? null,
              mail,
            });
            cb();
          },
          (err) => cb(err),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    platform = await startPlatform({ SMTP_URL: `smtp://foyer:s3cret@127.0.0.1:${port}` });
  });

  it('sends text and HTML parts with headers, authenticated, and records the message as sent', async () => {
    const { id } = await platform.mail.send({
      to: 'ada@example.org',
      subject: 'Grüße from Foyer',
      text: 'Plain body',
      html: '<p>HTML <b>body</b></p>',
      replyTo: 'team@example.org',
      headers: { 'X-Event': 'fest-2026' },
    });
    await eventually(() => received.length === 1, 20_000);
    const { envelope, auth, mail } = received[0]!;
    expect(auth).toBe('foyer');
    expect(envelope).toEqual({ from: 'no-reply@foyer.test', to: ['ada@example.org'] });
    expect(mail.subject).toBe('Grüße from Foyer');
    expect(mail.text?.trim()).toBe('Plain body');
    expect(mail.html).toContain('<b>body</b>');
    expect(mail.headers.get('x-event')).toBe('fest-2026');
    expect(mail.headers.get('x-foyer-mail-id')).toBe(id);
    expect(mail.replyTo?.text).toBe('team@example.org');
    const stored = await eventually(async () => {
      const m = await platform.mail.get(id);
      return m?.status === 'sent' ? m : null;
    });
    expect(stored.providerMessageId).toBe(mail.messageId);
    // Derived from the stored message, so a re-send after a crash carries the same Message-ID.
    expect(mail.messageId).toBe(`<${id}@foyer.test>`);
  });

  it('retries a refused message until the server takes it, delivering it once', async () => {
    const before = received.length;
    rejectNext = 1;
    const { id } = await platform.mail.send({ to: 'bob@example.org', subject: 'Retry me', text: 'x' });
    const sent = await eventually(async () => {
      const m = await platform.mail.get(id);
      return m?.status === 'sent' ? m : null;
    }, 30_000);
    expect(sent.attempts).toBe(2);
    expect(sent.providerMessageId).toBe(`<${id}@foyer.test>`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.slice(before).filter((r) => r.mail.subject === 'Retry me')).toHaveLength(1);
  });

  it('fails to verify with wrong credentials', async () => {
    const transport = new SmtpTransport(`smtp://foyer:wrong@127.0.0.1:${port}`, createLogger({ logLevel: 'silent' }));
    expect(await transport.verify()).toBe(false);
    await transport.close();
  });
});
