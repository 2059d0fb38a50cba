import { ErrorCode, ImageQuery } from '@foyer/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendProblem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import { S3FileStorage } from '../../platform/storage/s3-storage.ts';
import { sendStored } from '../../platform/storage/send-stored.ts';
import type { ImageVariants } from './image-variants.ts';
import { type MediaRow, versionOf } from './media-dto.ts';
import type { MediaModuleServices } from './module-services.ts';
import { CONTENT_TYPES, chooseFormat, snap, type VariantSpec } from './variant-spec.ts';

const MediaParams = z.object({ mediaId: z.uuid() });
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Unversioned URLs of public media: browsers re-check soon, so a replaced file shows up. */
const REVALIDATE = 'public, max-age=60, must-revalidate';

/**
 * Serving media: the original (`/file`: ETag, 304, Range, HEAD) and resized
 * images (`/image?w=&h=&fit=&format=`). Public items by URL — immutable when
 * the URL names the current content version; private items only by a signed
 * URL (HMAC; on S3 a presigned redirect follows the check).
 */
export function registerMediaFileRoutes(
  app: FastifyInstance,
  platform: Platform,
  { media, variants }: MediaModuleServices,
) {
  const { storage } = platform;
  const sendVariant = createVariantSender(storage, variants);

  const itemOr404 = async (request: FastifyRequest, reply: FastifyReply): Promise<MediaRow | null> => {
    const parsed = MediaParams.safeParse(request.params);
    const row = parsed.success ? await media.forServing(parsed.data.mediaId) : null;
    if (!row) {
      sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'No such media item.');
      return null;
    }
    return row;
  };

  const cacheControl = (request: FastifyRequest, row: MediaRow) =>
    (request.query as { v?: string }).v === versionOf(row) ? IMMUTABLE : REVALIDATE;

  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/media/:mediaId/file',
    exposeHeadRoute: false,
    config: { access: 'public' },
    schema: {
      tags: ['media'],
      summary: 'The original file (public; private ones with a signed URL). Range, ETag, HEAD.',
    },
    handler: async (request, reply) => {
      const row = await itemOr404(request, reply);
      if (!row) return reply;
      const { expires, signature } = request.query as { expires?: string; signature?: string };
      if (signature !== undefined || row.visibility === 'private') {
        const verdict = media.verifySignature(row, expires, signature);
        if (verdict !== 'ok') {
          if (signature === undefined)
            return sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'No such media item.');
          return sendProblem(
            request,
            reply,
            ErrorCode.SIGNED_URL_INVALID,
            403,
            verdict === 'expired' ? 'This link has expired.' : 'This link is not valid for this file.',
          );
        }
        reply.header('cache-control', 'private, no-store');
        if (storage instanceof S3FileStorage) {
          // Checked here; the bytes come from the bucket for the rest of the link's life (at most 5 minutes).
          const left = Math.max(1, Math.min(300, Number(expires) - Math.floor(Date.now() / 1000)));
          return reply.redirect(
            await storage.signedUrl(row.storageKey, { expiresInSeconds: left, contentType: row.contentType }),
            302,
          );
        }
      } else {
        reply.header('cache-control', cacheControl(request, row));
      }
      reply.header('content-security-policy', "default-src 'none'; sandbox");
      return sendStored(request, reply, storage, row.storageKey, {
        contentType: row.contentType,
        etag: `"${row.sha256}"`,
        size: row.size,
      });
    },
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/media/:mediaId/image',
    exposeHeadRoute: false,
    config: { access: 'public' },
    schema: {
      tags: ['media'],
      summary: 'A public image resized into w×h (30–3000, widths snapped to a ladder), as AVIF, WebP or JPEG by Accept',
      querystring: ImageQuery,
    },
    handler: async (request, reply) => {
      const row = await itemOr404(request, reply);
      if (!row) return reply;
      if (row.visibility !== 'public')
        return sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'No such media item.');
      return sendVariant(request, reply, row, request.query as z.infer<typeof ImageQuery>, cacheControl(request, row));
    },
  });
}

/** Answers requests with variants of images: ETag, 304, Vary: Accept when negotiated (also used by the FestivalsApp adapter). */
export function createVariantSender(storage: FileStorage, variants: ImageVariants) {
  return async function sendVariant(
    request: FastifyRequest,
    reply: FastifyReply,
    row: MediaRow,
    query: { w?: number; h?: number; fit?: 'inside' | 'cover'; format?: VariantSpec['format'] },
    cache: string,
  ): Promise<FastifyReply> {
    const { format, negotiated } = chooseFormat(query.format, request.headers.accept);
    const spec: VariantSpec = { width: snap(query.w), height: snap(query.h), fit: query.fit ?? 'inside', format };
    if (negotiated) reply.header('vary', 'Accept');
    const variant = await variants.get(row, spec);
    const etag = `"${row.sha256.slice(0, 32)}-${variant.key.slice(variant.key.lastIndexOf('/') + 1)}"`;
    reply.header('cache-control', cache);
    if (variant.bytes) {
      reply.header('etag', etag);
      const inm = request.headers['if-none-match'];
      if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();
      reply.type(CONTENT_TYPES[format]).header('content-length', variant.size);
      return reply.send(request.method === 'HEAD' ? undefined : variant.bytes);
    }
    return sendStored(request, reply, storage, variant.key, {
      contentType: CONTENT_TYPES[format],
      etag,
      size: variant.size,
    });
  };
}
