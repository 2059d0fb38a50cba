import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import jsQRModule from 'jsqr';
import { type ParsedMail, simpleParser } from 'mailparser';
import { PNG } from 'pngjs';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, PASSWORD, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { identityModule } from '../identity/index.ts';

/**
 * Acceptance check 3: a registration's confirmation crosses a real SMTP
 * conversation (smtp-server), is parsed back (mailparser), and its HTML,
 * text and inline QR image (decoded with jsQR) are checked.
 */
// jsqr is CommonJS: under Node's ESM its default import is `module.exports`, whose `default` is the function.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;
const BOUNCING = 'bounce@example.org';
let server: SMTPServer;
let t: TestApp;
let api: Api;
let owner: SignedUp;
const received: ParsedMail[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      if (address.address === BOUNCING)
        return cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, _session, cb) {
      // Keep `cid:` references as sent (mailparser would inline them as data URIs).
      simpleParser(stream, { skipImageLinks: true }).then(
        (mail) => {
          received.push(mail);
          cb();
        },
        (err) => cb(err),
      );
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address() as AddressInfo;
  t = await createTestApp({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'Foyer <no-reply@foyer.test>',
    MAIL_RETRY_LIMIT: '1',
    MAIL_RETRY_DELAY_SECONDS: '1',
  });
  api = new Api(t.app);
  owner = await api.signup({ name: 'Olga Owner' });
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value ?? []);

describe('confirmation email over SMTP', () => {
  it('delivers HTML, text and an inline QR image that decodes to the ticket code', async () => {
    const orgId = (
      await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'QR Guild', slug: 'qr-guild' } })
    ).json().id;
    const created = await api.post(`/api/v1/orgs/${orgId}/events`, {
      token: owner.accessToken,
      body: {
        name: 'QR Fest',
        slug: 'qr-fest',
        kind: 'festival',
        format: 'in_person',
        timezone: 'Europe/Berlin',
        startsAt: '2027-06-05T18:00:00+02:00',
        endsAt: '2027-06-05T23:00:00+02:00',
        capacity: 10,
      },
    });
    const eventId = created.json().id;
    await api.post(`/api/v1/events/${eventId}/status`, { token: owner.accessToken, body: { status: 'published' } });
    const email = uniqueEmail('attendee');
    const res = await api.post(`/api/v1/events/${eventId}/registrations`, { body: { email, name: 'Ada Lovelace' } });
    expect(res.statusCode, res.body).toBe(201);
    const ticketCode = res.json().ticketCode as string;

    const mail = await eventually(() => received.find((m) => to(m).some((a) => a.address === email)), 20_000);
    expect(mail.subject).toBe('You’re registered: QR Fest');
    expect(mail.from?.value).toEqual([{ name: 'Foyer', address: 'no-reply@foyer.test' }]);

    expect(mail.text).toContain('Hello Ada Lovelace,');
    expect(mail.text).toContain(`Your ticket code: ${ticketCode}`);
    // In the event's time zone (punctuation varies with the ICU version).
    expect(mail.text).toMatch(
      /When: Saturday,? 5 June 2027 at 18:00 – Saturday,? 5 June 2027 at 23:00 \(Europe\/Berlin\)/,
    );
    expect(mail.text).toContain('/e/qr-guild/qr-fest');

    const html = String(mail.html);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('role="presentation"');
    expect(html).toContain(ticketCode);
    expect(html).toMatch(/<img src="cid:ticket-qr@foyer"[^>]* alt="QR code of your ticket [A-Z2-7]{26}"/);

    expect(mail.attachments).toHaveLength(1);
    const [qr] = mail.attachments;
    expect(qr).toMatchObject({ contentType: 'image/png', cid: 'ticket-qr@foyer', related: true });
    const png = PNG.sync.read(qr!.content);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(ticketCode);

    const [stored] = await eventually(async () => {
      const list = await api.mails(email, 'registration.confirmed');
      return list[0]?.status === 'sent' ? list : null;
    });
    expect(stored?.providerMessageId).toBe(mail.messageId);

    // For people to look at: the message as a file, the inline image as a data URI.
    const dir = resolve(import.meta.dirname, '../../../../../artifacts/email');
    await mkdir(dir, { recursive: true });
    const dataUri = `data:image/png;base64,${qr!.content.toString('base64')}`;
    await writeFile(resolve(dir, 'registration-confirmed.html'), html.replace('cid:ticket-qr@foyer', dataUri));
    await writeFile(resolve(dir, 'registration-confirmed.txt'), String(mail.text));
  });

  it('records a message the server keeps refusing as failed, visible to platform admins', async () => {
    const { id } = await t.app.platform.mail.send({ to: BOUNCING, subject: 'Never arrives', text: 'x' });
    const failed = await eventually(async () => {
      const m = await t.app.platform.mail.get(id);
      return m?.status === 'failed' ? m : null;
    }, 30_000);
    expect(failed.attempts).toBe(2);
    expect(failed.error).toMatch(/550|rejected/i);

    const adminEmail = uniqueEmail('root');
    await servicesOf(t.app.platform, identityModule).identity.createAdmin(adminEmail, 'Root', PASSWORD);
    const token = (await api.loginOk(adminEmail, PASSWORD)).accessToken;
    const list = await api.get('/api/v1/admin/mail?status=failed', { token });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ id, status: 'failed', attempts: 2, to: [BOUNCING], subject: 'Never arrives' }),
    ]);
    // No further attempt after the last retry.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await t.app.platform.mail.get(id))?.attempts).toBe(2);
  });
});
