import { z } from 'zod';
import { AttendanceRule } from './attendance.ts';
import { cursorParam, instant } from './common.ts';
import { Slug } from './organizations.ts';

export const EventKind = z.enum(['festival', 'conference', 'workshop', 'course', 'meetup', 'other']);
export const EventFormat = z.enum(['in_person', 'online', 'hybrid']);
export const EventVisibility = z.enum(['public', 'unlisted', 'private']);
export const EventStatus = z.enum(['draft', 'published', 'live', 'completed', 'closed', 'cancelled']);
export type EventStatus = z.infer<typeof EventStatus>;

/** Allowed status changes: draft → published → live → completed → closed; cancelled from draft/published/live. */
export const EVENT_TRANSITIONS: Record<EventStatus, EventStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['live', 'cancelled'],
  live: ['completed', 'cancelled'],
  completed: ['closed'],
  closed: [],
  cancelled: [],
};

const Timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA timezone such as Europe/Berlin');

export const RegistrationSettings = z
  .object({
    opensAt: instant().nullable(),
    closesAt: instant().nullable(),
    guestsAllowed: z.boolean(),
    waitlistEnabled: z.boolean(),
    waitlistAutoPromote: z.boolean(),
    approvalRequired: z.boolean(),
    confirmAddress: z
      .boolean()
      .describe(
        'Guests confirm their address from an emailed link before they are registered (signed-in attendees have confirmed theirs)',
      ),
    reminderOffsetsMinutes: z
      .array(
        z
          .number()
          .int()
          .min(5)
          .max(60 * 24 * 30),
      )
      .max(5)
      .describe('Reminder mails this many minutes before the start; default [1440, 60]; [] sends none'),
  })
  .partial();

export const CpdSettings = z
  .object({
    creditType: z.string().max(100).nullable(),
    creditValue: z.number().min(0).max(1000).nullable(),
    minimumAttendanceMinutes: z.number().int().min(0).nullable(),
    minimumAttendancePercent: z.number().min(0).max(100).nullable(),
    attendanceRule: AttendanceRule.nullable().describe('Who is eligible; see docs/registration.md#attendance'),
    certificatesEnabled: z.boolean(),
    certificatesAutoIssue: z
      .boolean()
      .describe('Issue certificates to every eligible registration when the event completes'),
    certificateValidityMonths: z
      .number()
      .int()
      .min(1)
      .max(600)
      .nullable()
      .describe('Certificates expire this many months after issue; null: they do not expire'),
  })
  .partial();

const EventFields = {
  name: z.string().trim().min(1).max(200),
  slug: Slug,
  kind: EventKind,
  format: EventFormat,
  timezone: Timezone,
  startsAt: instant(),
  endsAt: instant(),
  summary: z.string().max(500),
  description: z.string().max(50_000).describe('Markdown; sanitized when rendered'),
  priceText: z.string().max(200).nullable(),
  coverImage: z.string().max(500).nullable(),
  visibility: EventVisibility,
  capacity: z.number().int().positive().nullable(),
  registration: RegistrationSettings,
  cpd: CpdSettings,
};

export const CreateEventBody = z.object(EventFields).partial({
  summary: true,
  description: true,
  priceText: true,
  coverImage: true,
  visibility: true,
  capacity: true,
  registration: true,
  cpd: true,
});
export const UpdateEventBody = z.object(EventFields).partial();

/** A copy of an event as a new draft; every date moves by (startsAt − the original's startsAt). */
export const DuplicateEventBody = z.object({
  name: EventFields.name.optional(),
  slug: EventFields.slug,
  startsAt: EventFields.startsAt.describe('When the copy starts; every other date shifts by the same duration'),
});

export const Event = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  ...EventFields,
  status: EventStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Event = z.infer<typeof Event>;

export const ChangeEventStatusBody = z.object({ status: EventStatus, reason: z.string().max(1000).optional() });

export const EventStatusChange = z.object({
  id: z.string(),
  from: EventStatus.nullable(),
  to: EventStatus,
  reason: z.string().nullable(),
  actorId: z.string().nullable(),
  at: z.string(),
});

export const EventOrganizer = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['lead', 'co']),
  status: z.enum(['invited', 'active', 'unavailable', 'replaced']),
  updatedAt: z.string(),
});
export const AssignOrganizerBody = z
  .object({ userId: z.uuid().optional(), email: z.email().optional(), role: z.enum(['lead', 'co']) })
  .refine((b) => Boolean(b.userId) !== Boolean(b.email), 'give either userId or email');
export const UpdateOrganizerBody = z.object({
  status: z.enum(['invited', 'active', 'unavailable', 'replaced']).optional(),
  role: z.enum(['lead', 'co']).optional(),
});

