import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from './app.ts';
import { seedDemoOnFirstStart } from './cli/first-start.ts';
import type { Config } from './platform/config/config.ts';
import type { Role } from './platform/platform.ts';

/**
 * Runs a Foyer process until SIGTERM/SIGINT, then shuts down gracefully:
 * stop accepting, drain in-flight requests, stop workers, close the
 * database. A shutdown that takes longer than `SHUTDOWN_TIMEOUT_MS` exits 1.
 */
export async function runServer(config: Config, role: Role, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp(config, { ...options, role });
  await seedDemoOnFirstStart(app.platform, config, app.log);
  await app.listen({ host: config.host, port: config.port });
  if (app.metricsApp && config.metricsPort !== null) {
    await app.metricsApp.listen({ host: config.host, port: config.metricsPort });
    app.log.info({ port: config.metricsPort }, 'metrics served on their own port');
  }
  app.log.info({ url: config.publicUrl, role }, 'Foyer is ready');

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 2_000);
    timer.unref();
    try {
      await app.close();
      app.log.info('shut down cleanly');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return app;
}
