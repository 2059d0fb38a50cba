import { z } from 'zod';
import { CursorQuery } from './organizations.ts';

/** Kinds of custom question an organiser can ask when people register. */
export const QuestionKind = z.enum(['short_text', 'long_text', 'single_choice', 'multiple_choice', 'checkbox']);
export type QuestionKind = z.infer<typeof QuestionKind>;

const QuestionFields = {
  label: z.string().trim().min(1).max(300),
  help: z.string().max(1000),
  kind: QuestionKind,
  required: z.boolean(),
  /** The choices of `single_choice` and `multiple_choice` questions (unique, 1–50). */
  options: z.array(z.string().trim().min(1).max(200)).max(50),
  sortOrder: z.number().int().min(0).max(10_000),
};

export const CreateQuestionBody = z
  .object(QuestionFields)
  .partial({ help: true, required: true, options: true, sortOrder: true });
export const UpdateQuestionBody = z.object(QuestionFields).partial();

export const Question = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  ...QuestionFields,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Question = z.infer<typeof Question>;

export const RequirementKind = z.enum(['equipment', 'skill', 'accessibility', 'other']);

/** Stable machine key of a requirement, e.g. `own-laptop`; the same key means the same thing across events. */
export const RequirementKey = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'lower-case letters, digits, - and _');

const RequirementFields = {
  /** Unique per event; acknowledged by key. */
  key: RequirementKey,
  label: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  kind: RequirementKind,
  sortOrder: z.number().int().min(0).max(10_000),
};

export const CreateRequirementBody = z.object(RequirementFields).partial({ description: true, sortOrder: true });
export const UpdateRequirementBody = z.object(RequirementFields).partial();

export const Requirement = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  ...RequirementFields,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Requirement = z.infer<typeof Requirement>;

export const RegistrationStatus = z.enum(['pending', 'confirmed', 'waitlisted', 'cancelled', 'declined']);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

/** One answer: text for text questions and single choice, a list for multiple choice, a boolean for a checkbox. */
export const Answer = z.union([z.string().max(5000), z.array(z.string().max(200)).max(50), z.boolean()]);
export const Answers = z.record(z.uuid(), Answer);
export type Answers = z.infer<typeof Answers>;

export const RegisterBody = z.object({
  /** Required for guests; a signed-in user registers with the account's address (may be left out). */
  email: z.email().max(320).optional(),
  /** Required for guests; defaults to the account's name for a signed-in user. */
  name: z.string().trim().min(1).max(200).optional(),
  /** Keyed by question id. */
  answers: Answers.default({}),
  /** Keys of every requirement of the event. */
  acknowledgedRequirements: z.array(z.string().max(60)).max(100).default([]),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

/** A registration as its attendee and the event's organisers see it. */
export const Registration = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  userId: z.uuid().nullable(),
  status: RegistrationStatus,
  /** 1…n while waitlisted, else null. */
  position: z.number().int().positive().nullable(),
  /** Unguessable; set once confirmed. */
  ticketCode: z.string().nullable(),
  email: z.string(),
  name: z.string(),
  answers: Answers,
  acknowledgedRequirements: z.array(z.string()),
  source: z.enum(['self', 'import']),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});
export type Registration = z.infer<typeof Registration>;

/** What the attendee sees of the event beside their registration. */
export const MyRegistration = Registration.extend({
  event: z.object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    timezone: z.string(),
    status: z.string(),
  }),
});
export type MyRegistration = z.infer<typeof MyRegistration>;

export const RegistrationListQuery = CursorQuery.extend({
  status: RegistrationStatus.optional(),
  /** A full email address is matched exactly (case-insensitive); any other text matches part of name or email. */
  q: z.string().trim().min(1).max(200).optional(),
});

export const RegistrationSummary = z.object({
  eventId: z.uuid(),
  counts: z.object({
    pending: z.number().int(),
    confirmed: z.number().int(),
    waitlisted: z.number().int(),
    cancelled: z.number().int(),
    declined: z.number().int(),
  }),
  /** null = unlimited. */
  capacity: z.number().int().nullable(),
  /** Free seats (never below 0); null when unlimited. */
  remaining: z.number().int().nullable(),
  /** Registrations checked in to the event itself (not counting session check-ins). */
  checkedIn: z.number().int(),
});
export type RegistrationSummary = z.infer<typeof RegistrationSummary>;

