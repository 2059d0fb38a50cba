import {
  EmailPreviewBody,
  EmailTemplateOverrideBody,
  EmailTemplateSummary,
  EmailTemplateType,
  EmailTemplateView,
  EVENT_EMAIL_TEMPLATE_TYPES,
  items,
  RenderedEmail,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { eventParam, orgParam, requestMeta } from '../../platform/auth/request-context.ts';
import type { EmailTemplatesService } from './email-templates-service.ts';

const tags = ['email templates'];
const OrgParams = z.object({ orgId: z.uuid(), type: EmailTemplateType });
const EventParams = z.object({ eventId: z.uuid(), type: z.enum(EVENT_EMAIL_TEMPLATE_TYPES) });
const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));
const invalid =
  'A part that does not parse is refused with TEMPLATE_INVALID (422); each entry of `errors` names the part ' +
  '(`body.subject|html|text`), `line` and `column`. `{% include %}`, `{% render %}` and `{% layout %}` are refused.';

/** Organisation and event overrides of email templates, and previews with sample data. */
export function registerEmailTemplatesRoutes(app: FastifyInstance, s: { emailTemplates: EmailTemplatesService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const orgManage = { action: 'org.emailTemplates.manage' as const, organizationId: orgParam };
  const eventManage = { action: 'event.manage' as const, eventId: eventParam };
  // The access gate has found the event (404 when there is none) and its organization.
  const eventScope = (request: FastifyRequest & { params: { eventId: string } }) => ({
    organizationId: request.accessScope!.organizationId!,
    eventId: request.params.eventId,
  });

  r.get(
    '/api/v1/orgs/:orgId/email-templates',
    {
      config: { access: orgManage },
      schema: {
        tags,
        summary: 'The message types an organisation can word, and which it overrides',
        params: z.object({ orgId: z.uuid() }),
        response: { 200: items(EmailTemplateSummary) },
      },
    },
    async (request) => ({ items: await s.emailTemplates.list({ organizationId: request.params.orgId }) }),
  );
  r.get(
    '/api/v1/events/:eventId/email-templates',
    {
      config: { access: eventManage },
      schema: {
        tags,
        summary: 'The message types an event can word, which it overrides, and which its organisation does',
        params: z.object({ eventId: z.uuid() }),
        response: { 200: items(EmailTemplateSummary) },
      },
    },
    async (request) => ({ items: await s.emailTemplates.list(eventScope(request)) }),
  );
  r.get(
    '/api/v1/orgs/:orgId/email-templates/:type',
    {
      config: { access: orgManage },
      schema: {
        tags,
        summary: 'A message type as the organisation sends it: default, override, effective parts, variables',
        params: OrgParams,
        response: { 200: EmailTemplateView },
      },
    },
    async (request) => s.emailTemplates.view({ organizationId: request.params.orgId }, request.params.type),
  );
  r.put(
    '/api/v1/orgs/:orgId/email-templates/:type',
    {
      config: { access: orgManage },
      schema: {
        tags,
        summary: 'Override subject, HTML body and/or text of a message type for the whole organisation',
        description: `Parts set to null (or left out) keep Foyer's default. ${invalid}`,
        params: OrgParams,
        body: EmailTemplateOverrideBody,
        response: { 200: EmailTemplateView },
      },
    },
    async (request) =>
      s.emailTemplates.put({ organizationId: request.params.orgId }, request.params.type, request.body, by(request)),
  );
  r.delete(
    '/api/v1/orgs/:orgId/email-templates/:type',
    {
      config: { access: orgManage },
      schema: { tags, summary: 'Drop the organisation’s override (Foyer’s default applies again)', params: OrgParams },
    },
    async (request, reply) => {
      await s.emailTemplates.remove({ organizationId: request.params.orgId }, request.params.type, by(request));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/orgs/:orgId/email-templates/:type/preview',
    {
      config: { access: orgManage },
      schema: {
        tags,
        summary: 'Render (unsaved or stored) parts with sample data',
        description: `Parts left out are the stored effective ones; \`data\` replaces sample variables. ${invalid}`,
        params: OrgParams,
        body: EmailPreviewBody,
        response: { 200: RenderedEmail },
      },
    },
    async (request) =>
      s.emailTemplates.preview({ organizationId: request.params.orgId }, request.params.type, request.body),
  );

  r.get(
    '/api/v1/events/:eventId/email-templates/:type',
    {
      config: { access: eventManage },
      schema: {
        tags,
        summary: 'A message type as this event sends it (event override → organisation override → default)',
        params: EventParams,
        response: { 200: EmailTemplateView },
      },
    },
    async (request) => s.emailTemplates.view(eventScope(request), request.params.type),
  );
  r.put(
    '/api/v1/events/:eventId/email-templates/:type',
    {
      config: { access: eventManage },
      schema: {
        tags,
        summary: 'Override subject, HTML body and/or text of a message type for this event',
        description: `Parts set to null (or left out) fall back to the organisation's, then Foyer's. ${invalid}`,
        params: EventParams,
        body: EmailTemplateOverrideBody,
        response: { 200: EmailTemplateView },
      },
    },
    async (request) => s.emailTemplates.put(eventScope(request), request.params.type, request.body, by(request)),
  );
  r.delete(
    '/api/v1/events/:eventId/email-templates/:type',
    {
      config: { access: eventManage },
      schema: { tags, summary: 'Drop the event’s override', params: EventParams },
    },
    async (request, reply) => {
      await s.emailTemplates.remove(eventScope(request), request.params.type, by(request));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/events/:eventId/email-templates/:type/preview',
    {
      config: { access: eventManage },
      schema: {
        tags,
        summary: 'Render (unsaved or stored) parts of this event’s template with sample data',
        description: `Parts left out are the event's effective ones. ${invalid}`,
        params: EventParams,
        body: EmailPreviewBody,
        response: { 200: RenderedEmail },
      },
    },
    async (request) => s.emailTemplates.preview(eventScope(request), request.params.type, request.body),
  );
}
