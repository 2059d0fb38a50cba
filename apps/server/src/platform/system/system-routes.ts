import { VersionInfo } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../platform.ts';
import { versionInfo } from './version.ts';

export function registerSystemRoutes(app: FastifyInstance, platform: Platform): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/version',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Version of this instance and the kind of each backing service',
        response: { 200: VersionInfo },
      },
    },
    async () => versionInfo(platform),
  );
}
