import path from 'node:path';
import type { ErrorCode } from '@foyer/contracts';
import { FileStore } from '@tus/file-store';
import { S3Store } from '@tus/s3-store';
import { Server, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { orgParam } from '../../platform/auth/request-context.ts';
import { AppError, buildProblem, sendProblem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import type { LocalFileStorage } from '../../platform/storage/local-storage.ts';
import { S3FileStorage, s3ClientConfig } from '../../platform/storage/s3-storage.ts';
import { toMediaItem } from './media-dto.ts';
import type { MediaModuleServices } from './module-services.ts';

const BASE = '/api/v1/orgs/:orgId/media/resumable';
const TUS_PREFIX = 'tus/';

function problemBody(status: number, p: { code: ErrorCode; detail: string; errors?: unknown }): string {
  return JSON.stringify(buildProblem(p.code, status, p.detail, p.errors ? { errors: p.errors as never } : {}));
}

/** tus errors are `{ status_code, body }`; ours carry a problem document as the body. */
function tusError(err: unknown): { status_code: number; body: string } {
  if (err instanceof AppError) {
    return {
      status_code: err.status,
      body: JSON.stringify({ code: err.code, detail: err.message, errors: err.errors }),
    };
  }
  throw err;
}

/**
 * Resumable uploads (the tus protocol, `@tus/server`) for large files such as
 * videos: parts land in storage (`tus/…` on disk, or S3 multipart parts),
 * an interrupted upload resumes from the last byte the server has, and the
 * finished file becomes a media item (sniffed, hashed, within the quota).
 */
export async function registerResumableUploads(
  app: FastifyInstance,
  platform: Platform,
  { media }: MediaModuleServices,
): Promise<void> {
  const { storage, config } = platform;
  const datastore =
    storage instanceof S3FileStorage
      ? new S3Store({
          partSize: 8 * 1024 * 1024,
          s3ClientConfig: {
            ...s3ClientConfig(storage.settings),
            bucket: storage.bucket,
            // The SDK's default sends parts read from disk as aws-chunked bodies with a CRC trailer, which
            // S3-protocol servers other than AWS do not all understand (s3rver stores the chunk framing
            // as data). Checksums only where S3 requires them: the assembled file is hashed on adoption.
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
          },
        })
      : new FileStore({ directory: path.join((storage as LocalFileStorage).root, 'tus') });
  // On S3 the upload id is the object key (under tus/); on disk the store's directory is tus/.
  const keyOf = (id: string) => (storage instanceof S3FileStorage ? id : `${TUS_PREFIX}${id}`);
  const orgOf = (req: Request) =>
    /\/orgs\/([0-9a-f-]{36})\/media\/resumable/.exec(new URL(req.url).pathname)?.[1] ?? '';

  const tus = new Server({
    path: '/api/v1/orgs/_/media/resumable',
    datastore,
    maxSize: config.media.resumableLimitBytes,
    respectForwardedHeaders: config.trustProxy !== false,
    relativeLocation: true,
    namingFunction: () => `${storage instanceof S3FileStorage ? TUS_PREFIX : ''}${crypto.randomUUID()}`,
    generateUrl: (req, { id }) =>
      `/api/v1/orgs/${orgOf(req)}/media/resumable/${encodeURIComponent(id.replace(TUS_PREFIX, ''))}`,
    getFileIdFromRequest: (req) => {
      const last = new URL(req.url).pathname.split('/').pop();
      if (!last || last === 'resumable') return undefined;
      return `${storage instanceof S3FileStorage ? TUS_PREFIX : ''}${decodeURIComponent(last)}`;
    },
    onUploadCreate: async (req, upload: Upload) => {
      const organizationId = orgOf(req);
      try {
        if (upload.size) await media.assertRoomFor(organizationId, upload.size);
      } catch (err) {
        throw tusError(err);
      }
      return {
        metadata: {
          ...upload.metadata,
          organizationId,
          uploadedBy: req.headers.get('x-foyer-uploader') ?? '',
        },
      };
    },
    onIncomingRequest: async (req, id) => {
      if (req.method === 'POST' || req.method === 'OPTIONS') return;
      const upload = await datastore.getUpload(id).catch(() => null);
      if (upload && upload.metadata?.organizationId !== orgOf(req))
        throw { status_code: 404, body: 'Upload not found\n' };
    },
    // Every refusal as a problem document (tus sends plain text otherwise).
    onResponseError: (_req, err) => {
      if (!('status_code' in err)) platform.logger.warn({ err }, 'resumable upload failed');
      const status = 'status_code' in err ? err.status_code : 500;
      const body = 'body' in err ? err.body : 'Upload failed';
      if (body.startsWith('{')) return { status_code: status, body: problemBody(status, JSON.parse(body)) };
      const code =
        ({ 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 409: 'CONFLICT', 403: 'FORBIDDEN' } as const)[status as 404] ??
        'VALIDATION_FAILED';
      return { status_code: status, body: problemBody(status, { code, detail: body.trim() }) };
    },
    onUploadFinish: async (_req, upload: Upload) => {
      const meta = upload.metadata ?? {};
      try {
        const { row, deduplicated } = await media.adopt(String(meta.organizationId), keyOf(upload.id), {
          originalName: String(meta.filename ?? meta.name ?? 'upload'),
          uploadedBy: meta.uploadedBy || null,
        });
        await removeUploadInfo(upload.id);
        return {
          status_code: 200,
          headers: { 'content-type': 'application/json', 'foyer-media-id': row.id },
          body: JSON.stringify(toMediaItem(row, { deduplicated })),
        };
      } catch (err) {
        await removeUploadInfo(upload.id);
        throw tusError(err);
      }
    },
  });

  async function removeUploadInfo(id: string) {
    // The stores keep a description beside the data; the data itself is adopted (or refused) and deleted.
    await storage.delete(storage instanceof S3FileStorage ? `${id}.info` : `${TUS_PREFIX}${id}.json`).catch(() => {});
  }

  await app.register(async (scope) => {
    // tus reads the raw request body itself.
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    const handler = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
      if (request.headers['tus-resumable'] !== '1.0.0') {
        reply.header('tus-resumable', '1.0.0').header('tus-version', '1.0.0');
        return sendProblem(
          request,
          reply,
          'VALIDATION_FAILED',
          412,
          'Speak the tus 1.0.0 protocol (Tus-Resumable: 1.0.0).',
        );
      }
      reply.hijack();
      if (request.actor.kind === 'user') request.raw.headers['x-foyer-uploader'] = request.actor.userId;
      else delete request.raw.headers['x-foyer-uploader'];
      await tus.handle(request.raw, reply.raw);
    };
    const access = { action: 'media.manage' as const, organizationId: orgParam };
    scope.route({
      method: 'POST',
      url: BASE,
      config: { access },
      schema: { tags: ['media'], summary: 'Start a resumable upload (tus 1.0: creation)' },
      handler,
    });
    scope.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: `${BASE}/:uploadId`,
      exposeHeadRoute: false,
      config: { access },
      schema: {
        tags: ['media'],
        summary: 'Resume (HEAD for the offset, PATCH to append) or cancel a resumable upload',
      },
      handler,
    });
  });
}
