import { z } from 'zod';

/** `#rgb` or `#rrggbb`: what every client (the Colander one included) can parse. */
export const HexColour = z.string().regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be #rgb or #rrggbb');
export const ResourceKind = z.enum(['room', 'equipment', 'person', 'vehicle', 'other']);
export type ResourceKind = z.infer<typeof ResourceKind>;
const Instant = z.iso.datetime({ offset: true });

const ResourceFields = {
  /** May be empty (the Colander client names a resource after creating it). */
  name: z.string().max(200),
  kind: ResourceKind,
  capacity: z.number().int().min(0).max(1_000_000).nullable(),
  colour: HexColour,
  locationId: z.uuid().nullable(),
  active: z.boolean(),
};
export const CreateResourceBody = z
  .object({ id: z.uuid().optional(), ...ResourceFields })
  .partial({ kind: true, capacity: true, colour: true, locationId: true, active: true });
export type CreateResourceBody = z.infer<typeof CreateResourceBody>;
export const UpdateResourceBody = z.object({ ...ResourceFields, version: z.number().int().optional() }).partial();
export type UpdateResourceBody = z.infer<typeof UpdateResourceBody>;
export const Resource = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  ...ResourceFields,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Resource = z.infer<typeof Resource>;

const LayoutFields = {
  name: z.string().min(1).max(200),
  /** In display order; 1–20, no repeats. */
  resourceIds: z
    .array(z.uuid())
    .min(1)
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a resource'),
};
export const CreateResourceLayoutBody = z.object(LayoutFields);
export const UpdateResourceLayoutBody = z.object({ ...LayoutFields, version: z.number().int().optional() }).partial();
export const ResourceLayout = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  name: z.string(),
  resourceIds: z.array(z.uuid()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ResourceLayout = z.infer<typeof ResourceLayout>;

export const CreateProjectBody = z.object({
  id: z.uuid().optional(),
  name: z.string().max(200),
  colour: HexColour.nullable().optional(),
});
export const UpdateProjectBody = z
  .object({ name: z.string().max(200), colour: HexColour.nullable(), version: z.number().int() })
  .partial();
export const Project = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  name: z.string(),
  colour: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof Project>;

const BookingFields = {
  resourceId: z.uuid(),
  projectId: z.uuid().nullable(),
  /** Half-open: the booking holds `[startsAt, endsAt)`. */
  startsAt: Instant,
  endsAt: Instant,
  label: z.string().max(500),
  colour: HexColour,
  tentative: z.boolean(),
  notes: z.string().max(10_000),
};
export const CreateBookingBody = z
  .object({ id: z.uuid().optional(), ...BookingFields })
  .partial({ projectId: true, label: true, colour: true, tentative: true, notes: true });
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;
export const UpdateBookingBody = z.object({ ...BookingFields, version: z.number().int().optional() }).partial();
export type UpdateBookingBody = z.infer<typeof UpdateBookingBody>;
export const BookingSource = z.object({ type: z.literal('session'), id: z.uuid() });
export const Booking = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  resourceId: z.uuid(),
  projectId: z.uuid().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  label: z.string(),
  colour: z.string(),
  tentative: z.boolean(),
  notes: z.string(),
  /** Set when a programme session made the booking; it moves and goes with the session. */
  source: BookingSource.nullable(),
  createdBy: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Booking = z.infer<typeof Booking>;

export const BookingsQuery = z.object({
  resourceIds: z.string().optional(),
  projectId: z.uuid().optional(),
  from: Instant,
  to: Instant,
});
export const AvailabilityQuery = z.object({
  /** Comma-separated resource ids (1–50). */
  resourceIds: z.string().min(1),
  from: Instant,
  to: Instant,
});
export const FreeInterval = z.object({ startsAt: z.string(), endsAt: z.string() });
export const ResourceAvailability = z.object({
  resourceId: z.uuid(),
  /** Gaps between non-tentative bookings within `[from, to)`, in order. */
  free: z.array(FreeInterval),
  /** Tentative bookings in the window: pencilled in, they do not block. */
  tentative: z.array(FreeInterval),
});
export const Availability = z.object({ from: z.string(), to: z.string(), resources: z.array(ResourceAvailability) });
export type Availability = z.infer<typeof Availability>;

/** What a programme session reserves: the resources it is held in or needs. */
export const SessionReservationsBody = z.object({
  resourceIds: z
    .array(z.uuid())
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a resource'),
});
