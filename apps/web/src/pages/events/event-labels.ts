import { EventFormat, EventKind, EventStatus, EventVisibility } from '@foyer/contracts';

export const STATUSES = EventStatus.options;
export const KINDS = EventKind.options;
export const FORMATS = EventFormat.options;
export const VISIBILITIES = EventVisibility.options;
export const ORGANIZER_ROLES = ['lead', 'co'] as const;
export const ORGANIZER_STATUSES = ['invited', 'active', 'unavailable', 'replaced'] as const;

/** Badge colours; the text always says the status, colour only repeats it. */
export const STATUS_COLORS: Record<EventStatus, string> = {
  draft: 'gray',
  published: 'blue',
  live: 'green',
  completed: 'teal',
  closed: 'dark',
  cancelled: 'red',
};

export const ORGANIZER_STATUS_COLORS: Record<(typeof ORGANIZER_STATUSES)[number], string> = {
  invited: 'yellow',
  active: 'green',
  unavailable: 'orange',
  replaced: 'gray',
};

/**
 * "12 Jun 2027, 18:00 – 14 Jun 2027, 23:00 CEST" in the event's own timezone,
 * whatever the visitor's zone is.
 */
export function eventDates(startsAt: string, endsAt: string, timeZone: string, language: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${startsAt} – ${endsAt}`;
  try {
    const format = new Intl.DateTimeFormat(language, {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    const zoneName =
      new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'short' })
        .formatToParts(start)
        .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
    return `${format.formatRange(start, end)} (${zoneName})`;
  } catch {
    return `${start.toISOString()} – ${end.toISOString()}`;
  }
}
