import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** Foyer's CORS settings for the configured origins (`CORS_ORIGINS`: a list, `*`, or none). */
export function corsOptionsFor(origins: string[] | '*'): FastifyCorsOptions {
  const named = Array.isArray(origins) && origins.length > 0;
  return {
    origin: origins === '*' ? '*' : named ? origins : false,
    // Cookies (the web app's refresh token) only for named origins, never for `*`.
    credentials: named,
    exposedHeaders: ['x-request-id', 'etag', 'retry-after'],
    maxAge: 600,
  };
}

/** Registers the CORS plugin with `corsOptionsFor(origins)`. */
export async function registerCors(app: FastifyInstance, origins: string[] | '*'): Promise<void> {
  await app.register(cors, corsOptionsFor(origins));
}

/**
 * The headers the CORS plugin adds to an answer for a request without an
 * `Origin` header (a CDN, a server, a same-origin page): they do not depend
 * on the request, so answers given before the plugin runs (early answers)
 * can carry them too. A test compares them with the plugin's own answers.
 */
export function corsHeadersWithoutOrigin(origins: string[] | '*'): Record<string, string> {
  const options = corsOptionsFor(origins);
  if (options.origin === false) return {};
  const headers: Record<string, string> = {};
  // The plugin marks every answer as varying by Origin unless one fixed origin string is allowed.
  if (typeof options.origin !== 'string') headers.vary = 'Origin';
  if (options.origin === '*') headers['access-control-allow-origin'] = '*';
  if (options.credentials) headers['access-control-allow-credentials'] = 'true';
  const exposed = options.exposedHeaders;
  if (exposed && exposed.length > 0) {
    headers['access-control-expose-headers'] = Array.isArray(exposed) ? exposed.join(', ') : exposed;
  }
  return headers;
}
