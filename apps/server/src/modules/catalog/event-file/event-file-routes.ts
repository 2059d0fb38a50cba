import { ApplyEventFileResult, EVENT_FILE_MEDIA_TYPES } from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../../platform/auth/actor.ts';
import { decide } from '../../../platform/auth/policy.ts';
import { eventParam, orgParam, requestMeta } from '../../../platform/auth/request-context.ts';
import { AppError } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import type { OrganizationsServices } from '../../organizations/index.ts';
import type { CatalogServices } from '../module.ts';

const tags = ['events'];
const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));

/**
 * Event as code over HTTP: `GET /events/{eventId}/export` answers the
 * event file, `POST /orgs/{orgId}/events:apply` takes one as a YAML body.
 */
export async function registerEventFileRoutes(
  app: FastifyInstance,
  platform: Platform,
  s: CatalogServices & OrganizationsServices,
): Promise<void> {
  // Its own scope: the YAML body parser applies to these routes only.
  await app.register(async (scope) => {
    scope.addContentTypeParser([...EVENT_FILE_MEDIA_TYPES], { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/events/:eventId/export',
      {
        config: { access: { action: 'event.read', eventId: eventParam } },
        schema: {
          tags,
          summary: 'The event with its programme as an event file (YAML)',
          description:
            'Apply it with `foyer apply -f FILE` or `POST /orgs/{orgId}/events:apply`. See docs/event-as-code.md.',
          params: z.object({ eventId: z.uuid() }),
          produces: ['application/yaml'],
        },
      },
      async (request, reply) => {
        const { slug, yaml } = await s.eventFiles.export(request.params.eventId);
        return reply
          .type('application/yaml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${slug}.yaml"`)
          .send(yaml);
      },
    );

    r.post(
      // `::` is a literal colon in find-my-way: the path is /orgs/{orgId}/events:apply.
      '/api/v1/orgs/:orgId/events::apply',
      {
        // Creating needs event.create; an event that exists already needs event.manage (checked below).
        config: { access: { action: 'event.create', organizationId: orgParam } },
        bodyLimit: platform.config.bodyLimitBytes,
        schema: {
          tags,
          summary: 'Create or update an event from an event file (YAML body)',
          description:
            'Send the file as `application/yaml` or `text/yaml`. The event is matched by slug within the ' +
            'organization; applying the same file twice changes nothing. A file with errors answers 422 ' +
            '`INVALID_EVENT_FILE` with `errors: [{ line, column, path, message }]` and changes nothing. ' +
            'A new event needs event.create, an existing one event.manage.',
          params: z.object({ orgId: z.uuid() }),
          consumes: [...EVENT_FILE_MEDIA_TYPES],
          response: { 200: ApplyEventFileResult },
        },
      },
      async (request) => {
        const mediaType = String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        // An empty body reaches no parser: it is an empty (and so invalid) file, not a wrong media type.
        const text = typeof request.body === 'string' ? request.body : request.body == null ? '' : null;
        if (!(EVENT_FILE_MEDIA_TYPES as readonly string[]).includes(mediaType) || text === null) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            415,
            `Send the event file as ${EVENT_FILE_MEDIA_TYPES.slice(0, 2).join(' or ')}.`,
          );
        }
        const { orgId } = request.params;
        const parsed = s.eventFiles.parse(text);
        const existing = await s.eventFiles.existingEventId(orgId, parsed.file.event.slug);
        if (existing) await assertMayManage(request, existing, s);
        const creator = request.actor.kind === 'user' ? request.actor : null;
        return s.eventFiles.apply(orgId, parsed, by(request), creator);
      },
    );
  });
}

/** The gate let the caller create events; changing an existing one needs event.manage on it. */
async function assertMayManage(
  request: FastifyRequest,
  eventId: string,
  s: CatalogServices & OrganizationsServices,
): Promise<void> {
  const userId = request.actor.kind === 'user' ? request.actor.userId : null;
  const context = await s.events.accessContext(eventId, userId);
  if (!context) return; // deleted meanwhile: apply creates it anew
  const role = userId ? await s.organizations.roleOf(userId, context.organizationId) : null;
  const decision = decide(request.actor, 'event.manage', context, role);
  if (decision !== 'allow') {
    throw new AppError('FORBIDDEN', 403, 'This event exists already and you may not change it.');
  }
}
