import { ASYNCAPI_PATH, asyncApiDocument } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';

/** Serves the AsyncAPI 3.0 document of the real-time protocol, generated from the contracts' schemas. */
export function registerAsyncApi(app: FastifyInstance, info: { version: string; publicUrl: string }): void {
  const document = asyncApiDocument(info);
  app.get(ASYNCAPI_PATH, { schema: { hide: true }, config: { access: 'public' } }, async () => document);
}
