import {
  CreateEventBody,
  CreateLocationBody,
  CreatePersonBody,
  CreateSessionBody,
  CreateTagBody,
  EventStatus,
  LinkInput,
  Place,
} from '@foyer/contracts';
import { z } from 'zod';

/** The format marker every event file starts with; a new layout would get a new version. */
export const EVENT_FILE_VERSION = 'event/v1';

/** A stable handle of a person or session inside one event file. */
const Key = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"');

const Links = z.array(LinkInput).max(50);
const TagName = CreateTagBody.shape.name;
const LocationName = CreateLocationBody.shape.name;

/** Post codes look like numbers to YAML (`zip: 10115`); a number is taken as the text it was written as. */
const Zip = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), Place.shape.zip);

const FileEvent = z.strictObject({
  ...CreateEventBody.shape,
  status: EventStatus.optional().describe('Reached through legal status changes only'),
  tags: z.array(TagName).max(100).optional().describe('Names from the file’s `tags`'),
  links: Links.optional(),
});

const FileLocation = z.strictObject({
  name: LocationName,
  description: CreateLocationBody.shape.description,
  accessible: CreateLocationBody.shape.accessible,
  openAir: CreateLocationBody.shape.openAir,
  place: Place.extend({ zip: Zip }).partial().strict().optional(),
  links: Links.optional(),
});

const FilePerson = z.strictObject({
  key: Key.optional().describe('Defaults to the name in lower case with dashes'),
  name: CreatePersonBody.shape.name,
  bio: CreatePersonBody.shape.bio,
  image: CreatePersonBody.shape.image,
  links: Links.optional(),
});

const S = CreateSessionBody.shape;
const FileSession = z.strictObject({
  key: Key.optional().describe('Defaults to the title in lower case with dashes'),
  title: S.title,
  kind: S.kind,
  description: S.description,
  startsAt: S.startsAt,
  endsAt: S.endsAt,
  isScheduled: S.isScheduled,
  mandatory: S.mandatory,
  location: LocationName.nullable().optional().describe('A name from the file’s `locations`'),
  people: z.array(Key).max(200).optional().describe('Keys from the file’s `people`'),
  tags: z.array(TagName).max(100).optional().describe('Names from the file’s `tags`'),
  capacity: S.capacity,
  streamUrl: S.streamUrl,
  meetingUrl: S.meetingUrl,
});

/** An event with its programme as written in an event file (`foyer export` / `foyer apply`). */
export const EventFile = z.strictObject({
  foyer: z.literal(EVENT_FILE_VERSION, { error: `must be "${EVENT_FILE_VERSION}"` }),
  organization: z.string().optional().describe('Slug of the organization; informational, `--org` wins'),
  event: FileEvent,
  tags: z.array(TagName).max(500).optional(),
  locations: z.array(FileLocation).max(500).optional(),
  people: z.array(FilePerson).max(2000).optional(),
  sessions: z.array(FileSession).max(5000).optional(),
});
export type EventFile = z.infer<typeof EventFile>;

export type LinkState = { url: string; service: z.infer<typeof LinkInput>['service'] };
export type PlaceState = z.infer<typeof Place>;

/** Every field of the event, filled in: what the file means, and what the database holds, compared field by field. */
export interface EventState {
  slug: string;
  name: string;
  kind: EventFile['event']['kind'];
  format: EventFile['event']['format'];
  timezone: string;
  /** Instants as UTC ISO strings (so `+02:00` and `Z` spellings compare equal). */
  startsAt: string;
  endsAt: string;
  summary: string;
  description: string;
  priceText: string | null;
  coverImage: string | null;
  visibility: 'public' | 'unlisted' | 'private';
  capacity: number | null;
  registration: Record<string, unknown>;
  cpd: Record<string, unknown>;
  /** Undefined in a file without `status`: apply leaves the status alone. */
  status: EventStatus | undefined;
  tags: string[];
  links: LinkState[];
}

export interface LocationState {
  name: string;
  description: string;
  accessible: boolean;
  openAir: boolean;
  place: PlaceState;
  links: LinkState[];
}

