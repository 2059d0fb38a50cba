import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { notificationsModule } from '../notifications/index.ts';
import { startsInWords } from './reminders.ts';

/**
 * Reminders go out exactly once per registration and offset, even when the
 * job runs twice at once or dies half-way. On PostgreSQL (DATABASE_URL) the
 * two runs are truly concurrent on a pool; on PGlite they interleave on one
 * connection.
 */
let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;
let slugs = 0;
const HOUR = 3_600_000;
const START = Date.parse('2027-03-10T18:00:00Z');
const START_IN_BERLIN = 'Wednesday, 10 March 2027 at 19:00 (Europe/Berlin time)';

beforeAll(async () => {
  t = await createTestApp({ DATABASE_POOL_SIZE: '8' });
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (
    await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Remind', slug: 'remind' } })
  ).json().id;
});
afterAll(async () => t?.close());

async function eventWith(start: number, registration: Record<string, unknown> = {}, capacity = 3): Promise<string> {
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, {
    token: owner.accessToken,
    body: {
      name: 'Evening Lecture',
      slug: `lecture-${++slugs}`,
      kind: 'meetup',
      format: 'in_person',
      timezone: 'Europe/Berlin',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * HOUR).toISOString(),
      capacity,
      registration: { waitlistEnabled: true, ...registration },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await api.post(`/api/v1/events/${id}/status`, { token: owner.accessToken, body: { status: 'published' } });
  return id;
}

async function people(eventId: string, n: number): Promise<{ id: string; email: string; status: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const email = uniqueEmail('remind');
    const res = await api.post(`/api/v1/events/${eventId}/registrations`, { body: { email, name: `Person ${i}` } });
    expect(res.statusCode, res.body).toBe(201);
    out.push({ id: res.json().id, email, status: res.json().status });
  }
  return out;
}

const reminders = () => servicesOf(t.app.platform, notificationsModule).reminders;
const mailsTo = (email: string) => t.app.platform.mail.list({ to: email, template: 'registration.reminder' });

describe('reminders', () => {
  it('sends each reminder once when two runs race, none before it is due, none to the waiting list', async () => {
    const eventId = await eventWith(START);
    const [a, b, c, waiting] = await people(eventId, 4);
    expect(waiting!.status).toBe('waitlisted');
    await api.post(`/api/v1/registrations/${c!.id}/cancel`, { token: owner.accessToken, body: {} });
    // The cancellation seated the waiting person.
    const confirmed = [a!, b!, waiting!];

    expect(await reminders().sendDue(new Date(START - 25 * HOUR))).toBe(0);
    const at = new Date(START - 23 * HOUR);
    const [first, second] = await Promise.all([reminders().sendDue(at), reminders().sendDue(at)]);
    expect(first! + second!).toBe(3);
    expect(await reminders().sendDue(at)).toBe(0);
    for (const p of confirmed) {
      const mails = await mailsTo(p.email);
      expect(mails).toHaveLength(1);
      // The real time until the start (the run was at 23 h before), and the date and time in the event's zone.
      expect(mails[0]!.subject).toBe(`Reminder: Evening Lecture starts in 23 hours, on ${START_IN_BERLIN}`);
      expect(mails[0]!.text).toContain(`Evening Lecture starts in 23 hours, on ${START_IN_BERLIN}`);
      expect(mails[0]!.text).toContain('19:00');
      expect(mails[0]!.html).toContain('cid:ticket-qr@foyer');
    }
    expect(await mailsTo(c!.email)).toHaveLength(0);
    // After the start nothing more goes out.
    expect(await reminders().sendDue(new Date(START + HOUR))).toBe(0);
  });

  it('sends the batch again after a run died half-way, and then once only', async () => {
    const START = Date.parse('2027-04-10T18:00:00Z');
    const eventId = await eventWith(START, {}, 5);
    const group = await people(eventId, 4);
    const at = new Date(START - 30 * 60_000);
    const crash = reminders().sendDue(at, {
      afterQueued: (n) => {
        if (n === 2) throw new Error('worker died');
      },
    });
    await expect(crash).rejects.toThrow('worker died');
    for (const p of group) expect(await mailsTo(p.email)).toHaveLength(0);
    expect(await reminders().sendDue(at)).toBe(4);
    expect(await reminders().sendDue(at)).toBe(0);
    for (const p of group) {
      const mails = await mailsTo(p.email);
      // The job was down during the day-before window: only the nearer reminder goes out.
      expect(mails.map((m) => m.subject)).toEqual([
        'Reminder: Evening Lecture starts in 30 minutes, on Saturday, 10 April 2027 at 20:00 (Europe/Berlin time)',
      ]);
    }
    // And the day-before one never follows.
    expect(await reminders().sendDue(new Date(START - 10 * 60_000))).toBe(0);
  });

  it('uses the event’s own offsets', async () => {
    const START = Date.parse('2027-05-10T18:00:00Z');
    const eventId = await eventWith(START, { reminderOffsetsMinutes: [180] });
    const [p] = await people(eventId, 1);
    expect(await reminders().sendDue(new Date(START - 23 * HOUR))).toBe(0);
    expect(await reminders().sendDue(new Date(START - 2 * HOUR))).toBe(1);
    expect((await mailsTo(p!.email)).map((m) => m.subject)).toEqual([
      'Reminder: Evening Lecture starts in 2 hours, on Monday, 10 May 2027 at 20:00 (Europe/Berlin time)',
    ]);
  });
});

describe('startsInWords', () => {
  const at = new Date('2027-10-30T23:30:00Z');
  it('says the real time left, in the unit that reads naturally, and the local date and time', () => {
    expect(startsInWords(at, new Date(at.getTime() - 60_000), 'Europe/Berlin')).toBe(
      'in 1 minute, on Sunday, 31 October 2027 at 01:30 (Europe/Berlin time)',
    );
    expect(startsInWords(at, new Date(at.getTime() - 119 * 60_000), 'America/New_York')).toBe(
      'in 2 hours, on Saturday, 30 October 2027 at 19:30 (America/New_York time)',
    );
    // Two days is two days, not "tomorrow".
    expect(startsInWords(at, new Date(at.getTime() - 2 * 1440 * 60_000), 'Asia/Tokyo')).toBe(
      'in 2 days, on Sunday, 31 October 2027 at 08:30 (Asia/Tokyo time)',
    );
  });
});
