import { type CreateSessionBody, type Event, type Session, SessionKind } from '@foyer/contracts';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { FieldErrors } from '../../forms/use-form.ts';
import { utcToZoned, zonedToIso, zonedToUtc } from '../events/zoned-time.ts';

export const SESSION_KINDS = SessionKind.options;

/** A session as its forms edit it: strings only, times as wall-clock time in the event's zone. */
export interface SessionFormValues extends Record<string, string> {
  title: string;
  kind: string;
  description: string;
  startsAt: string;
  endsAt: string;
  locationId: string;
  capacity: string;
  /** 'true' or 'false'. */
  isScheduled: string;
  streamUrl: string;
  meetingUrl: string;
  /** Comma-separated ids. */
  personIds: string;
  tagIds: string;
}

/** Form fields whose server errors (`body.<field>`) show next to the field. */
export const SESSION_FIELDS = [
  'title',
  'kind',
  'description',
  'startsAt',
  'endsAt',
  'locationId',
  'capacity',
  'isScheduled',
  'streamUrl',
  'meetingUrl',
  'personIds',
  'tagIds',
] as const;

export function newSessionValues(event: Pick<Event, 'startsAt' | 'timezone'>): SessionFormValues {
  const start = utcToZoned(event.startsAt, event.timezone);
  return {
    title: '',
    kind: 'talk',
    description: '',
    startsAt: start,
    endsAt: utcToZoned(new Date(Date.parse(event.startsAt) + 3_600_000), event.timezone),
    locationId: '',
    capacity: '',
    isScheduled: 'true',
    streamUrl: '',
    meetingUrl: '',
    personIds: '',
    tagIds: '',
  };
}

export function sessionValues(session: Session, timeZone: string): SessionFormValues {
  return {
    title: session.title,
    kind: session.kind,
    description: session.description,
    startsAt: session.startsAt ? utcToZoned(session.startsAt, timeZone) : '',
    endsAt: session.endsAt ? utcToZoned(session.endsAt, timeZone) : '',
    locationId: session.locationId ?? '',
    capacity: session.capacity === null ? '' : String(session.capacity),
    isScheduled: String(session.isScheduled),
    streamUrl: session.streamUrl ?? '',
    meetingUrl: session.meetingUrl ?? '',
    personIds: session.personIds.join(','),
    tagIds: session.tagIds.join(','),
  };
}

export const idList = (joined: string): string[] => joined.split(',').filter(Boolean);

const httpUrl = z.url({ protocol: /^https?$/ });

/** Quick, translated checks in the browser; the server checks again (times inside the event, ids). */
export function validateSession(
  values: SessionFormValues,
  event: Pick<Event, 'startsAt' | 'endsAt' | 'timezone'>,
  t: TFunction,
): FieldErrors<SessionFormValues> {
  const zone = event.timezone;
  const starts = values.startsAt ? zonedToUtc(values.startsAt, zone) : null;
  const ends = values.endsAt ? zonedToUtc(values.endsAt, zone) : null;
  const capacity = values.capacity.trim();
  const url = (value: string) =>
    value.trim() && !httpUrl.safeParse(value.trim()).success ? t('programme.validation.url') : undefined;
  const errors: FieldErrors<SessionFormValues> = {
    title: values.title.trim() ? undefined : t('validation.required'),
    capacity:
      capacity && !(Number.isInteger(Number(capacity)) && Number(capacity) > 0)
        ? t('events.validation.capacity')
        : undefined,
    streamUrl: url(values.streamUrl),
    meetingUrl: url(values.meetingUrl),
  };
  if (values.startsAt && !starts) errors.startsAt = t('events.validation.dateTime');
  else if (starts && starts.getTime() < Date.parse(event.startsAt))
    errors.startsAt = t('programme.validation.beforeEvent');
  else if (!values.startsAt && values.endsAt) errors.startsAt = t('programme.validation.bothTimes');
  if (values.endsAt && !ends) errors.endsAt = t('events.validation.dateTime');
  else if (ends && starts && ends.getTime() <= starts.getTime()) errors.endsAt = t('events.validation.endsBeforeStart');
  else if (ends && ends.getTime() > Date.parse(event.endsAt)) errors.endsAt = t('programme.validation.afterEvent');
  else if (values.startsAt && !values.endsAt) errors.endsAt = t('programme.validation.bothTimes');
  if (values.isScheduled === 'true' && !values.startsAt && !values.endsAt) {
    errors.isScheduled = t('programme.validation.scheduledNeedsTimes');
  }
  return errors;
}

/** The request body for validated values. */
export function sessionBody(values: SessionFormValues, timeZone: string) {
  const iso = (local: string) => (local ? (zonedToIso(local, timeZone) ?? local) : null);
  return {
    title: values.title.trim(),
    kind: values.kind as Session['kind'],
    description: values.description,
    startsAt: iso(values.startsAt),
    endsAt: iso(values.endsAt),
    locationId: values.locationId || null,
    capacity: values.capacity.trim() ? Number(values.capacity) : null,
    isScheduled: values.isScheduled === 'true',
    streamUrl: values.streamUrl.trim() || null,
    meetingUrl: values.meetingUrl.trim() || null,
    personIds: idList(values.personIds),
    tagIds: idList(values.tagIds),
  } satisfies z.input<typeof CreateSessionBody>;
}

/** Server messages about times, in our wording (they arrive in English). */
export function sessionFieldMessages(fields: Record<string, string>, t: TFunction): Record<string, string> {
  const out = { ...fields };
  if (out.startsAt && /before the event/i.test(out.startsAt)) out.startsAt = t('programme.validation.beforeEvent');
  if (out.endsAt && /after the event/i.test(out.endsAt)) out.endsAt = t('programme.validation.afterEvent');
  if (out.endsAt && /after startsAt/i.test(out.endsAt)) out.endsAt = t('events.validation.endsBeforeStart');
  return out;
}
