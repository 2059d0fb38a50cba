import { AdminMailDetail, AdminMailListQuery, AdminMailSummary, page } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/http/problem.ts';
import type { StoredMail } from '../../platform/mail/mail-message.ts';
import type { Platform } from '../../platform/platform.ts';
import { maskCredentials } from './outbox-masking.ts';

const tags = ['admin'];
const access = { action: 'platform.mail.read' as const };

function summary(m: StoredMail): AdminMailSummary {
  return {
    id: m.id,
    template: m.template,
    transport: m.transport,
    status: m.status,
    from: m.from,
    to: m.to,
    subject: m.subject,
    attempts: m.attempts,
    error: m.error,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  };
}

/** The outbox viewer for platform admins: every message, its delivery state, and its rendered parts. */
export function registerAdminMailRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/admin/mail',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Messages, newest first; filter by status (queued, stored, sent, failed) and recipient',
        description:
          '`failed` messages exhausted their delivery retries; `error` keeps the last error. Platform admins only.',
        querystring: AdminMailListQuery,
        response: { 200: page(AdminMailSummary) },
      },
    },
    async (request) => {
      const { items, nextCursor } = await platform.mail.page(request.query);
      return { items: items.map(summary), nextCursor };
    },
  );
  r.get(
    '/api/v1/admin/mail/:mailId',
    {
      config: { access },
      schema: {
        tags,
        summary: 'One message with its rendered parts (links without their tokens) and attachments (metadata)',
        params: z.object({ mailId: z.uuid() }),
        response: { 200: AdminMailDetail },
      },
    },
    async (request) => {
      const m = await platform.mail.get(request.params.mailId);
      if (!m) throw notFound('No such message.');
      return {
        ...summary(m),
        html: maskCredentials(m.html, m.template),
        text: maskCredentials(m.text, m.template),
        replyTo: m.replyTo,
        headers: m.headers,
        providerMessageId: m.providerMessageId,
        attachments: (m.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          cid: a.cid ?? null,
          size: Buffer.from(a.contentBase64, 'base64').length,
        })),
      };
    },
  );
}
