import { utcToZoned } from '../events/zoned-time.ts';

/** What grouping needs of a session; the public API's sessions have more. */
export interface Timed {
  id: string;
  title: string;
  startsAt: string | null;
  endsAt: string | null;
}

export interface ProgrammeDay<S extends Timed> {
  /** The calendar day in the event's timezone, `YYYY-MM-DD`. */
  day: string;
  sessions: S[];
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in `timeZone`. */
export function dayIn(instant: string, timeZone: string): string {
  return utcToZoned(instant, timeZone).slice(0, 10);
}

const at = (iso: string | null) => (iso ? new Date(iso).getTime() : Number.POSITIVE_INFINITY);

/**
 * Sessions grouped by the day they start on in the EVENT's timezone (a
 * session at 23:30 in Berlin belongs to that Berlin evening wherever the
 * visitor is), days in order, sessions by start, end, then title. Sessions
 * without a start time are left out: the programme shows scheduled ones only.
 */
export function groupByDay<S extends Timed>(sessions: readonly S[], timeZone: string): ProgrammeDay<S>[] {
  const days = new Map<string, S[]>();
  const timed = sessions
    .filter((s) => s.startsAt && !Number.isNaN(new Date(s.startsAt).getTime()))
    .sort((a, b) => at(a.startsAt) - at(b.startsAt) || at(a.endsAt) - at(b.endsAt) || a.title.localeCompare(b.title));
  for (const session of timed) {
    const day = dayIn(session.startsAt as string, timeZone);
    const list = days.get(day);
    if (list) list.push(session);
    else days.set(day, [session]);
  }
  return [...days].map(([day, list]) => ({ day, sessions: list }));
}

/** "Friday, 2 July 2027" for a `YYYY-MM-DD` day, whatever zone the browser is in. */
export function dayLabel(day: string, language: string, style: 'long' | 'short' = 'long'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime())) return day;
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' };
  return new Intl.DateTimeFormat(language, options).format(date);
}

/** 24-hour locales write "01:00", 12-hour ones "1:00 AM". */
function hourStyle(language: string): '2-digit' | 'numeric' {
  const cycle = new Intl.DateTimeFormat(language, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h23' || cycle === 'h24' ? '2-digit' : 'numeric';
}

/**
 * "18:00–19:30" in the event's timezone; the end gets its date when it falls
 * on a later day ("23:00 – 3 Jul, 01:00"), and a missing end shows the start only.
 */
export function timeRange(startsAt: string, endsAt: string | null, timeZone: string, language: string): string {
  const hour = hourStyle(language);
  const time = new Intl.DateTimeFormat(language, { timeZone, hour, minute: '2-digit' });
  const start = new Date(startsAt);
  if (!endsAt) return time.format(start);
  const end = new Date(endsAt);
  if (dayIn(startsAt, timeZone) === dayIn(endsAt, timeZone)) return time.formatRange(start, end);
  const withDate = new Intl.DateTimeFormat(language, {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour,
    minute: '2-digit',
  });
  return `${time.format(start)} – ${withDate.format(end)}`;
}

/** The short name of the zone at an instant ("CEST", "GMT+2"), falling back to the IANA name. */
export function zoneAbbreviation(instant: string, timeZone: string, language: string): string {
  try {
    return (
      new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'short' })
        .formatToParts(new Date(instant))
        .find((part) => part.type === 'timeZoneName')?.value ?? timeZone
    );
  } catch {
    return timeZone;
  }
}
