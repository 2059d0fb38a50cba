import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, expectProblem, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { catalogModule } from '../catalog/index.ts';
import { eventRow } from './event-access.ts';
import { registrationModule } from './index.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;
let slugs = 0;

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (
    await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Reg Org', slug: 'reg-org' } })
  ).json().id;
  asOwner.token = owner.accessToken;
});
afterAll(async () => t?.close());

/** A published public event; `extra` sets capacity, registration settings, status. */
async function event(extra: Record<string, unknown> = {}, publish = true): Promise<string> {
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, {
    token: owner.accessToken,
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
  if (publish) {
    const p = await api.post(`/api/v1/events/${id}/status`, {
      token: owner.accessToken,
      body: { status: 'published' },
    });
    expect(p.statusCode, p.body).toBe(200);
  }
  return id;
}

const register = (eventId: string, body: Record<string, unknown>, call: { token?: string; key?: string } = {}) =>
  api.post(`/api/v1/events/${eventId}/registrations`, {
    body,
    ...(call.token ? { token: call.token } : {}),
    ...(call.key ? { headers: { 'idempotency-key': call.key } } : {}),
  });
const guest = (name = 'Gita Guest') => ({ email: uniqueEmail('guest'), name });
const asOwner = { token: '' };

describe('registering', () => {
  it('confirms a guest with an unguessable ticket code, and refuses the same address in another case', async () => {
    const id = await event({ capacity: 10 });
    const person = guest();
    const res = await register(id, person);
    expect(res.statusCode, res.body).toBe(201);
    const reg = res.json();
    expect(reg).toMatchObject({ status: 'confirmed', position: null, userId: null, name: 'Gita Guest' });
    expect(reg.ticketCode).toMatch(/^[A-Z2-7]{26}$/);
    const again = await register(id, { ...person, email: person.email.toUpperCase() });
    expectProblem(again, 409, 'ALREADY_REGISTERED');
  });

  it('waitlists with dense positions once full, and refuses when there is no waiting list', async () => {
    const id = await event({ capacity: 1, registration: { waitlistEnabled: true } });
    expect((await register(id, guest())).json().status).toBe('confirmed');
    const w1 = (await register(id, guest())).json();
    const w2 = (await register(id, guest())).json();
    expect([w1.status, w1.position, w1.ticketCode]).toEqual(['waitlisted', 1, null]);
    expect([w2.status, w2.position]).toEqual(['waitlisted', 2]);
    const closed = await event({ capacity: 1 });
    await register(closed, guest());
    expectProblem(await register(closed, guest()), 409, 'EVENT_FULL');
  });

  it('puts registrations to approval in pending', async () => {
    const id = await event({ registration: { approvalRequired: true } });
    const reg = (await register(id, guest())).json();
    expect([reg.status, reg.ticketCode]).toEqual(['pending', null]);
  });

  it('is closed outside the window, and a draft does not exist for the public', async () => {
    const draft = await event({}, false);
    // As on every public route: a draft is not revealed (404, as for an unknown event).
    expectProblem(await register(draft, guest()), 404, 'NOT_FOUND');
    expectProblem(await register(randomUUID(), guest()), 404, 'NOT_FOUND');
    const later = await event({ registration: { opensAt: '2027-04-01T00:00:00Z' } });
    expectProblem(await register(later, guest()), 422, 'REGISTRATION_CLOSED');
    const past = await event({ registration: { closesAt: '2020-01-01T00:00:00Z' } });
    expectProblem(await register(past, guest()), 422, 'REGISTRATION_CLOSED');
    const form = (await api.get(`/api/v1/events/${later}/registration-form`)).json();
    expect(form.state).toBe('not_yet_open');
  });

  it('asks guests to sign in when the event takes no guests, and links a verified user’s registration', async () => {
    const id = await event({ registration: { guestsAllowed: false } });
    expectProblem(await register(id, guest()), 401, 'GUESTS_NOT_ALLOWED');
    const verified = owner; // verified below through the mailed link
    const token = await api.tokenFromMail(verified.email, 'auth.verify-email');
    expect((await api.post('/api/v1/auth/verify-email', { body: { token } })).statusCode).toBe(200);
    const res = await register(id, { answers: {} }, { token: verified.accessToken });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ userId: verified.userId, email: verified.email, status: 'confirmed' });
    const other = await register(id, { email: uniqueEmail() }, { token: verified.accessToken });
    expect(expectProblem(other, 422, 'VALIDATION_FAILED').errors?.[0]?.field).toBe('body.email');
  });

  it('requires every requirement to be acknowledged', async () => {
    const id = await event();
    for (const key of ['own-laptop', 'basic-python']) {
      const res = await api.post(`/api/v1/events/${id}/requirements`, {
        token: owner.accessToken,
        body: { key, label: key, kind: key === 'own-laptop' ? 'equipment' : 'skill' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const problem = expectProblem(
      await register(id, { ...guest(), acknowledgedRequirements: ['own-laptop'] }),
      422,
      'REQUIREMENTS_NOT_ACKNOWLEDGED',
    );
    expect(problem.detail).toContain('basic-python');
    const ok = await register(id, { ...guest(), acknowledgedRequirements: ['basic-python', 'own-laptop'] });
    expect(ok.json().acknowledgedRequirements.sort()).toEqual(['basic-python', 'own-laptop']);
  });

  it('checks every request against the current form, also when the form is remembered from earlier requests', async () => {
    const id = await event({ capacity: 10 });
    const s = { ...servicesOf(t.app.platform, registrationModule) };
    const revision = async () => (await eventRow(t.app.platform.database.db, id)).revision;
    expect((await register(id, guest())).statusCode).toBe(201); // the form is now remembered
    const before = await revision();
    // Changed as another process would: straight through the service, nothing here is told.
    const laptop = await s.requirements.create(
      id,
      { key: 'own-laptop', label: 'Own laptop', kind: 'equipment' },
      { type: 'system', id: null },
    );
    expect(await revision()).toBeGreaterThan(before); // the form is part of the event's revision
    expectProblem(await register(id, guest()), 422, 'REQUIREMENTS_NOT_ACKNOWLEDGED');
    expect((await register(id, { ...guest(), acknowledgedRequirements: ['own-laptop'] })).statusCode).toBe(201);
    // And the other way: a refusal on the remembered form is checked again on the current one.
    await s.requirements.delete(id, laptop.id, { type: 'system', id: null });
    const res = await register(id, guest());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().acknowledgedRequirements).toEqual([]);
  });

  it('answers 404 for an event deleted after its form was remembered', async () => {
    const id = await event({ capacity: 10 });
    expect((await register(id, guest())).statusCode).toBe(201); // the form is now remembered
    await servicesOf(t.app.platform, catalogModule).events.delete(id, { type: 'system', id: null });
    expectProblem(await register(id, guest()), 404, 'NOT_FOUND');
    expectProblem(await register(id, guest()), 404, 'NOT_FOUND');
  });

  it('checks answers per question with per-field errors', async () => {
    const id = await event();
    const q = async (body: Record<string, unknown>) => {
      const res = await api.post(`/api/v1/events/${id}/questions`, { token: owner.accessToken, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const diet = await q({ label: 'Diet', kind: 'single_choice', options: ['vegan', 'omnivore'], required: true });
    const topics = await q({ label: 'Topics', kind: 'multiple_choice', options: ['glaze', 'wheel'] });
    const why = await q({ label: 'Why?', kind: 'long_text' });
    const city = await q({ label: 'City', kind: 'short_text', required: true });
    const photos = await q({ label: 'Photos OK', kind: 'checkbox', required: true });
    expectProblem(
      await api.post(`/api/v1/events/${id}/questions`, {
        token: owner.accessToken,
        body: { label: 'Bad', kind: 'single_choice', options: [] },
      }),
      422,
      'VALIDATION_FAILED',
    );
    const bad = expectProblem(
      await register(id, {
        ...guest(),
        answers: { [diet]: 'carnivore', [topics]: ['glaze', 'kiln'], [city]: '  ', [photos]: false },
      }),
      422,
      'VALIDATION_FAILED',
    );
    expect(Object.fromEntries(bad.errors!.map((e) => [e.field, e.code]))).toEqual({
      [`body.answers.${diet}`]: 'invalid_choice',
      [`body.answers.${topics}`]: 'invalid_choice',
      [`body.answers.${city}`]: 'required',
      [`body.answers.${photos}`]: 'required',
    });
    const ok = await register(id, {
      ...guest(),
      answers: { [diet]: 'vegan', [topics]: ['wheel'], [why]: 'fun', [city]: 'Bremen', [photos]: true },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().answers).toEqual({
      [diet]: 'vegan',
      [topics]: ['wheel'],
      [why]: 'fun',
      [city]: 'Bremen',
      [photos]: true,
    });
    const form = (await api.get(`/api/v1/events/${id}/registration-form`)).json();
    expect(form.questions.map((x: { id: string }) => x.id)).toEqual([diet, topics, why, city, photos]);
  });

  it('answers the same registration for a repeated Idempotency-Key, and refuses a different body', async () => {
    const id = await event({ capacity: 5 });
    const person = guest();
    const first = await register(id, person, { key: 'k-123' });
    const second = await register(id, person, { key: 'k-123' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expectProblem(await register(id, guest(), { key: 'k-123' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    const summary = (await api.get(`/api/v1/events/${id}/registrations/summary`, asOwner)).json();
    expect(summary.counts.confirmed).toBe(1);
    const same = { email: uniqueEmail('par'), name: 'P' };
    const parallel = await Promise.all(Array.from({ length: 5 }, () => register(id, same, { key: 'par' })));
    expect(parallel.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(parallel.map((r) => r.json().id)).size).toBe(1);
  });

  it('hides questions and requirements of events the public may not see', async () => {
    const draft = await event({}, false);
    expectProblem(await api.get(`/api/v1/events/${draft}/questions`), 404, 'NOT_FOUND');
    expectProblem(await api.get(`/api/v1/events/${draft}/requirements`), 404, 'NOT_FOUND');
    expect((await api.get(`/api/v1/events/${draft}/questions`, asOwner)).statusCode).toBe(200);
    const priv = await event({ visibility: 'private' });
    expectProblem(await api.get(`/api/v1/events/${priv}/registration-form`), 404, 'NOT_FOUND');
    expectProblem(await register(priv, guest()), 404, 'NOT_FOUND');
  });
});

describe('managing', () => {
  it('cancels with auto-promotion and closes up the waiting list', async () => {
    const id = await event({ capacity: 2, registration: { waitlistEnabled: true } });
    const regs = [];
    for (let i = 0; i < 5; i++) regs.push((await register(id, guest(`P${i}`))).json());
    expect(regs.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted']);
    const cancelled = await api.post(`/api/v1/registrations/${regs[0].id}/cancel`, { ...asOwner, body: {} });
    expect(cancelled.json().status).toBe('cancelled');
    const list = (await api.get(`/api/v1/events/${id}/registrations`, asOwner)).json().items;
    const byName = Object.fromEntries(list.map((r: { name: string }) => [r.name, r]));
    expect(byName.P2).toMatchObject({ status: 'confirmed' });
    expect(byName.P2.ticketCode).toMatch(/^[A-Z2-7]{26}$/);
    expect([byName.P3.position, byName.P4.position]).toEqual([1, 2]);
    // Cancelling from the middle of the waiting list closes up.
    await api.post(`/api/v1/registrations/${regs[3].id}/cancel`, { ...asOwner, body: {} });
    const after = (await api.get(`/api/v1/events/${id}/registrations?status=waitlisted`, asOwner)).json().items;
    expect(after.map((r: { name: string; position: number }) => [r.name, r.position])).toEqual([['P4', 1]]);
    expectProblem(
      await api.post(`/api/v1/registrations/${regs[0].id}/cancel`, { ...asOwner, body: {} }),
      409,
      'ILLEGAL_TRANSITION',
    );
    const summary = (await api.get(`/api/v1/events/${id}/registrations/summary`, asOwner)).json();
    expect(summary).toMatchObject({ capacity: 2, remaining: 0, counts: { confirmed: 2, waitlisted: 1, cancelled: 2 } });
  });

  it('promotes only into free seats unless asked to overbook, promote-next takes the first', async () => {
    const id = await event({ capacity: 1, registration: { waitlistEnabled: true, waitlistAutoPromote: false } });
    const a = (await register(id, guest('A'))).json();
    const b = (await register(id, guest('B'))).json();
    const c = (await register(id, guest('C'))).json();
    expectProblem(await api.post(`/api/v1/registrations/${c.id}/promote`, { ...asOwner, body: {} }), 409, 'EVENT_FULL');
    const promoted = await api.post(`/api/v1/registrations/${c.id}/promote`, {
      ...asOwner,
      body: { overCapacity: true },
    });
    expect(promoted.json()).toMatchObject({ status: 'confirmed', position: null });
    const waiting = (await api.get(`/api/v1/events/${id}/registrations?status=waitlisted`, asOwner)).json().items;
    expect(waiting.map((r: { id: string; position: number }) => [r.id, r.position])).toEqual([[b.id, 1]]);
    // No auto-promotion here: cancelling frees nothing for B until promote-next.
    await api.post(`/api/v1/registrations/${a.id}/cancel`, { ...asOwner, body: {} });
    await api.post(`/api/v1/registrations/${c.id}/cancel`, { ...asOwner, body: {} });
    expect((await api.get(`/api/v1/events/${id}/registrations?status=waitlisted`, asOwner)).json().items).toHaveLength(
      1,
    );
    const next = await api.post(`/api/v1/events/${id}/waitlist/promote-next`, { ...asOwner, body: {} });
    expect(next.json()).toMatchObject({ id: b.id, status: 'confirmed' });
    expectProblem(
      await api.post(`/api/v1/events/${id}/waitlist/promote-next`, { ...asOwner, body: {} }),
      409,
      'CONFLICT',
    );
    // The body is optional for every decision.
    expectProblem(await api.post(`/api/v1/events/${id}/waitlist/promote-next`, asOwner), 409, 'CONFLICT');
    expect((await api.post(`/api/v1/registrations/${b.id}/cancel`, asOwner)).json().status).toBe('cancelled');
  });

  it('approves into a seat or the waiting list, and declines', async () => {
    const id = await event({ capacity: 1, registration: { approvalRequired: true, waitlistEnabled: true } });
    const a = (await register(id, guest('A'))).json();
    const b = (await register(id, guest('B'))).json();
    const c = (await register(id, guest('C'))).json();
    expect((await api.post(`/api/v1/registrations/${a.id}/approve`, { ...asOwner, body: {} })).json().status).toBe(
      'confirmed',
    );
    expect((await api.post(`/api/v1/registrations/${b.id}/approve`, { ...asOwner, body: {} })).json()).toMatchObject({
      status: 'waitlisted',
      position: 1,
    });
    expect(
      (await api.post(`/api/v1/registrations/${c.id}/decline`, { ...asOwner, body: { reason: 'too late' } })).json()
        .status,
    ).toBe('declined');
    expectProblem(
      await api.post(`/api/v1/registrations/${c.id}/approve`, { ...asOwner, body: {} }),
      409,
      'ILLEGAL_TRANSITION',
    );
    const audit = (await api.get(`/api/v1/orgs/${orgId}/audit-log?targetId=${c.id}`, asOwner)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['registration.declined', 'registration.created']);
  });

  it('searches by exact email or by part of the name, page by page', async () => {
    const id = await event();
    const people = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Adele Goldberg'].map((name) => ({
      name,
      email: uniqueEmail(name.split(' ')[0]!.toLowerCase()),
    }));
    for (const p of people) await register(id, p);
    const q = (query: string) => api.get(`/api/v1/events/${id}/registrations?${query}`, asOwner).then((r) => r.json());
    expect(
      (await q(`q=${encodeURIComponent(people[2]!.email.toUpperCase())}`)).items.map((r: { name: string }) => r.name),
    ).toEqual(['Grace Hopper']);
    // Something shaped like an address but not registered falls back to matching parts.
    const partial = people[0]!.email.slice(0, -2);

    expect((await q(`q=${encodeURIComponent(partial)}`)).items.map((r: { name: string }) => r.name)).toEqual([
      'Ada Lovelace',
    ]);
    // 'er' cannot occur in the addresses' random hex part, nor in their name tags.
    const page1 = await q('q=er&limit=1');
    expect(page1.items.map((r: { name: string }) => r.name)).toEqual(['Grace Hopper']);
    const page2 = await q(`q=er&limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items.map((r: { name: string }) => r.name)).toEqual(['Adele Goldberg']);
    expect(page2.nextCursor).toBeNull();
    expectProblem(await api.get(`/api/v1/events/${id}/registrations?cursor=nope`, asOwner), 422, 'VALIDATION_FAILED');
  });

  it('exports CSV with answers, safe against formula injection', async () => {
    const id = await event();
    const qid = (
      await api.post(`/api/v1/events/${id}/questions`, { ...asOwner, body: { label: 'Note', kind: 'short_text' } })
    ).json().id;
    await register(id, { email: uniqueEmail(), name: '=HYPERLINK("http://evil")', answers: { [qid]: '+1 "quoted"' } });
    const res = await api.get(`/api/v1/events/${id}/registrations.csv`, asOwner);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, row] = res.body.trim().split('\r\n');
    expect(header).toContain('"Note"');
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain(`"'+1 ""quoted"""`);
  });

  it('bulk adds from CSV all or nothing, with per-row errors', async () => {
    const id = await event({ capacity: 2, registration: { waitlistEnabled: true } });
    const existing = guest();
    await register(id, existing);
    const bad = expectProblem(
      await api.post(`/api/v1/events/${id}/registrations/import`, {
        ...asOwner,
        body: { csv: 'email,name\nok@example.org,Ok\nnot-an-email,X\nthird@example.org\nok@example.org,Again\n' },
      }),
      422,
      'VALIDATION_FAILED',
    );
    expect(bad.errors!.map((e) => [e.field, e.code])).toEqual([
      ['body.csv.line.3', 'email'],
      ['body.csv.line.4', 'columns'],
      ['body.csv.line.5', 'duplicate'],
    ]);
    expect((await api.get(`/api/v1/events/${id}/registrations/summary`, asOwner)).json().counts.confirmed).toBe(1);
    const ok = await api.post(`/api/v1/events/${id}/registrations/import`, {
      ...asOwner,
      body: { csv: `a1@example.org,"Lee, Ann"\r\n${existing.email.toUpperCase()},Dup\r\na2@example.org,Bo\r\n` },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toEqual({
      added: 2,
      confirmed: 1,
      waitlisted: 1,
      skipped: [{ line: 2, reason: 'already_registered' }],
    });
    const names = (await api.get(`/api/v1/events/${id}/registrations`, asOwner))
      .json()
      .items.map((r: { name: string }) => r.name);
    expect(names).toContain('Lee, Ann');
  });
});

describe('attendees', () => {
  it('links guest registrations on verification, never before, and lets the attendee cancel', async () => {
    const id = await event({ capacity: 1, registration: { waitlistEnabled: true } });
    const email = uniqueEmail('later');
    const reg = (await register(id, { email, name: 'Lia Later' })).json();
    const waiting = (await register(id, guest('W'))).json();
    const user = await api.signup({ email: email.toUpperCase() });
    expectProblem(
      await api.post('/api/v1/me/registrations/link', { token: user.accessToken }),
      403,
      'EMAIL_NOT_VERIFIED',
    );
    expect((await api.get('/api/v1/me/registrations', { token: user.accessToken })).json().items).toEqual([]);
    const token = await api.tokenFromMail(email.toUpperCase(), 'auth.verify-email');
    expect((await api.post('/api/v1/auth/verify-email', { body: { token } })).statusCode).toBe(200);
    const mine = await eventually(async () => {
      const items = (await api.get('/api/v1/me/registrations', { token: user.accessToken })).json().items;
      return items.length === 1 ? items : null;
    });
    expect(mine[0]).toMatchObject({ id: reg.id, userId: user.userId, status: 'confirmed', event: { id } });
    const ticket = (await api.get(`/api/v1/me/registrations/${reg.id}`, { token: user.accessToken })).json();
    expect(ticket.ticketCode).toBe(reg.ticketCode);
    expectProblem(
      await api.get(`/api/v1/me/registrations/${waiting.id}`, { token: user.accessToken }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await api.post(`/api/v1/registrations/${waiting.id}/cancel`, { token: user.accessToken, body: {} }),
      403,
      'FORBIDDEN',
    );
    const cancelled = await api.post(`/api/v1/registrations/${reg.id}/cancel`, { token: user.accessToken, body: {} });
    expect(cancelled.json().status).toBe('cancelled');
    const promoted = (await api.get(`/api/v1/events/${id}/registrations?q=W`, asOwner)).json().items[0];
    expect(promoted).toMatchObject({ id: waiting.id, status: 'confirmed' });
    expect((await api.post('/api/v1/me/registrations/link', { token: user.accessToken })).json()).toEqual({
      linked: 0,
    });
  });
});

describe('the registration’s own link', () => {
  it('lets a guest without an account see and cancel the registration from the link in its email', async () => {
    const id = await event({ capacity: 1, registration: { waitlistEnabled: true } });
    const seated = guest('Sam Seated');
    const waiting = guest('Wim Waiting');
    const mine = (await register(id, seated)).json();
    const next = (await register(id, waiting)).json();
    expect(next.status).toBe('waitlisted');
    const mail = await eventually(async () => (await api.mails(seated.email, 'registration.confirmed'))[0], 15_000);
    const link = /https?:\/\/\S+\/registrations\/([0-9a-f-]{36})\?token=([0-9a-f]{74})/.exec(mail.text);
    expect(link?.[1]).toBe(mine.id);
    expect(mail.html).toContain(`/registrations/${mine.id}?token=${link![2]}`);
    const token = link![2]!;

    const seen = await api.get(`/api/v1/registrations/${mine.id}/by-link?token=${token}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ id: mine.id, status: 'confirmed', name: 'Sam Seated', event: { id } });
    expect(seen.headers['cache-control']).toBe('private, no-store');
    // A token is for its own registration only, and a wrong one looks like no registration at all.
    expectProblem(await api.get(`/api/v1/registrations/${next.id}/by-link?token=${token}`), 404, 'NOT_FOUND');
    const wrong = token.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expectProblem(
      await api.post(`/api/v1/registrations/${mine.id}/cancel-by-link`, { body: { token: wrong } }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await api.post(`/api/v1/registrations/${mine.id}/cancel-by-link`, { body: { token: 'short' } }),
      422,
      'VALIDATION_FAILED',
    );

    // The token carries its expiry (30 days after the event ends), which is signed: moving it on breaks it…
    const expiry = Number.parseInt(token.slice(0, 10), 16) * 1000;
    expect(expiry).toBe(Date.parse('2027-05-01T16:00:00+02:00') + 30 * 86_400_000);
    const extended = `${Math.floor(expiry / 1000 + 86_400 * 365)
      .toString(16)
      .padStart(10, '0')}${token.slice(10)}`;
    expectProblem(await api.get(`/api/v1/registrations/${mine.id}/by-link?token=${extended}`), 404, 'NOT_FOUND');
    // …and once it has passed, the link no longer works.
    const store = servicesOf(t.app.platform, registrationModule).registrationCipher;
    const first = { id: mine.id, linkVersion: 1 };
    const expired = store.linkToken(first, new Date(Date.now() - 1000));
    expect(store.isLinkToken(first, expired)).toBe(false);
    expect(store.isLinkToken(first, token)).toBe(true);
    expect(store.isLinkToken(first, token, new Date(expiry + 1000))).toBe(false);
    // A renewed link (version 2) is another token; the first version keeps the form links always had.
    expect(store.isLinkToken({ ...first, linkVersion: 2 }, token)).toBe(false);
    expectProblem(await api.get(`/api/v1/registrations/${mine.id}/by-link?token=${expired}`), 404, 'NOT_FOUND');

    const cancelled = await api.post(`/api/v1/registrations/${mine.id}/cancel-by-link`, { body: { token } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    // The freed seat went to the waiting list, as with any cancellation.
    const promoted = await api.get(`/api/v1/events/${id}/registrations`, { token: owner.accessToken });
    expect(promoted.json().items.find((r: { id: string }) => r.id === next.id).status).toBe('confirmed');
    expectProblem(
      await api.post(`/api/v1/registrations/${mine.id}/cancel-by-link`, { body: { token } }),
      409,
      'ILLEGAL_TRANSITION',
    );
  });
});

describe('signed-in but unverified', () => {
  it('registers with the account’s address but links the account only once it is verified', async () => {
    const id = await event();
    const user = await api.signup({ name: 'Una Unverified' });
    const reg = (await register(id, { answers: {} }, { token: user.accessToken })).json();
    expect(reg).toMatchObject({ userId: null, email: user.email, name: 'Una Unverified', status: 'confirmed' });
    const token = await api.tokenFromMail(user.email, 'auth.verify-email');
    await api.post('/api/v1/auth/verify-email', { body: { token } });
    const mine = await eventually(async () => {
      const items = (await api.get('/api/v1/me/registrations', { token: user.accessToken })).json().items;
      return items.length === 1 ? items : null;
    });
    expect(mine[0]).toMatchObject({ id: reg.id, userId: user.userId });
  });
});

describe('domain events and capacity changes', () => {
  it('records a registration.* event for every change, without personal data, and seats the waiting list when capacity grows', async () => {
    const id = await event({ capacity: 1, registration: { waitlistEnabled: true } });
    const a = (await register(id, guest('A'))).json();
    const b = (await register(id, guest('B'))).json();
    const c = (await register(id, guest('C'))).json();
    await api.post(`/api/v1/registrations/${a.id}/cancel`, { ...asOwner, body: {} });
    await api.patch(`/api/v1/events/${id}`, { ...asOwner, body: { capacity: 2 } });
    const seated = await eventually(async () => {
      const items = (await api.get(`/api/v1/events/${id}/registrations?status=confirmed`, asOwner)).json().items;
      return items.length === 2 ? items : null;
    });
    expect(seated.map((r: { id: string }) => r.id).sort()).toEqual([b.id, c.id].sort());
    const { sql } = t.app.platform.database;
    const rows = await sql.query<{ type: string; aggregate_id: string; payload: unknown }>(
      `select type, aggregate_id, payload from domain_events where aggregate_type = 'registration' order by id`,
    );
    const ours = rows.rows.filter((r) => [a.id, b.id, c.id].includes(r.aggregate_id));
    expect(ours.map((r) => [r.aggregate_id, r.type])).toEqual([
      [a.id, 'registration.confirmed'],
      [b.id, 'registration.waitlisted'],
      [c.id, 'registration.waitlisted'],
      [a.id, 'registration.cancelled'],
      [b.id, 'registration.promoted'],
      [c.id, 'registration.promoted'],
    ]);
    expect(JSON.stringify(ours)).not.toContain('@example.org');
  });
});

describe('typed client', () => {
  it('drives registering and managing through @foyer/client against the real routes', async () => {
    const { createFoyerClient, isAddressConfirmationSent } = await import('@foyer/client');
    // fetch served by the app itself (app.inject): the real routes and contracts, no network.
    const viaApp =
      (token: string | null): typeof fetch =>
      async (input, init) => {
        const url = new URL(String(input), 'http://foyer.test');
        const res = await t.app.inject({
          method: (init?.method ?? 'GET') as 'GET',
          url: url.pathname + url.search,
          headers: {
            ...(init?.headers as Record<string, string>),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          ...(init?.body ? { payload: String(init.body) } : {}),
          remoteAddress: '2001:db8::77',
        });
        return new Response(res.statusCode === 204 ? null : res.body, {
          status: res.statusCode,
          headers: res.headers as Record<string, string>,
        });
      };
    const organiser = createFoyerClient({ fetch: viaApp(owner.accessToken) });
    const visitor = createFoyerClient({ fetch: viaApp(null) });
    const id = await event({ capacity: 1, registration: { waitlistEnabled: true } });
    await organiser.registrationForm.createRequirement(id, {
      key: 'apron',
      label: 'Bring an apron',
      kind: 'equipment',
    });
    const q = await organiser.registrationForm.createQuestion(id, {
      label: 'Level',
      kind: 'single_choice',
      options: ['new', 'old'],
    });
    const form = await visitor.registrationForm.get(id);
    expect([form.state, form.remaining, form.requirements[0]?.key]).toEqual(['open', 1, 'apron']);
    const body = {
      email: uniqueEmail(),
      name: 'Cli Ent',
      answers: { [q.id]: 'new' },
      acknowledgedRequirements: ['apron'],
    };
    // This event registers guests at once (no address confirmation step).
    const registered = async (...args: Parameters<typeof visitor.registrations.register>) => {
      const answer = await visitor.registrations.register(...args);
      if (isAddressConfirmationSent(answer)) throw new Error('asked to confirm the address');
      return answer;
    };
    const first = await registered(id, body, 'submit-1');
    const again = await registered(id, body, 'submit-1');
    expect(again.id).toBe(first.id);
    const second = await registered(id, { ...body, email: uniqueEmail() });
    expect([first.status, second.status, second.position]).toEqual(['confirmed', 'waitlisted', 1]);
    expect((await organiser.registrations.summary(id)).counts).toMatchObject({ confirmed: 1, waitlisted: 1 });
    await organiser.registrations.cancel(first.id, 'changed plans');
    const page = await organiser.registrations.list(id, { status: 'confirmed' });
    expect(page.items.map((r) => r.id)).toEqual([second.id]);
    await expect(visitor.registrations.register(id, body, 'submit-1')).resolves.toMatchObject({ status: 'cancelled' });
    const door = await organiser.checkIns.checkIn(id, page.items[0]!.ticketCode!);
    expect([door.registration.id, door.alreadyCheckedIn]).toEqual([second.id, false]);
    await organiser.checkIns.undo(id, second.id);
  });
});

describe('requirement keys and events that fit', () => {
  it('keeps the keys a user meets and finds the events whose requirements they all meet', async () => {
    const user = await api.signup();
    const put = (keys: string[]) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/me/requirement-keys',
        headers: { authorization: `Bearer ${user.accessToken}` },
        payload: { keys },
      });
    expect((await put(['own-laptop', 'basic-python', 'own-laptop'])).json()).toEqual({
      keys: ['basic-python', 'own-laptop'],
    });
    expectProblem(await put(['Not A Key']), 422, 'VALIDATION_FAILED');
    expect((await api.get('/api/v1/me/requirement-keys', { token: user.accessToken })).json().keys).toEqual([
      'basic-python',
      'own-laptop',
    ]);
    const needs = async (keys: string[]) => {
      const id = await event();
      for (const key of keys) {
        await api.post(`/api/v1/events/${id}/requirements`, { ...asOwner, body: { key, label: key, kind: 'other' } });
      }
      return id;
    };
    const none = await needs([]);
    const laptop = await needs(['own-laptop']);
    const both = await needs(['own-laptop', 'basic-python']);
    const wheelchair = await needs(['own-laptop', 'step-free']);
    const fit = servicesOf(t.app.platform, registrationModule).requirementFit;
    expect((await fit.fittingEventIds(user.userId, [none, laptop, both, wheelchair])).sort()).toEqual(
      [none, laptop, both].sort(),
    );
    await put([]);
    expect(await fit.fittingEventIds(user.userId, [none, laptop])).toEqual([none]);
  });

  it('lists events that fit the signed-in user with fits=me, privately, and 401 to anonymous callers', async () => {
    const user = await api.signup();
    const other = await api.signup();
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/requirement-keys',
      headers: { authorization: `Bearer ${user.accessToken}` },
      payload: { keys: ['own-wheel'] },
    });
    const needs = async (keys: string[]) => {
      const id = await event();
      for (const key of keys) {
        await api.post(`/api/v1/events/${id}/requirements`, { ...asOwner, body: { key, label: key, kind: 'other' } });
      }
      return id;
    };
    const wheel = await needs(['own-wheel']);
    const kiln = await needs(['own-wheel', 'own-kiln']);
    const orgSlug = (await api.get(`/api/v1/orgs/${orgId}`, asOwner)).json().slug as string;
    const fitsFor = async (token: string) => {
      const res = await api.get(`/api/v1/events?fits=me&org=${orgSlug}&limit=100`, { token });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toMatch(/^private/);
      return (res.json().items as { id: string }[]).map((e) => e.id);
    };
    const mine = await fitsFor(user.accessToken);
    expect(mine).toContain(wheel);
    expect(mine).not.toContain(kiln);
    // The same URL answers someone else by their own keys.
    const theirs = await fitsFor(other.accessToken);
    expect(theirs).not.toContain(wheel);
    expect(theirs.length).toBeGreaterThan(0);
    expectProblem(await api.get(`/api/v1/events?fits=me&org=${orgSlug}`), 401, 'UNAUTHENTICATED');
    const all = await api.get(`/api/v1/events?org=${orgSlug}&limit=100`);
    expect(all.headers['cache-control']).toMatch(/^public/);
    expect((all.json().items as { id: string }[]).map((e) => e.id)).toEqual(expect.arrayContaining([wheel, kiln]));
    expectProblem(await api.get('/api/v1/events?fits=you'), 422, 'VALIDATION_FAILED');
  });
});
