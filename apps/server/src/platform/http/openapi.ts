import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const API_DOCS_PATH = '/api/docs';

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, and the Scalar
 * reference UI served from the installed package (no CDN: Foyer must work
 * offline).
 */
export async function registerOpenApi(
  app: FastifyInstance,
  info: { version: string; publicUrl: string },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Foyer API',
        version: info.version,
        description:
          'The HTTP API of Foyer, the self-hostable platform for running events. Errors are RFC 9457 problem documents (`application/problem+json`) with a stable `code`.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: info.publicUrl }],
      tags: [{ name: 'system', description: 'Version, health and readiness' }],
    },
    transform: jsonSchemaTransform,
  });

  app.get(OPENAPI_PATH, { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());

  await app.register(async (docs) => {
    // The reference UI boots from an inline script; relax the CSP for these pages only.
    docs.addHook('onSend', async (_req, reply) => {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'",
      );
    });
    await docs.register(scalar, {
      routePrefix: API_DOCS_PATH,
      configuration: { url: OPENAPI_PATH, title: 'Foyer API reference' },
      logLevel: 'warn',
    });
  });
}
