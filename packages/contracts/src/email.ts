import { z } from 'zod';
import { cursorParam } from './common.ts';

/** Every kind of message Foyer sends; each has a default subject, HTML and text part. */
export const EMAIL_TEMPLATE_TYPES = [
  'registration.confirmed',
  'registration.waitlisted',
  'registration.promoted',
  'registration.pending',
  'registration.declined',
  'registration.cancelled',
  'registration.reminder',
  'registration.link',
  'registration.address-confirmation',
  'organizer.assigned',
  'organizer.status_changed',
  'org.invitation',
  'org.member-added',
  'auth.verify-email',
  'auth.password-reset',
  'auth.magic-code',
  'auth.signup-existing',
] as const;
export const EmailTemplateType = z.enum(EMAIL_TEMPLATE_TYPES);
export type EmailTemplateType = z.infer<typeof EmailTemplateType>;

/** Types an event may override (the rest are about accounts or organisations, not one event). */
export const EVENT_EMAIL_TEMPLATE_TYPES = [
  'registration.confirmed',
  'registration.waitlisted',
  'registration.promoted',
  'registration.pending',
  'registration.declined',
  'registration.cancelled',
  'registration.reminder',
  'registration.link',
  'registration.address-confirmation',
  'organizer.assigned',
  'organizer.status_changed',
] as const satisfies readonly EmailTemplateType[];

const Part = z.string().max(100_000);

/** The three parts of a template, in LiquidJS. The HTML part is the message body inside Foyer's accessible layout. */
export const EmailTemplateParts = z.object({
  subject: z.string().min(1).max(500),
  html: Part,
  text: Part,
});
export type EmailTemplateParts = z.infer<typeof EmailTemplateParts>;

/** An override: any part left null falls back to the next level (event → organisation → default). */
export const EmailTemplateOverrideBody = z
  .object({
    subject: z.string().min(1).max(500).nullable().optional(),
    html: Part.nullable().optional(),
    text: Part.nullable().optional(),
  })
  .refine((b) => b.subject != null || b.html != null || b.text != null, {
    message: 'set at least one of subject, html, text',
  });
export type EmailTemplateOverrideBody = z.infer<typeof EmailTemplateOverrideBody>;

export const EmailTemplateOverride = z.object({
  subject: z.string().nullable(),
  html: z.string().nullable(),
  text: z.string().nullable(),
  updatedAt: z.string(),
});
export type EmailTemplateOverride = z.infer<typeof EmailTemplateOverride>;

export const EmailTemplateVariable = z.object({ name: z.string(), description: z.string() });

/** A template as seen from one level: the default, what is inherited, this level's override, the effective parts. */
export const EmailTemplateView = z.object({
  type: EmailTemplateType,
  scope: z.enum(['organization', 'event']),
  defaults: EmailTemplateParts,
  /** At event level, the organisation's override, if any. */
  inherited: EmailTemplateOverride.nullable(),
  override: EmailTemplateOverride.nullable(),
  effective: EmailTemplateParts,
  variables: z.array(EmailTemplateVariable),
  sampleData: z.record(z.string(), z.unknown()),
});
export type EmailTemplateView = z.infer<typeof EmailTemplateView>;

/** One message type in a level's list: whether this level overrides it, and (at event level) the organisation. */
export const EmailTemplateSummary = z.object({
  type: EmailTemplateType,
  overridden: z.boolean(),
  inherited: z.boolean(),
});
export type EmailTemplateSummary = z.infer<typeof EmailTemplateSummary>;

/** Preview: unsaved parts (or the stored ones when omitted) rendered with sample data (or the given data). */
export const EmailPreviewBody = z.object({
  subject: z.string().max(500).optional(),
  html: Part.optional(),
  text: Part.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type EmailPreviewBody = z.infer<typeof EmailPreviewBody>;

export const RenderedEmail = z.object({ subject: z.string(), html: z.string(), text: z.string() });
export type RenderedEmail = z.infer<typeof RenderedEmail>;

export const MailStatus = z.enum(['queued', 'stored', 'sent', 'failed']);
export type MailStatus = z.infer<typeof MailStatus>;

export const AdminMailListQuery = z.object({
  status: MailStatus.optional(),
  to: z.string().max(320).optional(),
  cursor: cursorParam().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AdminMailListQuery = z.infer<typeof AdminMailListQuery>;

export const AdminMailSummary = z.object({
  id: z.string(),
  template: z.string().nullable(),
  transport: z.enum(['outbox', 'smtp']),
  status: MailStatus,
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type AdminMailSummary = z.infer<typeof AdminMailSummary>;

export const AdminMailAttachment = z.object({
  filename: z.string(),
  contentType: z.string(),
  cid: z.string().nullable(),
  size: z.number().int(),
});

export const AdminMailDetail = AdminMailSummary.extend({
  html: z.string().nullable(),
  text: z.string(),
  replyTo: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  providerMessageId: z.string().nullable(),
  attachments: z.array(AdminMailAttachment),
});
export type AdminMailDetail = z.infer<typeof AdminMailDetail>;
