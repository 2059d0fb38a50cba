import multipart from '@fastify/multipart';
import { ErrorCode } from '@foyer/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  createVariantSender,
  type ImageFormat,
  type MediaModuleServices,
  type MediaRow,
  mediaErrors,
  snapDown,
} from '../../modules/media/index.ts';
import { sendProblem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { sendStored } from '../../platform/storage/send-stored.ts';

/** The FestivalsApp file server's upload limit. */
const LIMIT_BYTES = 10 * 1024 * 1024;
const PREFIX = '/compat/festivals/files';

const FileParams = z.object({ file: z.string().regex(/^[0-9a-f-]{36}\.[a-z0-9]{2,5}$/) });
const SizeQuery = z.object({
  width: z.coerce.number().int().positive().optional(),
  height: z.coerce.number().int().positive().optional(),
});

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};
const SAME_FORMAT: Record<string, ImageFormat> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
};

/** The file name the FestivalsApp knows a file by: the media item's id and its extension. */
const fileNameOf = (row: MediaRow) => `${row.id}.${EXTENSIONS[row.contentType] ?? 'bin'}`;

/**
 * The FestivalsApp file server over Foyer's media (an adapter: the rules —
 * sniffing, quota, variants, caching — are the media module's):
 * `POST /images/upload` (field `image`, ≤ 10 MB) answers the file name,
 * `GET /images/{file}?width=&height=` fits the image into the box (each side
 * 30–3000, rounded down to Foyer's width ladder so the result always fits),
 * `PATCH /images/{file}` replaces it and drops its cached sizes; the same for
 * PDFs under `/pdf` (field `pdf`). Writes need an API key with
 * `catalog:write` (the file belongs to the key's organization) or a member's
 * token with `X-Foyer-Organization`; reads are public by file name.
 */
export async function registerFestivalsFilesRoutes(
  app: FastifyInstance,
  platform: Platform,
  { media, variants }: MediaModuleServices,
): Promise<void> {
  const sendVariant = createVariantSender(platform.storage, variants);
  const writerOrg = (request: FastifyRequest) => {
    if (request.actor.kind === 'apiKey') return request.actor.organizationId;
    const header = request.headers['x-foyer-organization'];
    return typeof header === 'string' && /^[0-9a-f-]{36}$/.test(header) ? header : undefined;
  };
  const write = { access: { action: 'media.manage' as const, organizationId: writerOrg } };

  const itemOf = async (request: FastifyRequest, reply: FastifyReply, kind: 'image' | 'document') => {
    const parsed = FileParams.safeParse(request.params);
    const row = parsed.success ? await media.store.byId(parsed.data.file.split('.')[0]!) : null;
    if (!row || row.kind !== kind || row.visibility !== 'public' || fileNameOf(row) !== parsed.data?.file) {
      sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'No such file.');
      return null;
    }
    return row;
  };

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: LIMIT_BYTES, files: 1 } });
    for (const [path, field, kind] of [
      ['images', 'image', 'image'],
      ['pdf', 'pdf', 'document'],
    ] as const) {
      const upload = async (request: FastifyRequest) => {
        const file = await request.file();
        if (!file || file.fieldname !== field) {
          file?.file.resume();
          throw mediaErrors.noFileField(field);
        }
        return {
          file,
          meta: {
            originalName: file.filename,
            uploadedBy: request.actor.kind === 'user' ? request.actor.userId : null,
            allowedKinds: [kind],
            truncated: () => file.file.truncated,
            limitBytes: LIMIT_BYTES,
            // The FestivalsApp protocol has no alt text; its images are public by file name.
            visibility: 'public' as const,
          },
        };
      };

      scope.post(
        `${PREFIX}/${path}/upload`,
        {
          config: write,
          schema: {
            tags: ['compat: festivals files'],
            summary: `Upload (multipart field \`${field}\`, ≤ 10 MB); answers the file name`,
          },
        },
        async (request, reply) => {
          const { file, meta } = await upload(request);
          const { row } = await media.ingest(writerOrg(request)!, file.file, meta);
          return reply.status(201).type('text/plain; charset=utf-8').send(fileNameOf(row));
        },
      );

      scope.patch(
        `${PREFIX}/${path}/:file`,
        {
          config: write,
          schema: { tags: ['compat: festivals files'], summary: 'Replace the file (its cached sizes are dropped)' },
        },
        async (request, reply) => {
          const row = await itemOf(request, reply, kind);
          if (!row) return reply;
          if (row.organizationId !== writerOrg(request)) {
            return sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'No such file.');
          }
          const { file, meta } = await upload(request);
          const updated = await media.replaceContent(row.id, file.file, meta);
          variants.forget(updated);
          return reply.type('text/plain; charset=utf-8').send(fileNameOf(updated));
        },
      );
    }
  });

  app.get(
    `${PREFIX}/images/:file`,
    {
      config: { access: 'public' },
      schema: { tags: ['compat: festivals files'], summary: 'An image, fitted into width × height when given' },
    },
    async (request, reply) => {
      const row = await itemOf(request, reply, 'image');
      if (!row) return reply;
      const size = SizeQuery.safeParse(request.query);
      if (!size.success)
        return sendProblem(request, reply, ErrorCode.VALIDATION_FAILED, 422, 'width and height are whole numbers.');
      const { width, height } = size.data;
      // The file name names the content until it is replaced: revalidate rather than cache forever.
      const cache = 'public, max-age=60, must-revalidate';
      if (width === undefined && height === undefined) {
        reply.header('cache-control', cache);
        return sendStored(request, reply, platform.storage, row.storageKey, {
          contentType: row.contentType,
          etag: `"${row.sha256}"`,
          size: row.size,
        });
      }
      return sendVariant(
        request,
        reply,
        row,
        { w: snapDown(width), h: snapDown(height), fit: 'inside', format: SAME_FORMAT[row.contentType] ?? 'jpeg' },
        cache,
      );
    },
  );

  app.get(
    `${PREFIX}/pdf/:file`,
    { config: { access: 'public' }, schema: { tags: ['compat: festivals files'], summary: 'A PDF' } },
    async (request, reply) => {
      const row = await itemOf(request, reply, 'document');
      if (!row) return reply;
      reply.header('cache-control', 'public, max-age=60, must-revalidate');
      return sendStored(request, reply, platform.storage, row.storageKey, {
        contentType: row.contentType,
        etag: `"${row.sha256}"`,
        size: row.size,
      });
    },
  );
}
