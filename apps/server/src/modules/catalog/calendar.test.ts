import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type Res, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { fold, renderCalendar } from './icalendar.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let eventId: string;
let eventPath: string;
let beforeId: string;
let afterId: string;

const post = (url: string, body: unknown) => api.post(url, { token: owner.accessToken, body });
const LONG_TITLE = 'Bach, Händel; Telemann \\ the long-winded "Baroque" morning — ünïcödé everywhere, ✓ — and more';

async function ok(res: Res, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  const orgId = (await ok(await post('/api/v1/orgs', { name: 'Calendar Org', slug: 'calendar-org' }), 201)).id;
  const slug = `autumn-${randomUUID().slice(0, 6)}`;
  eventId = (
    await ok(
      await post(`/api/v1/orgs/${orgId}/events`, {
        name: 'Autumn Days',
        slug,
        kind: 'festival',
        format: 'in_person',
        timezone: 'Europe/Berlin',
        // Daylight-saving time ends in Berlin on Sunday 25 October 2026, 03:00 CEST → 02:00 CET.
        startsAt: '2026-10-23T09:00:00+02:00',
        endsAt: '2026-10-27T20:00:00+01:00',
      }),
      201,
    )
  ).id;
  eventPath = `calendar-org/${slug}`;
  const locationId = (
    await ok(
      await post(`/api/v1/orgs/${orgId}/locations`, {
        name: 'Hall; East',
        place: { street: 'Hafenstraße 1', zip: '20457', town: 'Hamburg', country: 'DE' },
      }),
      201,
    )
  ).id;
  beforeId = (
    await ok(
      await post(`/api/v1/events/${eventId}/sessions`, {
        title: LONG_TITLE,
        kind: 'talk',
        description: 'Line one\nLine two, with a comma',
        startsAt: '2026-10-24T10:00:00+02:00',
        endsAt: '2026-10-24T11:00:00+02:00',
        locationId,
      }),
      201,
    )
  ).id;
  afterId = (
    await ok(
      await post(`/api/v1/events/${eventId}/sessions`, {
        title: 'Monday morning',
        kind: 'talk',
        startsAt: '2026-10-26T10:00:00+01:00',
        endsAt: '2026-10-26T11:30:00+01:00',
      }),
      201,
    )
  ).id;
  await ok(await post(`/api/v1/events/${eventId}/sessions`, { title: 'Not yet placed', kind: 'talk' }), 201);
  await ok(await post(`/api/v1/events/${eventId}/status`, { status: 'published' }));
});
afterAll(async () => t?.close());

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  return calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
}

describe('iCalendar', () => {
  it('is valid RFC 5545: CRLF lines of at most 75 octets, escaped text', async () => {
    const res = await api.get(`/api/v1/events/${eventId}/calendar.ics`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = res.body;
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261024T100000');
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261026T100000');

    const events = parse(text);
    expect(events).toHaveLength(2);
    const [before, after] = events;
    // Folding and escaping undone by a real parser give back the original text.
    expect(before!.summary).toBe(LONG_TITLE);
    expect(before!.description).toBe('Line one\nLine two, with a comma');
    expect(before!.location).toBe('Hall; East, Hafenstraße 1, 20457 Hamburg, DE');
    expect(before!.uid).toBe(`${beforeId}@foyer`);
    expect(after!.uid).toBe(`${afterId}@foyer`);
    expect(before!.component.getFirstPropertyValue('url')).toBe(`${t.app.platform.config.publicUrl}/e/${eventPath}`);
  });

  it('keeps 10:00 local on both sides of the end of daylight-saving time', async () => {
    const [before, after] = parse((await api.get(`/api/v1/events/${eventId}/calendar.ics`)).body);
    expect(before!.startDate.zone.tzid).toBe('Europe/Berlin');
    expect(before!.startDate.hour).toBe(10);
    expect(after!.startDate.hour).toBe(10);
    // …which are different UTC hours: CEST is UTC+2, CET is UTC+1.
    expect(before!.startDate.toJSDate().toISOString()).toBe('2026-10-24T08:00:00.000Z');
    expect(after!.startDate.toJSDate().toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(after!.endDate.toJSDate().toISOString()).toBe('2026-10-26T10:30:00.000Z');
  });

  it('writes a wall-clock time that happens twice (clocks going back) in UTC, so neither lands an hour off', () => {
    const session = (id: string, startsAt: string, endsAt: string) => ({
      id,
      title: id,
      description: '',
      startsAt,
      endsAt,
      updatedAt: '2027-01-01T00:00:00Z',
      location: null,
    });
    // 02:15 on 31 October 2027 in Berlin happens at +02:00 and again at +01:00.
    const text = renderCalendar(
      { id: 'e', name: 'Night', timezone: 'Europe/Berlin', status: 'published', url: 'https://foyer.example/e/x' },
      [
        session('first', '2027-10-31T02:15:00+02:00', '2027-10-31T02:45:00+02:00'),
        session('second', '2027-10-31T02:15:00+01:00', '2027-10-31T02:45:00+01:00'),
        session('evening', '2027-10-31T20:00:00+01:00', '2027-10-31T21:00:00+01:00'),
      ],
    );
    expect(text).toContain('DTSTART:20271031T001500Z');
    expect(text).toContain('DTSTART:20271031T011500Z');
    expect(text).not.toContain('TZID=Europe/Berlin:20271031T021500');
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20271031T200000');
    const starts = parse(text).map((e) => e.startDate.toJSDate().toISOString());
    expect(starts).toEqual(['2027-10-31T00:15:00.000Z', '2027-10-31T01:15:00.000Z', '2027-10-31T19:00:00.000Z']);
  });

  it('serves one session’s file, by event slug too, with ETag and 304', async () => {
    const one = await api.get(`/api/v1/sessions/${afterId}/calendar.ics`);
    expect(one.statusCode).toBe(200);
    const events = parse(one.body);
    expect(events.map((e) => e.uid)).toEqual([`${afterId}@foyer`]);
    const bySlug = await api.get(`/api/v1/events/${eventPath}/calendar.ics`);
    expect(bySlug.statusCode).toBe(200);
    const etag = bySlug.headers.etag as string;
    const again = await api.get(`/api/v1/events/${eventPath}/calendar.ics`, { headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    // Same programme, same bytes (DTSTAMP is the session's last change, not "now").
    expect((await api.get(`/api/v1/events/${eventPath}/calendar.ics`)).body).toBe(bySlug.body);
  });

  it('is hidden like the event: drafts are 404 to the public', async () => {
    const draftId = (
      await ok(
        await post(`/api/v1/events/${eventId}/duplicate`, {
          slug: `copy-${randomUUID().slice(0, 6)}`,
          startsAt: '2027-10-23T09:00:00+02:00',
        }),
        201,
      )
    ).id;
    expectProblem(await api.get(`/api/v1/events/${draftId}/calendar.ics`), 404, 'NOT_FOUND');
    expect((await api.get(`/api/v1/events/${draftId}/calendar.ics`, { token: owner.accessToken })).statusCode).toBe(
      200,
    );
  });
});

describe('line folding', () => {
  it('never splits a UTF-8 character', () => {
    const line = `SUMMARY:${'ü'.repeat(100)}`;
    const parts = fold(line).split('\r\n');
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });
});