export const EventListQuery = z.object({
  status: EventStatus.optional(),
  cursor: cursorParam().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// ── Programme: sessions, people, locations, tags, links ─────────────────────

export const LinkService = z.enum([
  'website',
  'email',
  'phone',
  'youtube',
  'vimeo',
  'instagram',
  'facebook',
  'soundcloud',
  'bandcamp',
  'spotify',
  'mastodon',
  'tiktok',
  'other',
]);
export type LinkService = z.infer<typeof LinkService>;

const HTTP_URL = z.url({ protocol: /^https?$/ });

/** A URL with a service kind; `email` takes an address (or mailto:), `phone` a number (or tel:), others http(s). */
export const LinkInput = z
  .object({ url: z.string().trim().min(1).max(2000), service: LinkService })
  .superRefine((link, ctx) => {
    const ok =
      link.service === 'email'
        ? z.email().safeParse(link.url.replace(/^mailto:/i, '')).success
        : link.service === 'phone'
          ? /^(tel:)?\+?[0-9][0-9 ()./-]{2,30}$/i.test(link.url)
          : HTTP_URL.safeParse(link.url).success;
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message:
          link.service === 'email'
            ? 'must be an email address'
            : link.service === 'phone'
              ? 'must be a phone number'
              : 'must be an http(s) URL',
      });
    }
  });
export const Link = z.object({ id: z.uuid(), url: z.string(), service: LinkService });
export type Link = z.infer<typeof Link>;
export const ReplaceLinksBody = z.object({ links: z.array(LinkInput).max(50) });

export const Tag = z.object({ id: z.uuid(), organizationId: z.uuid(), name: z.string(), createdAt: z.string() });
export type Tag = z.infer<typeof Tag>;
export const CreateTagBody = z.object({ name: z.string().trim().min(1).max(60) });
export const ReplaceTagsBody = z.object({ tagIds: z.array(z.uuid()).max(100) });

/** The address and coordinates of a location (FestivalsApp *place*). */
export const Place = z.object({
  street: z.string().trim().max(200).nullable(),
  streetAddition: z.string().trim().max(200).nullable(),
  zip: z.string().trim().max(20).nullable(),
  town: z.string().trim().max(100).nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE')
    .nullable()
    .describe('ISO 3166-1 alpha-2'),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  description: z.string().max(2000).nullable(),
});
export type Place = z.infer<typeof Place>;

const LocationFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000),
  accessible: z.boolean(),
  openAir: z.boolean(),
  place: Place.partial(),
};
export const CreateLocationBody = z
  .object(LocationFields)
  .partial({ description: true, accessible: true, openAir: true, place: true });
export const UpdateLocationBody = z.object(LocationFields).partial();
export const Location = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  name: z.string(),
  description: z.string(),
  accessible: z.boolean(),
  openAir: z.boolean(),
  place: Place,
  links: z.array(Link),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Location = z.infer<typeof Location>;

const PersonFields = {
  name: z.string().trim().min(1).max(200),
  bio: z.string().max(20_000),
  image: z.string().max(500).nullable().describe('A media reference'),
  userId: z.uuid().nullable().describe('The account of this person, if any'),
  sortOrder: z.number().int().min(0).max(100_000),
};
export const CreatePersonBody = z
  .object(PersonFields)
  .partial({ bio: true, image: true, userId: true, sortOrder: true });
export const UpdatePersonBody = z.object(PersonFields).partial();
export const Person = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  eventId: z.uuid(),
  name: z.string(),
  bio: z.string(),
  image: z.string().nullable(),
  userId: z.uuid().nullable(),
  sortOrder: z.number().int(),
  links: z.array(Link),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const SessionKind = z.enum(['talk', 'performance', 'workshop', 'keynote', 'break', 'other']);

const SessionFields = {
  title: z.string().trim().min(1).max(300),
  kind: SessionKind,
  description: z.string().max(50_000).describe('Markdown; sanitized when rendered'),
  startsAt: instant().nullable().describe('Inside the event; null while unscheduled'),
  endsAt: instant().nullable().describe('After startsAt, inside the event'),
  locationId: z.uuid().nullable().describe('A location of the same organization'),
  capacity: z.number().int().positive().nullable(),
  isScheduled: z.boolean().describe('The time is fixed and announced; needs startsAt and endsAt'),
  streamUrl: HTTP_URL.max(2000).nullable(),
  meetingUrl: HTTP_URL.max(2000).nullable(),
  mandatory: z.boolean().describe('Attendance rules of kind all_mandatory_sessions require it'),
  personIds: z.array(z.uuid()).max(200).describe('People of the same event'),
  tagIds: z.array(z.uuid()).max(100).describe('Tags of the same organization'),
};
export const CreateSessionBody = z.object(SessionFields).partial({
  description: true,
  startsAt: true,
  endsAt: true,
  locationId: true,
  capacity: true,
  isScheduled: true,
  streamUrl: true,
  meetingUrl: true,
  mandatory: true,
  personIds: true,
  tagIds: true,
});
export const UpdateSessionBody = z.object(SessionFields).partial();
export const Session = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  eventId: z.uuid(),
  title: z.string(),
  kind: SessionKind,
  description: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  locationId: z.uuid().nullable(),
  capacity: z.number().int().nullable(),
  isScheduled: z.boolean(),
  streamUrl: z.string().nullable(),
  meetingUrl: z.string().nullable(),
  mandatory: z.boolean(),
  personIds: z.array(z.uuid()),
  tagIds: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Session = z.infer<typeof Session>;

/** An event as its organisers see it, with its tags and links. */
export const EventDetail = Event.extend({ tags: z.array(Tag), links: z.array(Link) });
export type EventDetail = z.infer<typeof EventDetail>;
