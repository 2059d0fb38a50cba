import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.ts';

/**
 * Counts and times every request by route pattern (not raw URL, which
 * would explode label cardinality); unmatched requests share one label.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.http.record(
      request.method,
      request.routeOptions.url ?? '__unmatched__',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
