import { z } from 'zod';
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
    opensAt: z.iso.datetime({ offset: true }).nullable(),
    closesAt: z.iso.datetime({ offset: true }).nullable(),
    guestsAllowed: z.boolean(),
    waitlistEnabled: z.boolean(),
    waitlistAutoPromote: z.boolean(),
    approvalRequired: z.boolean(),
  })
  .partial();

export const CpdSettings = z
  .object({
    creditType: z.string().max(100).nullable(),
    creditValue: z.number().min(0).max(1000).nullable(),
    minimumAttendanceMinutes: z.number().int().min(0).nullable(),
    minimumAttendancePercent: z.number().min(0).max(100).nullable(),
    certificatesEnabled: z.boolean(),
  })
  .partial();

const EventFields = {
  name: z.string().trim().min(1).max(200),
  slug: Slug,
  kind: EventKind,
  format: EventFormat,
  timezone: Timezone,
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
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
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