/** Organiser decisions that may seat someone beyond capacity only when asked to. */
/** Optional (no body is the same as `{}`). */
export const SeatBody = z.object({ overCapacity: z.boolean().optional() }).nullish();
/** Optional (no body is the same as `{}`). */
export const ReasonBody = z.object({ reason: z.string().max(1000).optional() }).nullish();

/** The secret of a registration's own link, as its emails give it (`…/registrations/{id}?token=`). */
export const RegistrationLinkToken = z.string().regex(/^[0-9a-f]{74}$/, 'must be the token from the link');
export type RegistrationLinkToken = z.infer<typeof RegistrationLinkToken>;

export const RegistrationLinkQuery = z.object({ token: RegistrationLinkToken });
export type RegistrationLinkQuery = z.infer<typeof RegistrationLinkQuery>;

/**
 * The answer to a guest's registration for an event that asks guests to
 * confirm their address first (202): nothing is registered yet; a link was
 * mailed to the address, and opening it registers them.
 */
export const AddressConfirmationSent = z.object({
  status: z.literal('address_confirmation_sent'),
  email: z.email(),
  expiresAt: z.string(),
});
export type AddressConfirmationSent = z.infer<typeof AddressConfirmationSent>;

/** The secret from the confirmation mail's link: the confirmation's id, an expiry and a MAC (106 hex digits). */
export const AddressConfirmationToken = z.string().regex(/^[0-9a-f]{106}$/, 'must be the token from the link');
export const AddressConfirmationBody = z.object({ token: AddressConfirmationToken });
export type AddressConfirmationBody = z.infer<typeof AddressConfirmationBody>;

/** A guest who lost their registration's link asks for a new one by address (`POST …/registrations/link-requests`). */
export const RegistrationLinkRequestBody = z.object({ email: z.email().max(320) });

export const CancelByLinkBody = z.object({ token: RegistrationLinkToken, reason: z.string().max(1000).optional() });
export type CancelByLinkBody = z.infer<typeof CancelByLinkBody>;

export const ImportRegistrationsBody = z.object({
  /** CSV text with the columns `email,name` (a header row with exactly those names is optional). */
  csv: z.string().min(1).max(2_000_000),
});
export const ImportRegistrationsResult = z.object({
  added: z.number().int(),
  confirmed: z.number().int(),
  waitlisted: z.number().int(),
  /** Rows whose address is already registered for the event (1-based line numbers). */
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

/** Whether and how someone can register right now (public). */
export const RegistrationForm = z.object({
  eventId: z.uuid(),
  state: z.enum(['open', 'not_yet_open', 'closed', 'full']),
  /** When open and full: new registrations go on the waiting list. */
  waitlist: z.boolean(),
  approvalRequired: z.boolean(),
  guestsAllowed: z.boolean(),
  /** Guests get a link by email and are registered when they open it. */
  confirmAddress: z.boolean(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  capacity: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
  questions: z.array(Question),
  requirements: z.array(Requirement),
});
export type RegistrationForm = z.infer<typeof RegistrationForm>;

export const LinkRegistrationsResult = z.object({ linked: z.number().int() });

/** A ticket code read at the door (any case; spaces and dashes ignored), optionally for one session. */
export const CheckInBody = z.object({
  code: z.string().trim().min(1).max(100),
  sessionId: z.uuid().optional(),
});
export const CheckInResult = z.object({
  registration: z.object({ id: z.uuid(), name: z.string(), email: z.string(), status: RegistrationStatus }),
  /** null: checked in to the event itself. */
  sessionId: z.uuid().nullable(),
  /** True when this code had already been checked in here: the answer is the earlier check-in. */
  alreadyCheckedIn: z.boolean(),
  checkedInAt: z.string(),
});
export type CheckInResult = z.infer<typeof CheckInResult>;
export const CheckInScopeQuery = z.object({ sessionId: z.uuid().optional() });

/** The requirement keys a user meets (their profile); `PUT` replaces the set. */
export const MyRequirementKeys = z.object({ keys: z.array(RequirementKey).max(200) });
export type MyRequirementKeys = z.infer<typeof MyRequirementKeys>;
