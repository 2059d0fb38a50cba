import multipart from '@fastify/multipart';
import {
  AttachMediaBody,
  items,
  MEDIA_ROLES_BY_SUBJECT,
  MediaAttachment,
  MediaAttachmentRole,
  MediaItem,
  MediaListQuery,
  MediaUsage,
  page,
  SignedMediaUrl,
  UpdateMediaBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orgParam } from '../../platform/auth/request-context.ts';
import type { Platform } from '../../platform/platform.ts';
import { toMediaItem } from './media-dto.ts';
import { mediaErrors } from './media-errors.ts';
import type { MediaModuleServices } from './module-services.ts';
import { ResizePool } from './resize-pool.ts';
import type { MediaSubjectType } from './schema.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const MediaParams = z.object({ mediaId: z.uuid() });
const SignedUrlBody = z.object({
  expiresInSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(3600),
});
const Quota = z.object({ usedBytes: z.number(), quotaBytes: z.number() });

const mediaIdOf = (request: FastifyRequest) => (request.params as { mediaId: string }).mediaId;

/** The actor's user id, when a user (not an API key) uploads. */
export const uploaderOf = (request: FastifyRequest) => (request.actor.kind === 'user' ? request.actor.userId : null);

/**
 * The organization's media library over HTTP: multipart upload, list and
 * search, edit, where used, delete, signed links, and attaching images to
 * events, people and locations.
 */
