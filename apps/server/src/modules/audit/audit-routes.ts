import { AuditEntry, AuditLogQuery, page } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orgParam } from '../../platform/auth/request-context.ts';
import type { AuditService } from './audit-service.ts';

export function registerAuditRoutes(app: FastifyInstance, { audit }: { audit: AuditService }): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/orgs/:orgId/audit-log',
    {
      config: { access: { action: 'org.auditLog.read', organizationId: orgParam } },
      schema: {
        tags: ['audit'],
        summary: 'The organization’s audit log, newest first',
        params: z.object({ orgId: z.uuid() }),
        querystring: AuditLogQuery,
        response: { 200: page(AuditEntry) },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, nextCursor } = await audit.list({
        organizationId: request.params.orgId,
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.actorId ? { actorId: q.actorId } : {}),
        ...(q.targetId ? { targetId: q.targetId } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
      });
      return {
        nextCursor,
        items: items.map((e) => ({
          id: String(e.id),
          organizationId: e.organizationId,
          actorType: e.actorType,
          actorId: e.actorId,
          action: e.action,
          targetType: e.targetType,
          targetId: e.targetId,
          ip: e.ip,
          userAgent: e.userAgent,
          metadata: e.metadata,
          createdAt: e.createdAt.toISOString(),
        })),
      };
    },
  );
}
