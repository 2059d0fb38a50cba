import type { IncomingMessage } from 'node:http';
import fastifyCompress from '@fastify/compress';
import { ErrorCode } from '@foyer/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { modules } from './modules/index.ts';
import type { Config } from './platform/config/config.ts';
import { registerCors } from './platform/http/cors.ts';
import { EarlyAnswers } from './platform/http/early-answers.ts';
import { answerClientError, answerFrameworkError, answerUnmetExpectations } from './platform/http/framework-errors.ts';
import { registerOpenApi } from './platform/http/openapi.ts';
import { registerProblemHandlers, sendProblem } from './platform/http/problem.ts';
import { requestIdFor } from './platform/http/request-id.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { validatorCompiler } from './platform/http/validator.ts';
import { registerWebApp } from './platform/http/web-app.ts';
import { registerHttpMetrics } from './platform/observability/http-metrics.ts';
import { registerHealthRoutes, registerMetricsRoute } from './platform/observability/ops-routes.ts';
import { Platform, type PlatformOptions } from './platform/platform.ts';
import { registerAsyncApi } from './platform/realtime/asyncapi-route.ts';
import { registerRealtimeRoute } from './platform/realtime/realtime-route.ts';
import { registerSignedFileRoutes } from './platform/storage/signed-file-routes.ts';
import { registerSystemRoutes } from './platform/system/system-routes.ts';
import { FOYER_VERSION } from './platform/system/version.ts';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    /** Set when `METRICS_PORT` is configured: a separate server for `/metrics` only. */
    metricsApp: FastifyInstance | null;
    /** Answers given from memory before the rest of the pipeline; modules add theirs in `routes`. */
    earlyAnswers: EarlyAnswers;
  }
}

export interface BuildAppOptions extends PlatformOptions {
  /** Use an already started platform (it is then not stopped when the app closes). */
  platform?: Platform;
}

/**
 * Builds a Foyer server: starts the platform (database, migrations, jobs,
 * outbox, pub/sub, mail) and registers the HTTP surface for the role.
 * `main` and the tests both use it; tests call `app.inject`.
 */
export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const ownsPlatform = !options.platform;
  const platform = options.platform ?? new Platform(config, { ...options, modules: options.modules ?? modules });
  if (ownsPlatform) await platform.start();
  const activeModules = platform.modules.ordered;

  const rewrites = activeModules.flatMap((m) => (m.rewriteUrl ? [m.rewriteUrl.bind(m)] : []));
  // Typed as the default instance: pino's Logger is a FastifyBaseLogger, but the generics do not see it.
  const app = Fastify({
    ...(rewrites.length > 0
      ? { rewriteUrl: (req: IncomingMessage) => rewrites.reduce((url, rewrite) => rewrite(url), req.url ?? '/') }
      : {}),
    loggerInstance: platform.logger,
    genReqId: requestIdFor,
    bodyLimit: config.bodyLimitBytes,
    // A hop count trusts that many proxies nearest to us (proxy-addr counts hops from the socket's peer).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    // Headers and body must arrive within the request timeout; Node checks open connections every few seconds.
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(config.requestTimeoutMs, 60_000),
      connectionsCheckingInterval: Math.min(5_000, Math.max(250, Math.floor(config.requestTimeoutMs / 4))),
    },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Idle keep-alive sockets are closed on shutdown; in-flight requests are drained.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  answerUnmetExpectations(app.server);
  app.decorate('platform', platform);
  app.decorate('metricsApp', null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);
  platform.access.register(app);

  const earlyAnswers = new EarlyAnswers(config.corsOrigins);
  app.decorate('earlyAnswers', earlyAnswers);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (!earlyAnswers.answer(request, reply)) done();
  });
  // While draining, answers close their keep-alive connection; otherwise a
  // client's idle socket would hold the shutdown open until it times out.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  registerHttpMetrics(app, platform.metrics);
  // API answers of 1 KiB or more are compressed (brotli, else gzip) for clients that take it. Before any
  // route, since it hooks each route as it is added. Answers that set Content-Encoding themselves (the
  // catalogue's cached gzip copies, early answers, the web app's precompressed files) are left as they are.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], globalDecompression: false });

  registerSecurityHeaders(app);
  await registerCors(app, config.corsOrigins);

  // Swagger collects routes as they are added, so it goes first.
  if (platform.role !== 'worker') {
    await registerOpenApi(app, { version: FOYER_VERSION, publicUrl: config.publicUrl });
    registerAsyncApi(app, { version: FOYER_VERSION, publicUrl: config.publicUrl });
  }
  registerHealthRoutes(app, platform);
  if (config.metricsPort === null) {
    registerMetricsRoute(app, platform);
  } else {
    app.metricsApp = await buildMetricsApp(platform);
  }

  if (platform.role === 'worker') {
    // A worker answers probes only.
    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, ErrorCode.ROUTE_NOT_FOUND, 404, 'This process runs background work only.'),
    );
  } else {
    registerSystemRoutes(app, platform);
    registerSignedFileRoutes(app, platform.storage);
    await registerRealtimeRoute(app, platform.realtime, config);
    for (const m of activeModules) await m.routes?.(app, platform, platform.modules.withNeeds(m));
    await registerWebApp(app, config.webDist, {
      pageMetadata: activeModules.flatMap((m) =>
        m.pageMetadata ? [m.pageMetadata(platform, platform.modules.withNeeds(m))] : [],
      ),
    });
  }

  app.addHook('onClose', async () => {
    await app.metricsApp?.close();
    if (ownsPlatform) await platform.stop();
  });
  await app.ready();
  return app;
}

async function buildMetricsApp(platform: Platform): Promise<FastifyInstance> {
  const metricsApp = Fastify({ logger: false });
  registerMetricsRoute(metricsApp, platform);
  metricsApp.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, ErrorCode.ROUTE_NOT_FOUND, 404, 'This port serves /metrics only.'),
  );
  await metricsApp.ready();
  return metricsApp;
}
