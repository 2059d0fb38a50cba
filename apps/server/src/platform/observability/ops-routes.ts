import { Health, Readiness } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../platform.ts';

/** `/healthz` (alive) and `/readyz` (able to serve: database, migrations, queue, pub/sub). */
export function registerHealthRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    { schema: { tags: ['system'], summary: 'Liveness: the process is running', response: { 200: Health } } },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: database reachable, migrations applied, job queue started',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const checks = await platform.readiness();
      const ready = checks.every((c) => c.ok);
      reply.header('cache-control', 'no-store');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
}

/** Prometheus scrape endpoint. */
export function registerMetricsRoute(app: FastifyInstance, platform: Platform): void {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const { contentType, body } = await platform.metrics.render();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
}
