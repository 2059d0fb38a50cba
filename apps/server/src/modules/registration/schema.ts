import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { events, sessions } from '../catalog/schema.ts';
import { users } from '../identity/schema.ts';

export type QuestionKind = 'short_text' | 'long_text' | 'single_choice' | 'multiple_choice' | 'checkbox';
export type RequirementKind = 'equipment' | 'skill' | 'accessibility' | 'other';
export type RegistrationStatus = 'pending' | 'confirmed' | 'waitlisted' | 'cancelled' | 'declined';

/** A custom question of an event's registration form. */
export const registrationQuestions = pgTable(
  'registration_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    label: text('label').notNull(),
    help: text('help').notNull().default(''),
    kind: text('kind').notNull().$type<QuestionKind>(),
    required: boolean('required').notNull().default(false),
    options: jsonb('options').notNull().$type<string[]>().default([]),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('registration_questions_event_idx').on(t.eventId, t.sortOrder)],
);

/** Something a participant must bring, know or be aware of; acknowledged when registering. */
export const eventRequirements = pgTable(
  'event_requirements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind').notNull().$type<RequirementKind>(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('event_requirements_event_key_idx').on(t.eventId, t.key)],
);

/**
 * A person's registration for an event. Email, name and answers are
 * personal data: encrypted, the email found by its blind index.
 */
export const registrations = pgTable(
  'registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    /** The account it belongs to; null for a guest until they verify this address. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').notNull().$type<RegistrationStatus>(),
    /** Dense 1…n among the event's waitlisted registrations; null otherwise. */
    waitlistPosition: integer('waitlist_position'),
    ticketCode: text('ticket_code'),
    /** Bumped when a new link is mailed: links of older versions stop working. */
    linkVersion: integer('link_version').notNull().default(1),
    emailEncrypted: text('email_encrypted').notNull(),
    emailHash: text('email_hash').notNull(),
    nameEncrypted: text('name_encrypted').notNull(),
    answersEncrypted: text('answers_encrypted').notNull(),
    acknowledgedRequirements: jsonb('acknowledged_requirements').notNull().$type<string[]>().default([]),
    source: text('source').notNull().$type<'self' | 'import'>().default('self'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    // One live registration per address and event; cancelled or declined people may register again.
    uniqueIndex('registrations_event_email_active_idx')
      .on(t.eventId, t.emailHash)
      .where(sql`${t.status} in ('pending', 'confirmed', 'waitlisted')`),
    uniqueIndex('registrations_ticket_code_idx').on(t.ticketCode),
    index('registrations_event_created_idx').on(t.eventId, t.createdAt, t.id),
    index('registrations_event_waitlist_idx').on(t.eventId, t.waitlistPosition).where(sql`${t.status} = 'waitlisted'`),
    index('registrations_user_idx').on(t.userId),
    index('registrations_unlinked_email_idx').on(t.emailHash).where(sql`${t.userId} is null`),
  ],
);

/**
 * A guest's registration waiting for them to confirm their address (events
 * with `registration.confirmAddress`): the request as they sent it,
 * encrypted, until they open the mailed link — then it is registered as
 * if sent just then. One per address and event; asking again replaces it.
 */
export const registrationAddressConfirmations = pgTable(
  'registration_address_confirmations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    emailHash: text('email_hash').notNull(),
    /** The registration request (RegisterBody), encrypted: address, name and answers. */
    requestEncrypted: text('request_encrypted').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set once confirmed: the registration it became. */
    registrationId: uuid('registration_id').references(() => registrations.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('registration_address_confirmations_event_email_idx').on(t.eventId, t.emailHash),
    index('registration_address_confirmations_expires_idx').on(t.expiresAt),
  ],
);

/**
 * One row per event with registrations: the lock every seat decision takes,
 * and the counts it decides on (kept in the same transactions as the rows).
 */
export const registrationCounters = pgTable('registration_counters', {
  eventId: uuid('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  confirmed: integer('confirmed').notNull().default(0),
  waitlisted: integer('waitlisted').notNull().default(0),
});

/** `Idempotency-Key`s of registration requests: the same key and body answer the same registration. */
export const registrationIdempotencyKeys = pgTable(
  'registration_idempotency_keys',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the caller and the canonical request body (no personal data in clear). */
    requestHash: text('request_hash').notNull(),
    // No foreign key: the key row is written first in the transaction, before its registration exists.
    registrationId: uuid('registration_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.key] })],
);

/**
 * A confirmed registration checked in at the door of the event (no
 * session) or of one session. At most one per registration and session.
 */
export const checkIns = pgTable(
  'check_ins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull().defaultNow(),
    /** The user or API key that checked them in. */
    checkedInBy: uuid('checked_in_by'),
  },
  (t) => [
    // Two partial indexes rather than NULLS NOT DISTINCT, which PostgreSQL 14 lacks.
    uniqueIndex('check_ins_event_door_idx').on(t.registrationId).where(sql`${t.sessionId} is null`),
    uniqueIndex('check_ins_session_idx').on(t.registrationId, t.sessionId).where(sql`${t.sessionId} is not null`),
    index('check_ins_event_idx').on(t.eventId, t.sessionId),
  ],
);

/** Requirement keys a user says they meet (e.g. `own-laptop`), for finding events that fit them. */
export const userRequirementKeys = pgTable(
  'user_requirement_keys',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

export type AttendanceSource = 'checkin' | 'manual' | 'zoom' | 'venue';

/**
 * The attendance ledger: every source (door check-ins, manual entries, later
 * Zoom and venue systems) writes here. `(source, source_ref)` is unique, so
 * ingesting the same record twice changes nothing.
 */
export const attendanceEntries = pgTable(
  'attendance_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    /** Null: the event as a whole. */
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    source: text('source').notNull().$type<AttendanceSource>(),
    sourceRef: text('source_ref').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    minutes: integer('minutes').notNull(),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('attendance_entries_source_ref_idx').on(t.source, t.sourceRef),
    index('attendance_entries_registration_idx').on(t.registrationId),
    index('attendance_entries_event_idx').on(t.eventId),
  ],
);

/** An organiser's decision that overrides the computed attendance result of one registration. */
export const attendanceOverrides = pgTable('attendance_overrides', {
  registrationId: uuid('registration_id')
    .primaryKey()
    .references(() => registrations.id, { onDelete: 'cascade' }),
  eventId: uuid('event_id')
    .notNull()
    .references(() => events.id, { onDelete: 'cascade' }),
  attended: boolean('attended'),
  eligible: boolean('eligible'),
  reason: text('reason').notNull(),
  decidedBy: uuid('decided_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row per reminder mail: inserted in the transaction that queues it, so each goes out once. */
export const remindersSent = pgTable(
  'reminders_sent',
  {
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    offsetMinutes: integer('offset_minutes').notNull(),
    mailId: uuid('mail_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.registrationId, t.offsetMinutes] })],
);

/** One row per event and UTC day whose organisers' report was queued. */
export const dailyReportsSent = pgTable(
  'daily_reports_sent',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.day] })],
);
