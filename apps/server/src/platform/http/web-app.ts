import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.ts';

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PATHS = /^\/(api|healthz|readyz|metrics)(\/|$|\?)/;

/**
 * Serves the production build of the web app with an SPA fallback: any GET
 * for a page that is not a file gets `index.html`, which routes on the
 * client. Hashed assets are cached for a year; `index.html` never is, so a
 * deploy is picked up at once. Everything else unknown is a 404 problem.
 */
export async function registerWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  const indexPath = path.join(webDist, 'index.html');
  const hasBuild = fs.existsSync(indexPath);
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      // `/` is served index.html (no-cache via setHeaders); other pages come from the fallback below.
      index: ['index.html'],
      wildcard: true,
      cacheControl: false,
      setHeaders(res, filePath) {
        const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.log.warn({ webDist }, 'web app build not found; run `npm run build` to serve the web app');
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (hasBuild && wantsPage(request)) {
      reply.header('cache-control', 'no-cache');
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(indexPath));
    }
    return sendProblem(
      request,
      reply,
      ErrorCode.ROUTE_NOT_FOUND,
      404,
      `No route ${request.method} ${request.url.split('?')[0]}.`,
    );
  });
}

function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (SERVER_PATHS.test(request.url)) return false;
  // A missing file with an extension (e.g. /logo.png) is a 404, not a page.
  if (path.extname(request.url.split('?')[0] ?? '') !== '') return false;
  const accept = request.headers.accept ?? '*/*';
  return accept.includes('text/html') || accept.includes('*/*');
}
