import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { runMigrations } from '../db/migrate.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { OutboxMailer } from './outbox-mailer.ts';
import { mailMessages } from './schema.ts';
import { SmtpMailer } from './smtp-mailer.ts';

const logger = createLogger({ logLevel: 'silent' });
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = await openDatabase(
    testDb.url === 'memory://' ? { kind: 'pglite', dataDir: null } : { kind: 'postgres', url: testDb.url },
  );
  await runMigrations(database);
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe('outbox mailer (embedded default)', () => {
  it('stores every message with recipients, subject, parts, headers and time', async () => {
    const mailer = new OutboxMailer(database.db, 'Foyer <no-reply@foyer.test>', logger);
    const sent = await mailer.send({
      to: ['ada@example.org', 'bob@example.org'],
      subject: 'Your ticket',
      text: 'See you there.',
      html: '<p>See you there.</p>',
      headers: { 'X-Event': 'fest-2026' },
    });
    expect(sent.sent).toBe(true);
    const [row] = await database.db.select().from(mailMessages).where(eq(mailMessages.id, sent.id));
    expect(row).toMatchObject({
      transport: 'outbox',
      status: 'stored',
      from: 'Foyer <no-reply@foyer.test>',
      to: ['ada@example.org', 'bob@example.org'],
      subject: 'Your ticket',
      text: 'See you there.',
      html: '<p>See you there.</p>',
      headers: { 'X-Event': 'fest-2026' },
    });
    expect(row!.sentAt).toBeInstanceOf(Date);
  });

  it('stores a message once per dedupe key', async () => {
    const mailer = new OutboxMailer(database.db, 'Foyer <no-reply@foyer.test>', logger);
    const first = await mailer.send({ to: 'a@example.org', subject: 'Once', text: 'x' }, { dedupeKey: 'once-1' });
    const second = await mailer.send({ to: 'a@example.org', subject: 'Once', text: 'x' }, { dedupeKey: 'once-1' });
    expect(second).toEqual({ id: first.id, sent: false });
    const rows = await database.db.select().from(mailMessages).where(eq(mailMessages.dedupeKey, 'once-1'));
    expect(rows).toHaveLength(1);
  });
});

describe('SMTP mailer against a real SMTP server', () => {
  let server: SMTPServer;
  let port: number;
  const received: { envelope: { from: string; to: string[] }; auth: string | null; mail: ParsedMail }[] = [];
  let rejectNext = false;

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
        if (rejectNext) {
          rejectNext = false;
          stream.resume();
          const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return stream.on('end', () => cb(err));
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
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends text and HTML parts with headers, authenticated, and records the message', async () => {
    const mailer = new SmtpMailer(
      `smtp://foyer:s3cret@127.0.0.1:${port}`,
      database.db,
      'Foyer <no-reply@foyer.test>',
      logger,
    );
    expect(await mailer.verify()).toBe(true);
    const result = await mailer.send({
      to: 'ada@example.org',
      subject: 'Grüße from Foyer',
      text: 'Plain body',
      html: '<p>HTML <b>body</b></p>',
      replyTo: 'team@example.org',
      headers: { 'X-Event': 'fest-2026' },
    });
    expect(result.sent).toBe(true);
    expect(received).toHaveLength(1);
    const { envelope, auth, mail } = received[0]!;
    expect(auth).toBe('foyer');
    expect(envelope).toEqual({ from: 'no-reply@foyer.test', to: ['ada@example.org'] });
    expect(mail.subject).toBe('Grüße from Foyer');
    expect(mail.text?.trim()).toBe('Plain body');
    expect(mail.html).toContain('<b>body</b>');
    expect(mail.headers.get('x-event')).toBe('fest-2026');
    expect(mail.headers.get('x-foyer-mail-id')).toBe(result.id);
    expect(mail.replyTo?.text).toBe('team@example.org');
    const [row] = await database.db.select().from(mailMessages).where(eq(mailMessages.id, result.id));
    expect(row).toMatchObject({ transport: 'smtp', status: 'sent' });
    expect(row!.providerMessageId).toBe(mail.messageId);
    await mailer.close();
  });

  it('records a refused message as failed, then sends it on retry with the same key, once', async () => {
    const mailer = new SmtpMailer(
      `smtp://foyer:s3cret@127.0.0.1:${port}`,
      database.db,
      'Foyer <no-reply@foyer.test>',
      logger,
    );
    const before = received.length;
    rejectNext = true;
    await expect(
      mailer.send({ to: 'bob@example.org', subject: 'Retry me', text: 'x' }, { dedupeKey: 'retry-1' }),
    ).rejects.toThrow(/550|Mailbox unavailable/);
    const [failed] = await database.db.select().from(mailMessages).where(eq(mailMessages.dedupeKey, 'retry-1'));
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.error).toContain('Mailbox unavailable');
    const retry = await mailer.send(
      { to: 'bob@example.org', subject: 'Retry me', text: 'x' },
      { dedupeKey: 'retry-1' },
    );
    expect(retry).toEqual({ id: failed!.id, sent: true });
    const again = await mailer.send(
      { to: 'bob@example.org', subject: 'Retry me', text: 'x' },
      { dedupeKey: 'retry-1' },
    );
    expect(again.sent).toBe(false);
    expect(received.length - before).toBe(1);
    await mailer.close();
  });

  it('fails to verify with wrong credentials', async () => {
    const mailer = new SmtpMailer(`smtp://foyer:wrong@127.0.0.1:${port}`, database.db, 'x <x@x.test>', logger);
    expect(await mailer.verify()).toBe(false);
    await mailer.close();
  });
});