export interface PersonState {
  key: string;
  name: string;
  bio: string;
  image: string | null;
  links: LinkState[];
}

export interface SessionState {
  key: string;
  title: string;
  kind: z.infer<typeof FileSession>['kind'];
  description: string;
  startsAt: string | null;
  endsAt: string | null;
  isScheduled: boolean;
  /** Attendance rules of kind `all_mandatory_sessions` require it. */
  mandatory: boolean;
  location: string | null;
  /** Person keys, in the order of the file's `people`. */
  people: string[];
  tags: string[];
  capacity: number | null;
  streamUrl: string | null;
  meetingUrl: string | null;
}

/** A whole event file with every default applied. */
export interface EventFileState {
  event: EventState;
  tags: string[];
  locations: LocationState[];
  people: PersonState[];
  sessions: SessionState[];
}

/** A lower-case, dash-separated handle made from a name or title (`Opening Keynote` → `opening-keynote`). */
export function keyFrom(text: string): string {
  const key = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return key || 'item';
}

const utc = (iso: string) => new Date(iso).toISOString();
const utcOrNull = (iso: string | null | undefined) => (iso ? utc(iso) : null);
const EMPTY_PLACE: PlaceState = {
  street: null,
  streetAddition: null,
  zip: null,
  town: null,
  country: null,
  lat: null,
  lon: null,
  description: null,
};

/** The file with every default filled in and every instant in UTC; keys default from names and titles. */
export function stateOf(file: EventFile): EventFileState {
  const e = file.event;
  const people = file.people ?? [];
  const personOrder = new Map(people.map((p, i) => [p.key ?? keyFrom(p.name), i]));
  return {
    event: {
      slug: e.slug,
      name: e.name,
      kind: e.kind,
      format: e.format,
      timezone: e.timezone,
      startsAt: utc(e.startsAt),
      endsAt: utc(e.endsAt),
      summary: e.summary ?? '',
      description: e.description ?? '',
      priceText: e.priceText ?? null,
      coverImage: e.coverImage ?? null,
      visibility: e.visibility ?? 'public',
      capacity: e.capacity ?? null,
      registration: e.registration ?? {},
      cpd: e.cpd ?? {},
      status: e.status,
      tags: sortedNames(e.tags ?? []),
      links: e.links ?? [],
    },
    tags: file.tags ?? [],
    locations: (file.locations ?? []).map((l) => ({
      name: l.name,
      description: l.description ?? '',
      accessible: l.accessible ?? false,
      openAir: l.openAir ?? false,
      place: { ...EMPTY_PLACE, ...l.place },
      links: l.links ?? [],
    })),
    people: people.map((p) => ({
      key: p.key ?? keyFrom(p.name),
      name: p.name,
      bio: p.bio ?? '',
      image: p.image ?? null,
      links: p.links ?? [],
    })),
    sessions: (file.sessions ?? []).map((s) => {
      const startsAt = utcOrNull(s.startsAt);
      return {
        key: s.key ?? keyFrom(s.title),
        title: s.title,
        kind: s.kind,
        description: s.description ?? '',
        startsAt,
        endsAt: utcOrNull(s.endsAt),
        isScheduled: s.isScheduled ?? startsAt !== null,
        mandatory: s.mandatory ?? false,
        location: s.location ?? null,
        people: [...new Set(s.people ?? [])].sort(
          (a, b) => (personOrder.get(a) ?? Number.MAX_SAFE_INTEGER) - (personOrder.get(b) ?? Number.MAX_SAFE_INTEGER),
        ),
        tags: sortedNames(s.tags ?? []),
        capacity: s.capacity ?? null,
        streamUrl: s.streamUrl ?? null,
        meetingUrl: s.meetingUrl ?? null,
      };
    }),
  };
}

/** Tag names without case-insensitive duplicates, sorted the way tags are listed (by lower-case name). */
export function sortedNames(names: string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, name]) => name);
}

/** JSON with object keys sorted: equal values give equal text, whatever order their keys were written in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);
