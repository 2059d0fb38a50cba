import {
  AdminMailDetail,
  AdminMailSummary,
  type EmailPreviewBody,
  type EmailTemplateOverrideBody,
  EmailTemplateSummary,
  type EmailTemplateType,
  EmailTemplateView,
  type MailStatus,
  page,
  RenderedEmail,
} from '@foyer/contracts';
import { z } from 'zod';
import { type HttpOptions, request } from './http.ts';

const MailPage = page(AdminMailSummary);

/** Filters of the admins' outbox (see the contracts' `AdminMailListQuery`). */
export type MailFilter = { status?: MailStatus; to?: string; cursor?: string; limit?: number };

/** Where a template lives: an organisation, or one event (whose override wins over the organisation's). */
export type TemplateLevel = { orgId: string } | { eventId: string };

const TemplateList = z.object({ items: z.array(EmailTemplateSummary) });

const base = (level: TemplateLevel, type: EmailTemplateType | null) => {
  const root =
    'eventId' in level
      ? `/api/v1/events/${encodeURIComponent(level.eventId)}/email-templates`
      : `/api/v1/orgs/${encodeURIComponent(level.orgId)}/email-templates`;
  return type ? `${root}/${encodeURIComponent(type)}` : root;
};

/** Email templates of an organisation or an event: view, override, drop the override, preview. */
export function emailTemplatesApi(options: HttpOptions) {
  return {
    /** Every type the level can word, with `overridden` (here) and `inherited` (by the organisation, at event level). */
    list: (level: TemplateLevel, signal?: AbortSignal) =>
      request(options, base(level, null), { schema: TemplateList, signal }),
    get: (level: TemplateLevel, type: EmailTemplateType, signal?: AbortSignal) =>
      request(options, base(level, type), { schema: EmailTemplateView, signal }),
    /** Refused with TEMPLATE_INVALID (422) when a part does not parse; `errors[].line/column` say where. */
    put: (level: TemplateLevel, type: EmailTemplateType, body: z.input<typeof EmailTemplateOverrideBody>) =>
      request(options, base(level, type), { method: 'PUT', body, schema: EmailTemplateView }),
    remove: (level: TemplateLevel, type: EmailTemplateType) =>
      request(options, base(level, type), { method: 'DELETE', schema: null }),
    preview: (level: TemplateLevel, type: EmailTemplateType, body: z.input<typeof EmailPreviewBody> = {}) =>
      request(options, `${base(level, type)}/preview`, { method: 'POST', body, schema: RenderedEmail }),
  };
}

/** The outbox for platform admins: every message with its delivery state. */
export function adminMailApi(options: HttpOptions) {
  return {
    list: (filter: MailFilter = {}, signal?: AbortSignal) =>
      request(options, '/api/v1/admin/mail', { schema: MailPage, query: { ...filter }, signal }),
    get: (mailId: string, signal?: AbortSignal) =>
      request(options, `/api/v1/admin/mail/${encodeURIComponent(mailId)}`, { schema: AdminMailDetail, signal }),
  };
}
