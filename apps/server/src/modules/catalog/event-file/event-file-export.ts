import { Document, isScalar, isSeq, visit } from 'yaml';
import { EVENT_FILE_VERSION, type EventFileState, type LinkState, type PlaceState } from './event-file-format.ts';

/**
 * Writes an event file: every instant in the event's own timezone
 * (`2027-07-02T18:00:00+02:00`), fields at their default left out, so the
 * file reads like one written by hand and applies back to the same event.
 */
export function eventFileYaml(state: EventFileState, organizationSlug: string): string {
  const tz = state.event.timezone;
  const at = (iso: string | null) => (iso ? zonedIso(new Date(iso), tz) : null);
  const e = state.event;
  const file = {
    foyer: EVENT_FILE_VERSION,
    organization: organizationSlug,
    event: compact({
      slug: e.slug,
      name: e.name,
      status: e.status,
      kind: e.kind,
      format: e.format,
      timezone: e.timezone,
      startsAt: at(e.startsAt),
      endsAt: at(e.endsAt),
      visibility: e.visibility,
      summary: e.summary,
      description: e.description,
      priceText: e.priceText,
      coverImage: e.coverImage,
      capacity: e.capacity,
      registration: e.registration,
      cpd: e.cpd,
      tags: e.tags,
      links: linksOf(e.links),
    }),
    tags: state.tags,
    locations: state.locations.map((l) =>
      compact({
        name: l.name,
        description: l.description,
        accessible: l.accessible || undefined,
        openAir: l.openAir || undefined,
        place: compact(l.place as PlaceState & Record<string, unknown>),
        links: linksOf(l.links),
      }),
    ),
    people: state.people.map((p) =>
      compact({ key: p.key, name: p.name, bio: p.bio, image: p.image, links: linksOf(p.links) }),
    ),
    sessions: state.sessions.map((s) =>
      compact({
        key: s.key,
        title: s.title,
        kind: s.kind,
        startsAt: at(s.startsAt),
        endsAt: at(s.endsAt),
        // Written only where it differs from its default (scheduled when it has a time).
        isScheduled: s.isScheduled !== (s.startsAt !== null) ? s.isScheduled : undefined,
        mandatory: s.mandatory || undefined,
        location: s.location,
        people: s.people,
        tags: s.tags,
        capacity: s.capacity,
        description: s.description,
        streamUrl: s.streamUrl,
        meetingUrl: s.meetingUrl,
      }),
    ),
  };
  const doc = new Document(compact(file));
  // Lists of names and keys on one line (`people: [nina, the-tides]`), like a person would write them.
  visit(doc, {
    Seq(_key, node) {
      if (isSeq(node) && node.items.every(isScalar)) node.flow = true;
    },
  });
  doc.commentBefore = ' Foyer event file: apply with `foyer apply -f FILE` (format: docs/event-as-code.md)';
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

const linksOf = (links: LinkState[]) => links.map((l) => ({ service: l.service, url: l.url }));

/** The object without null, undefined, empty strings, empty arrays and empty objects. */
function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(obj).filter(
      ([, v]) =>
        v !== null &&
        v !== undefined &&
        v !== '' &&
        !(Array.isArray(v) && v.length === 0) &&
        !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
    ),
  ) as Partial<T>;
}

/** `date` as ISO 8601 local time of `timeZone` with its UTC offset, e.g. `2027-07-02T18:00:00+02:00`. */
export function zonedIso(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((Date.parse(`${local}Z`) - wholeSeconds) / 60_000);
  const ms = date.getTime() - wholeSeconds;
  const fraction = ms ? `.${String(ms).padStart(3, '0')}` : '';
  if (offsetMinutes === 0) return `${local}${fraction}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