export async function registerMediaRoutes(app: FastifyInstance, platform: Platform, s: MediaModuleServices) {
  const { media } = s;
  const limit = platform.config.media.uploadLimitBytes;
  const mediaOrg = (request: FastifyRequest) => media.organizationOf(mediaIdOf(request));
  const tags = ['media'];
  // A burst of uploads streams a few at a time: each one in flight holds buffers in every stage
  // (socket, multipart parser, hashing, file write), the others wait with their bodies unread.
  const uploads = new ResizePool(platform.config.media.uploadConcurrency, Number.POSITIVE_INFINITY);

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: limit, files: 1, fields: 10, fieldSize: 4096 } });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/v1/orgs/:orgId/media',
      {
        config: { access: { action: 'media.manage', organizationId: orgParam } },
        schema: {
          tags,
          summary: 'Upload a file (multipart field `file`, streamed); its type is sniffed from the bytes',
          params: OrgParams,
          response: { 200: MediaItem, 201: MediaItem },
        },
      },
      async (request, reply) => {
        const { row, deduplicated } = await uploads.run(async () => {
          const file = await request.file();
          if (!file) throw mediaErrors.noFile();
          const declared = Number(request.headers['content-length']);
          return media.ingest(request.params.orgId, file.file, {
            originalName: file.filename,
            uploadedBy: uploaderOf(request),
            // The body is the file plus a few hundred bytes of multipart framing.
            declaredSize: Number.isFinite(declared) ? Math.max(0, declared - 4096) : null,
            truncated: () => file.file.truncated,
            limitBytes: limit,
          });
        });
        return reply.status(deduplicated ? 200 : 201).send(toMediaItem(row, { deduplicated }));
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/orgs/:orgId/media',
    {
      config: { access: { action: 'media.read', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'The organization’s media, newest first; filter by kind, search names and alt text',
        params: OrgParams,
        querystring: MediaListQuery,
        response: { 200: page(MediaItem) },
      },
    },
    async (request) => media.list(request.params.orgId, request.query),
  );
  r.get(
    '/api/v1/orgs/:orgId/media-quota',
    {
      config: { access: { action: 'media.read', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Bytes of media the organization keeps and may keep',
        params: OrgParams,
        response: { 200: Quota },
      },
    },
    async (request) => media.quota(request.params.orgId),
  );
  r.get(
    '/api/v1/media/:mediaId',
    {
      config: { access: { action: 'media.read', organizationId: mediaOrg } },
      schema: { tags, summary: 'One media item', params: MediaParams, response: { 200: MediaItem } },
    },
    async (request) => toMediaItem(await media.get(request.params.mediaId)),
  );
  r.patch(
    '/api/v1/media/:mediaId',
    {
      config: { access: { action: 'media.manage', organizationId: mediaOrg } },
      schema: {
        tags,
        summary: 'Edit alt text, focal point, name or visibility (public images need alt text)',
        params: MediaParams,
        body: UpdateMediaBody,
        response: { 200: MediaItem },
      },
    },
    async (request) => media.update(request.params.mediaId, request.body),
  );
  r.get(
    '/api/v1/media/:mediaId/usage',
    {
      config: { access: { action: 'media.read', organizationId: mediaOrg } },
      schema: { tags, summary: 'Where the item is used', params: MediaParams, response: { 200: items(MediaUsage) } },
    },
    async (request) => ({ items: await media.usage(request.params.mediaId) }),
  );
  r.delete(
    '/api/v1/media/:mediaId',
    {
      config: { access: { action: 'media.manage', organizationId: mediaOrg } },
      schema: {
        tags,
        summary: 'Delete an item and its files (409 listing where, while it is used)',
        params: MediaParams,
      },
    },
    async (request, reply) => {
      const row = await media.get(request.params.mediaId);
      await media.delete(row.id);
      s.variants.forget(row);
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/media/:mediaId/signed-url',
    {
      config: { access: { action: 'media.read', organizationId: mediaOrg } },
      schema: {
        tags,
        summary: 'A link to the file that works until it expires, for this file only (private files)',
        params: MediaParams,
        body: SignedUrlBody,
        response: { 200: SignedMediaUrl },
      },
    },
    async (request) => media.signedUrl(await media.get(request.params.mediaId), request.body.expiresInSeconds),
  );

  registerAttachmentRoutes(app, s);
}

const SUBJECT_PATHS: Record<MediaSubjectType, string> = { event: 'events', person: 'people', location: 'locations' };

function registerAttachmentRoutes(app: FastifyInstance, { media }: MediaModuleServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const SubjectParams = z.object({ subjectId: z.uuid() });
  const RoleParams = SubjectParams.extend({ role: MediaAttachmentRole });
  for (const subjectType of Object.keys(SUBJECT_PATHS) as MediaSubjectType[]) {
    const base = `/api/v1/${SUBJECT_PATHS[subjectType]}/:subjectId/media`;
    const subjectId = (request: FastifyRequest) => (request.params as { subjectId: string }).subjectId;
    // Events and people are managed by whoever runs the event; locations by the organization's organizers.
    const manage =
      subjectType === 'location'
        ? {
            action: 'catalog.manage' as const,
            organizationId: (q: FastifyRequest) => media.subjectOrganization('location', subjectId(q)),
          }
        : {
            action: 'event.manage' as const,
            eventId: (q: FastifyRequest) => media.subjectEvent(subjectType, subjectId(q)),
          };
    const roles = MEDIA_ROLES_BY_SUBJECT[subjectType].join(', ');
    r.get(
      base,
      {
        // Attached images are public (attaching makes them so): the public pages read this.
        config: { access: 'public' },
        schema: {
          tags: ['media'],
          summary: `The images shown on a ${subjectType} (${roles})`,
          params: SubjectParams,
          response: { 200: items(MediaAttachment) },
        },
      },
      async (request) => ({ items: await media.attachmentsOf(subjectType, request.params.subjectId) }),
    );
    r.put(
      `${base}/:role`,
      {
        config: { access: manage },
        schema: {
          tags: ['media'],
          summary: `Show an image as the ${subjectType}’s ${roles} (it needs alt text and becomes public)`,
          params: RoleParams,
          body: AttachMediaBody,
          response: { 200: MediaItem },
        },
      },
      async (request) => media.attach(subjectType, request.params.subjectId, request.params.role, request.body.mediaId),
    );
    r.delete(
      `${base}/:role`,
      {
        config: { access: manage },
        schema: {
          tags: ['media'],
          summary: `Stop showing the ${subjectType}’s image of this role`,
          params: RoleParams,
        },
      },
      async (request, reply) => {
        await media.detach(subjectType, request.params.subjectId, request.params.role);
        return reply.status(204).send();
      },
    );
  }
}
