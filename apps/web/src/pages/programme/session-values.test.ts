import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import { newSessionValues, sessionBody, sessionValues, validateSession } from './session-values.ts';

const t = i18next.t.bind(i18next);
const event = { startsAt: '2027-07-01T08:00:00Z', endsAt: '2027-07-03T21:30:00Z', timezone: 'Europe/Berlin' };

beforeAll(async () => {
  await i18next.init({ lng: 'en', resources: { en: { translation: en } } });
});

describe('session form values', () => {
  it('starts a new session at the event’s start, in the event’s zone', () => {
    const v = newSessionValues(event);
    expect([v.startsAt, v.endsAt]).toEqual(['2027-07-01T10:00', '2027-07-01T11:00']);
  });

  it('sends wall-clock times with the event zone’s offset, and empty fields as null', () => {
    const v = {
      ...newSessionValues(event),
      title: ' Opening ',
      startsAt: '2027-07-01T12:00',
      endsAt: '2027-07-01T13:30',
    };
    expect(sessionBody({ ...v, personIds: 'a,b', capacity: '40' }, event.timezone)).toMatchObject({
      title: 'Opening',
      startsAt: '2027-07-01T12:00:00+02:00',
      endsAt: '2027-07-01T13:30:00+02:00',
      locationId: null,
      streamUrl: null,
      capacity: 40,
      personIds: ['a', 'b'],
      tagIds: [],
      isScheduled: true,
    });
    const unscheduled = sessionBody({ ...v, startsAt: '', endsAt: '', isScheduled: 'false' }, event.timezone);
    expect([unscheduled.startsAt, unscheduled.endsAt, unscheduled.isScheduled]).toEqual([null, null, false]);
  });

  it('reads a saved session back in the event’s zone', () => {
    const v = sessionValues(
      {
        id: 'x',
        organizationId: 'o',
        eventId: 'e',
        title: 'Late set',
        kind: 'performance',
        description: '',
        startsAt: '2027-07-01T21:30:00Z',
        endsAt: '2027-07-01T22:30:00Z',
        locationId: null,
        capacity: null,
        isScheduled: true,
        streamUrl: null,
        meetingUrl: null,
        mandatory: false,
        personIds: ['p1', 'p2'],
        tagIds: [],
        createdAt: '',
        updatedAt: '',
      },
      event.timezone,
    );
    expect([v.startsAt, v.endsAt, v.personIds]).toEqual(['2027-07-01T23:30', '2027-07-02T00:30', 'p1,p2']);
  });

  it('refuses times outside the event, in the wrong order or only half given', () => {
    const base = { ...newSessionValues(event), title: 'Set' };
    const errors = (patch: Partial<typeof base>) =>
      Object.fromEntries(Object.entries(validateSession({ ...base, ...patch }, event, t)).filter(([, m]) => m));
    expect(errors({})).toEqual({});
    expect(errors({ startsAt: '2027-07-01T09:59' })).toEqual({
      startsAt: 'The session cannot start before the event starts.',
    });
    expect(errors({ startsAt: '2027-07-03T23:00', endsAt: '2027-07-03T23:45' })).toEqual({
      endsAt: 'The session cannot end after the event ends.',
    });
    expect(errors({ endsAt: '2027-07-01T09:00' }).endsAt).toBe('The event must end after it starts.');
    expect(errors({ endsAt: '', isScheduled: 'false' })).toEqual({
      endsAt: 'Give both a start and an end, or neither.',
    });
    expect(errors({ startsAt: '', endsAt: '' })).toEqual({
      isScheduled: 'A scheduled session needs a start and an end.',
    });
    expect(errors({ title: ' ', streamUrl: 'ftp://x' })).toEqual({
      title: expect.any(String),
      streamUrl: 'Enter an http(s) address.',
    });
  });
});
