import { z } from 'zod';
import { cursorParam, instant } from './common.ts';

/**
 * How an event decides who attended well enough to be eligible (for CPD
 * credit, certificates). Without a rule: `minimum_minutes` when the CPD
 * settings give minimumAttendanceMinutes, else `minimum_percent` when they
 * give minimumAttendancePercent, else `check_in`.
 */
export const AttendanceRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('check_in') }).describe('Any attendance entry (a check-in at the door is enough)'),
  z.object({ kind: z.literal('minimum_minutes'), minutes: z.number().int().min(1).max(100_000) }),
  z.object({ kind: z.literal('minimum_percent'), percent: z.number().min(1).max(100) }),
  z.object({ kind: z.literal('all_mandatory_sessions') }).describe('Every session marked mandatory'),
  z.object({ kind: z.literal('session_percent'), percent: z.number().min(1).max(100) }),
  z.object({ kind: z.literal('minimum_sessions'), count: z.number().int().min(1).max(10_000) }),
]);
export type AttendanceRule = z.infer<typeof AttendanceRule>;

export const AttendanceSource = z.enum(['checkin', 'manual', 'zoom', 'venue']);

export const AttendanceEntry = z.object({
  id: z.uuid(),
  registrationId: z.uuid(),
  sessionId: z.uuid().nullable(),
  source: AttendanceSource,
  sourceRef: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  minutes: z.number().int(),
  note: z.string(),
  createdAt: z.string(),
});
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;

export const AttendanceOverride = z.object({
  attended: z.boolean().nullable(),
  eligible: z.boolean().nullable(),
  reason: z.string(),
  decidedBy: z.string().nullable(),
  updatedAt: z.string(),
});

export const AttendanceSummary = z.object({
  registrationId: z.uuid(),
  name: z.string(),
  email: z.string(),
  status: z.string(),
  /** Minutes covered by the ledger (overlapping entries count once), inside the event's time. */
  totalMinutes: z.number().int(),
  /** Percent of the event's duration. */
  percent: z.number(),
  sessionsAttended: z.number().int(),
  mandatorySessionsMissed: z.number().int(),
  /** The result after any override. */
  attended: z.boolean(),
  eligible: z.boolean(),
  /** What the rule alone says. */
  computed: z.object({ attended: z.boolean(), eligible: z.boolean() }),
  override: AttendanceOverride.nullable(),
});
export type AttendanceSummary = z.infer<typeof AttendanceSummary>;

export const RegistrationAttendance = z.object({
  rule: AttendanceRule,
  summary: AttendanceSummary,
  entries: z.array(AttendanceEntry),
});

export const AttendanceListQuery = z.object({
  cursor: cursorParam().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const RecordAttendanceBody = z
  .object({
    registrationId: z.uuid(),
    sessionId: z.uuid().optional().describe('A session of the event; its time is the default'),
    source: z.enum(['manual', 'zoom', 'venue']).default('manual'),
    sourceRef: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Unique per source: recording the same reference again changes nothing'),
    startedAt: instant().optional().describe('Default: the session’s or event’s start'),
    endedAt: instant().optional().describe('Default: the session’s or event’s end'),
    note: z.string().max(1000).optional(),
  })
  .refine((b) => !b.startedAt || !b.endedAt || Date.parse(b.endedAt) >= Date.parse(b.startedAt), {
    message: 'endedAt must not be before startedAt',
    path: ['endedAt'],
  });

export const AttendanceOverrideBody = z.object({
  attended: z.boolean().nullable().optional().describe('null or absent: no override'),
  eligible: z.boolean().nullable().optional().describe('null or absent: no override'),
  reason: z.string().trim().min(1).max(1000),
});
