import { ErrorCode } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../http/problem.ts';
import type { FileStorage } from './file-storage.ts';
import { LocalFileStorage } from './local-storage.ts';
import { sendStored } from './send-stored.ts';

/**
 * `GET /files/{key}?expires=&signature=`: what a local signed URL points at.
 * The signature binds the key (and download name) to the expiry; on S3,
 * signed URLs are presigned and go to the bucket instead, so this route is
 * not registered.
 */
export function registerSignedFileRoutes(app: FastifyInstance, storage: FileStorage): void {
  if (!(storage instanceof LocalFileStorage)) return;
  app.route({
    method: ['GET', 'HEAD'],
    url: '/files/*',
    exposeHeadRoute: false,
    schema: { hide: true },
    handler: async (request, reply) => {
      const key = decodeURIComponent((request.params as { '*': string })['*']);
      const query = request.query as Record<string, string | undefined>;
      const verdict = (() => {
        try {
          return storage.verify(key, query);
        } catch {
          return 'invalid' as const;
        }
      })();
      if (verdict !== 'ok') {
        return sendProblem(
          request,
          reply,
          ErrorCode.SIGNED_URL_INVALID,
          403,
          verdict === 'expired' ? 'This link has expired.' : 'This link is not valid.',
        );
      }
      reply.header('cache-control', 'private, no-store');
      if (query.name) {
        reply.header('content-disposition', `attachment; filename="${query.name.replace(/["\\\r\n]/g, '_')}"`);
      }
      return sendStored(request, reply, storage, key, { contentType: 'application/octet-stream' });
    },
  });
}
