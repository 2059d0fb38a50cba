import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, expectProblem, PASSWORD, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { identityModule } from '../identity/index.ts';
import { notificationsModule } from '../notifications/index.ts';
import { TemplateEngine } from './template-engine.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;
let slugs = 0;
const asOwner = () => ({ token: owner.accessToken });

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup({ name: 'Olga Owner' });
  orgId = (await api.post('/api/v1/orgs', { ...asOwner(), body: { name: 'Mail Guild', slug: 'mail-guild' } })).json()
    .id;
});
afterAll(async () => t?.close());

async function event(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, {
    ...asOwner(),
    body: {
      name: 'Clay Workshop',
      slug: `clay-${++slugs}`,
      kind: 'workshop',
      format: 'in_person',
      timezone: 'Europe/Berlin',
      startsAt: '2027-05-01T10:00:00+02:00',
      endsAt: '2027-05-01T16:00:00+02:00',
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const p = await api.post(`/api/v1/events/${id}/status`, { ...asOwner(), body: { status: 'published' } });
  expect(p.statusCode, p.body).toBe(200);
  return id;
}

async function register(eventId: string, name = 'Gita Guest') {
  const email = uniqueEmail('guest');
  const res = await api.post(`/api/v1/events/${eventId}/registrations`, { body: { email, name } });
  expect(res.statusCode, res.body).toBe(201);
  return { email, reg: res.json() as { id: string; status: string; position: number | null; ticketCode: string } };
}

/** The newest message of `template` to `email`, once the durable handler has queued it. */
const mailTo = (email: string, template: string) =>
  eventually(async () => (await api.mails(email, template))[0], 15_000);

describe('template engine sandbox', () => {
  const engine = new TemplateEngine();

  it('refuses includes, renders and layouts from disk with their position', () => {
    for (const [source, line, column] of [
      ["Hello\n{% include 'secret' %}", 2, 1],
      ["{% render '/etc/passwd' %}", 1, 1],
      ["ok\n\n  {% layout 'base' %}", 3, 3],
    ] as const) {
      try {
        engine.validate({ html: source });
        expect.unreachable(source);
      } catch (err) {
        expect((err as { code: string }).code).toBe('TEMPLATE_INVALID');
        expect((err as { errors: unknown[] }).errors[0]).toMatchObject({ field: 'body.html', line, column });
      }
    }
  });

  it('escapes output in HTML, not in text, and refuses unknown filters', async () => {
    const out = await engine.render(
      { subject: 'Hi {{ name }}', html: '<p>{{ name }}</p>', text: '{{ name }}' },
      { name: '<script>x</script>' },
    );
    expect(out.html).toBe('<p>&lt;script&gt;x&lt;/script&gt;</p>');
    expect(out.text).toBe('<script>x</script>');
    expect(() => engine.validate({ text: '{{ name | shell }}' })).toThrow(/undefined filter: shell/);
  });

  it('stops a template that renders too long', async () => {
    await expect(
      engine.render({ subject: 'x', html: 'x', text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' }, {}),
    ).rejects.toMatchObject({ code: 'TEMPLATE_INVALID' });
  });
});

describe('template overrides', () => {
  it('shows the default with its variables and sample data', async () => {
    const res = await api.get(`/api/v1/orgs/${orgId}/email-templates/registration.confirmed`, asOwner());
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ type: 'registration.confirmed', scope: 'organization', override: null });
    expect(view.effective).toEqual(view.defaults);
    expect(view.variables.map((v: { name: string }) => v.name)).toContain('registration.ticketCode');
    expect(view.sampleData.event.name).toBe('Clay Workshop');
  });

  it('refuses a template with a syntax error, naming part, line and column', async () => {
    const res = await api.call('PUT' as 'POST', `/api/v1/orgs/${orgId}/email-templates/registration.confirmed`, {
      ...asOwner(),
      body: { subject: 'Fine {{ event.name }}', text: 'Line one\nLine two {% if registration.status %}\nno end' },
    });
    const problem = expectProblem(res, 422, 'TEMPLATE_INVALID');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.text', line: 2, column: 10 })]);
    expect(problem.detail).toContain('line 2, column 10');
    const include = await api.call('PUT' as 'POST', `/api/v1/orgs/${orgId}/email-templates/registration.waitlisted`, {
      ...asOwner(),
      body: { html: "<p>{% include 'header' %}</p>" },
    });
    expect(expectProblem(include, 422, 'TEMPLATE_INVALID').errors?.[0]).toMatchObject({
      field: 'body.html',
      line: 1,
      column: 4,
    });
  });

  it('refuses a template that parses but cannot render, and falls back to the default when a stored one fails', async () => {
    const eventId = await event({ capacity: 5 });
    const url = `/api/v1/events/${eventId}/email-templates/registration.confirmed`;
    const runaway = '{% for i in (1..100000000) %}x{% endfor %}';
    const refused = await api.call('PUT' as 'POST', url, { ...asOwner(), body: { html: runaway } });
    expectProblem(refused, 422, 'TEMPLATE_INVALID');
    expect((await api.get(url, asOwner())).json().override).toBeNull();

    // One stored before this check (or failing on real data only): the guest still gets Foyer's default.
    await t.app.platform.database.sql.query(
      `insert into email_template_overrides (organization_id, event_id, type, html) values ($1, $2, 'registration.confirmed', $3)`,
      [orgId, eventId, runaway],
    );
    const { email } = await register(eventId);
    const mail = await mailTo(email, 'registration.confirmed');
    expect(mail.subject).toBe('You’re registered: Clay Workshop');
    expect(mail.html).not.toContain('xxxxxxxx');
    const audit = await api.get(`/api/v1/orgs/${orgId}/audit-log?action=email_template.render_failed`, asOwner());
    expect(audit.json().items).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ type: 'registration.confirmed', eventId }) }),
    ]);
  });

  it('resolves event override → organisation override → default, part by part, in sent mail too', async () => {
    const eventId = await event({ capacity: 5 });
    const put = (url: string, body: object) => api.call('PUT' as 'POST', url, { ...asOwner(), body });
    const org = await put(`/api/v1/orgs/${orgId}/email-templates/registration.confirmed`, {
      subject: '[Guild] {{ event.name }} – see you, {{ recipient.name }}',
      html: '<h1>Guild ticket</h1><p>{{ recipient.name }}</p><img src="cid:{{ ticket.qrCid }}" alt="QR">',
    });
    expect(org.statusCode, org.body).toBe(200);
    const ev = await put(`/api/v1/events/${eventId}/email-templates/registration.confirmed`, {
      text: 'Event text for {{ recipient.name }}: {{ registration.ticketCode }}',
    });
    expect(ev.statusCode, ev.body).toBe(200);
    expect(ev.json()).toMatchObject({
      scope: 'event',
      inherited: { subject: expect.stringContaining('[Guild]') },
      override: { subject: null, html: null, text: expect.stringContaining('Event text') },
      effective: { subject: expect.stringContaining('[Guild]'), html: expect.stringContaining('Guild ticket') },
    });

    const { email, reg } = await register(eventId, 'Ada <Lovelace>');
    const mail = await mailTo(email, 'registration.confirmed');
    expect(mail.subject).toBe('[Guild] Clay Workshop – see you, Ada <Lovelace>');
    expect(mail.text.trim()).toBe(`Event text for Ada <Lovelace>: ${reg.ticketCode}`);
    expect(mail.html).toContain('<p>Ada &lt;Lovelace&gt;</p>');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Sent by Mail Guild through Foyer.');
    expect(mail.attachments).toEqual([expect.objectContaining({ cid: 'ticket-qr@foyer', contentType: 'image/png' })]);

    // Dropping the event's override brings back the organisation's text… and dropping that, Foyer's.
    expect(
      (await api.delete(`/api/v1/events/${eventId}/email-templates/registration.confirmed`, asOwner())).statusCode,
    ).toBe(204);
    expect(
      (await api.delete(`/api/v1/orgs/${orgId}/email-templates/registration.confirmed`, asOwner())).statusCode,
    ).toBe(204);
    const after = (await api.get(`/api/v1/events/${eventId}/email-templates/registration.confirmed`, asOwner())).json();
    expect(after.effective).toEqual(after.defaults);
    expectProblem(
      await api.delete(`/api/v1/events/${eventId}/email-templates/registration.confirmed`, asOwner()),
      404,
      'NOT_FOUND',
    );
    const audit = (await api.get(`/api/v1/orgs/${orgId}/audit-log?action=email_template.updated`, asOwner())).json();
    expect(audit.items.length).toBeGreaterThanOrEqual(2);
  });

  it('previews unsaved parts with sample data at both levels, and refuses a broken one', async () => {
    const eventId = await event();
    const org = await api.post(`/api/v1/orgs/${orgId}/email-templates/registration.waitlisted/preview`, {
      ...asOwner(),
      body: { subject: 'Spot {{ registration.position }} at {{ event.name }}' },
    });
    expect(org.statusCode, org.body).toBe(200);
    expect(org.json().subject).toBe('Spot 3 at Clay Workshop');
    expect(org.json().text).toContain('position 3');
    expect(org.json().html).toContain('Sent by Mail Guild through Foyer.');
    const ev = await api.post(`/api/v1/events/${eventId}/email-templates/registration.reminder/preview`, {
      ...asOwner(),
      body: { data: { reminder: { startsIn: 'in 1 hour' } } },
    });
    expect(ev.statusCode, ev.body).toBe(200);
    expect(ev.json().subject).toBe('Reminder: Clay Workshop starts in 1 hour');
    expectProblem(
      await api.post(`/api/v1/events/${eventId}/email-templates/registration.reminder/preview`, {
        ...asOwner(),
        body: { html: '{{ event.name ' },
      }),
      422,
      'TEMPLATE_INVALID',
    );
    // Account messages are not per event.
    expectProblem(
      await api.get(`/api/v1/events/${eventId}/email-templates/auth.magic-code`, asOwner()),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('words organisation invitations by the organisation’s override', async () => {
    await api.call('PUT' as 'POST', `/api/v1/orgs/${orgId}/email-templates/org.invitation`, {
      ...asOwner(),
      body: { subject: 'Come make pots with {{ organization.name }}' },
    });
    const invitee = uniqueEmail('invitee');
    const res = await api.post(`/api/v1/orgs/${orgId}/members`, {
      ...asOwner(),
      body: { email: invitee, role: 'viewer' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [mail] = await api.mails(invitee, 'org.invitation');
    expect(mail?.subject).toBe('Come make pots with Mail Guild');
    expect(mail?.text).toMatch(/invitations\/accept\?token=/);
  });
});

describe('mail on registration changes', () => {
  it('emails waitlisted (with position), promoted (with ticket) and cancelled registrants', async () => {
    const eventId = await event({ capacity: 1, registration: { waitlistEnabled: true, waitlistAutoPromote: true } });
    const first = await register(eventId, 'First');
    const second = await register(eventId, 'Second');
    expect(second.reg.status).toBe('waitlisted');
    const waitlisted = await mailTo(second.email, 'registration.waitlisted');
    expect(waitlisted.text).toContain('position 1');
    expect(waitlisted.attachments ?? []).toEqual([]);
    const cancel = await api.post(`/api/v1/registrations/${first.reg.id}/cancel`, { ...asOwner(), body: {} });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const cancelled = await mailTo(first.email, 'registration.cancelled');
    expect(cancelled.subject).toBe('Registration cancelled: Clay Workshop');
    const promoted = await mailTo(second.email, 'registration.promoted');
    expect(promoted.text).toMatch(/Your ticket code: [A-Z2-7]{26}/);
    expect(promoted.attachments).toHaveLength(1);
    // The registration cipher stays the only way to the address: the stored mail is encrypted too.
    expect(JSON.stringify(await t.app.platform.database.db.execute('select * from mail_messages'))).not.toContain(
      second.email,
    );
  });

  it('emails pending and declined registrants', async () => {
    const eventId = await event({ registration: { approvalRequired: true } });
    const { email, reg } = await register(eventId);
    expect(reg.status).toBe('pending');
    expect((await mailTo(email, 'registration.pending')).text).toContain('approve registrations');
    await api.post(`/api/v1/registrations/${reg.id}/decline`, { ...asOwner(), body: { reason: 'full' } });
    expect((await mailTo(email, 'registration.declined')).subject).toBe('Registration declined: Clay Workshop');
  });
});

describe('reminders', () => {
  it('sends a reminder with the ticket once per dedupe key, and none to an unconfirmed registration', async () => {
    const eventId = await event({ capacity: 1, registration: { waitlistEnabled: true } });
    const { email, reg } = await register(eventId, 'Rita Remind');
    const waiting = await register(eventId, 'Wanda Wait');
    const { db } = t.app.platform.database;
    const notifications = servicesOf(t.app.platform, notificationsModule).emailNotifications;
    const remind = (id: string) =>
      db.transaction((tx) => notifications.sendReminder(tx, id, 'in 24 hours', `reminder:${id}:24h`));
    expect(await remind(reg.id)).toBe(true);
    expect(await remind(reg.id)).toBe(false);
    expect(await remind(waiting.reg.id)).toBe(false);
    const mails = await api.mails(email, 'registration.reminder');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Reminder: Clay Workshop starts in 24 hours');
    expect(mails[0]!.text).toContain(reg.ticketCode);
    expect(mails[0]!.attachments).toHaveLength(1);
    expect(await api.mails(waiting.email, 'registration.reminder')).toEqual([]);
  });
});

describe('mail on organizer changes', () => {
  it('tells co-organizers and admins (not the person) of a status change, and the person of an assignment', async () => {
    const eventId = await event();
    const admin = await api.signup({ name: 'Ann Admin' });
    const co = await api.signup({ name: 'Cora Co' });
    const sick = await api.signup({ name: 'Sid Sick' });
    for (const [user, role] of [
      [admin, 'admin'],
      [co, 'organizer'],
      [sick, 'organizer'],
    ] as const) {
      await api.addMember(asOwner().token, orgId, user, role);
    }
    for (const user of [co, sick]) {
      const res = await api.post(`/api/v1/events/${eventId}/organizers`, {
        ...asOwner(),
        body: { userId: user.userId, role: 'co' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Sid may also hear of Cora's assignment (as a co-organizer by then): find the one about Sid.
    const assigned = await eventually(async () =>
      (await api.mails(sick.email, 'organizer.assigned')).find((m) => m.text.includes('Sid Sick was assigned')),
    );
    expect(assigned.subject).toBe('Organizer assigned: Clay Workshop');
    expect(assigned.text).toContain('Sid Sick was assigned as co organizer');

    const patch = await api.patch(`/api/v1/events/${eventId}/organizers/${sick.userId}`, {
      ...asOwner(),
      body: { status: 'unavailable' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    for (const who of [owner, admin, co]) {
      const mail = await eventually(async () =>
        (await api.mails(who.email, 'organizer.status_changed')).find((m) => m.text.includes('to unavailable')),
      );
      expect(mail.text).toContain('Sid Sick');
    }
    expect(await api.mails(sick.email, 'organizer.status_changed')).toEqual([]);
    const audit = await eventually(async () => {
      const items = (
        await api.get(`/api/v1/orgs/${orgId}/audit-log?action=email.organizers_notified`, asOwner())
      ).json().items as { metadata: { type: string; recipients: number } }[];
      return items.find((i) => i.metadata.type === 'organizer.status_changed');
    });
    expect(audit.metadata.recipients).toBe(3);
  });
});

describe('outbox for platform admins', () => {
  let adminToken: string;
  beforeAll(async () => {
    const email = uniqueEmail('root');
    await servicesOf(t.app.platform, identityModule).identity.createAdmin(email, 'Root', PASSWORD);
    adminToken = (await api.loginOk(email, PASSWORD)).accessToken;
  });

  it('lists messages by recipient and status, pages with a cursor, and shows one with its parts', async () => {
    const eventId = await event();
    const { email } = await register(eventId);
    await mailTo(email, 'registration.confirmed');
    const list = await api.get(`/api/v1/admin/mail?to=${encodeURIComponent(email)}`, { token: adminToken });
    expect(list.statusCode, list.body).toBe(200);
    const [item] = list.json().items;
    expect(item).toMatchObject({ to: [email], template: 'registration.confirmed', transport: 'outbox' });
    const detail = (await api.get(`/api/v1/admin/mail/${item.id}`, { token: adminToken })).json();
    expect(detail.html).toContain('cid:ticket-qr@foyer');
    // The admin sees where the guest's link leads, not the live token (which manages their registration).
    const [sent] = await api.mails(email, 'registration.confirmed');
    const live = /[?&]token=([^\s&"<]+)/.exec(sent!.text)![1]!;
    expect(`${detail.text}${detail.html}`).not.toContain(live);
    expect(detail.text).toContain('token=[redacted]');
    expect(detail.attachments).toEqual([
      expect.objectContaining({ filename: 'ticket-qr.png', cid: 'ticket-qr@foyer', size: expect.any(Number) }),
    ]);

    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const q = `/api/v1/admin/mail?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await api.get(q, { token: adminToken })).json() as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      for (const m of page.items) {
        expect(seen.has(m.id)).toBe(false);
        seen.add(m.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const all = await t.app.platform.mail.list({ limit: 10_000 });
    expect(seen.size).toBe(all.length);
    expectProblem(await api.get('/api/v1/admin/mail', asOwner()), 403, 'FORBIDDEN');
  });
});

describe('typed client', () => {
  it('edits, previews and drops templates and reads the outbox through @foyer/client', async () => {
    const { createFoyerClient, FoyerApiError } = await import('@foyer/client');
    // fetch served by the app itself (app.inject): the real routes and contracts, no network.
    const viaApp =
      (token: string): typeof fetch =>
      async (input, init) => {
        const url = new URL(String(input), 'http://foyer.test');
        const res = await t.app.inject({
          method: (init?.method ?? 'GET') as 'GET',
          url: url.pathname + url.search,
          headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` },
          ...(init?.body ? { payload: String(init.body) } : {}),
          remoteAddress: '2001:db8::78',
        });
        return new Response(res.statusCode === 204 ? null : res.body, {
          status: res.statusCode,
          headers: res.headers as Record<string, string>,
        });
      };
    const client = createFoyerClient({ fetch: viaApp(owner.accessToken) });
    const eventId = await event();
    const level = { eventId };
    const saved = await client.emailTemplates.put(level, 'registration.cancelled', {
      subject: 'Sorry, {{ recipient.name }}',
    });
    expect(saved.effective.subject).toBe('Sorry, {{ recipient.name }}');
    const preview = await client.emailTemplates.preview(level, 'registration.cancelled');
    expect(preview.subject).toBe('Sorry, Ada Lovelace');
    const refused = await client.emailTemplates
      .put({ orgId }, 'registration.cancelled', { html: '{% if %}' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FoyerApiError);
    expect((refused as InstanceType<typeof FoyerApiError>).problem.code).toBe('TEMPLATE_INVALID');
    const listed = await client.emailTemplates.list(level);
    expect(listed.items.find((i) => i.type === 'registration.cancelled')).toEqual({
      type: 'registration.cancelled',
      overridden: true,
      inherited: false,
    });
    expect(listed.items.map((i) => i.type)).not.toContain('org.invitation');
    expect((await client.emailTemplates.list({ orgId })).items.map((i) => i.type)).not.toContain('auth.magic-code');
    await client.emailTemplates.remove(level, 'registration.cancelled');
    expect((await client.emailTemplates.get(level, 'registration.cancelled')).override).toBeNull();

    const rootEmail = uniqueEmail('root');
    await servicesOf(t.app.platform, identityModule).identity.createAdmin(rootEmail, 'Root', PASSWORD);
    const admin = createFoyerClient({ fetch: viaApp((await api.loginOk(rootEmail, PASSWORD)).accessToken) });
    const page = await admin.adminMail.list({ limit: 1 });
    expect(page.items).toHaveLength(1);
    expect((await admin.adminMail.get(page.items[0]!.id)).text.length).toBeGreaterThan(0);
  });
});
