import {
  items,
  Location,
  PersonIncludeQuery,
  PersonListQuery,
  PersonWithIncludes,
  PublicEvent,
  PublicEventListQuery,
  page,
  SessionIncludeQuery,
  SessionListQuery,
  SessionWithIncludes,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayAlso, userOf } from '../../platform/auth/request-context.ts';
import {
  answerFromMemory,
  type CachePolicy,
  ResponseCache,
  sendHashed,
  sendVersioned,
} from '../../platform/http/conditional-get.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import type { EventAccessCache } from './event-access-cache.ts';
import { EventRefParams, eventRefResolver } from './event-path.ts';
import { type CalendarSession, renderCalendar } from './icalendar.ts';
import type { CatalogServices } from './module.ts';
import type { Audience } from './public-catalog-service.ts';

const SessionParams = z.object({ sessionId: z.uuid() });
const PersonParams = z.object({ personId: z.uuid() });
const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name]!;
const ICS = 'text/calendar; charset=utf-8';
const VISIBILITY =
  'Anyone may read events that are published, live, completed or closed with visibility public or unlisted, ' +
  'and cancelled ones by direct link; members of the organization read every event. Others get 404. ' +
  'Answers carry a strong ETag (send If-None-Match for a 304).';

/**
 * The catalogue's read API, for visitors and members alike: the same routes
 * answer members in any status and everyone else for publicly visible
 * events (`event.view`). Answers are versioned by the event's revision, so
 * a conditional request is answered 304 without building anything, and
 * built answers are kept in a small in-memory cache keyed by that version.
 */
export async function registerPublicCatalogRoutes(
  app: FastifyInstance,
  platform: Platform,
  s: CatalogServices,
): Promise<void> {
  await keepAccessCacheFresh(app, platform, s);
  const pc = s.publicCatalog;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cache = new ResponseCache(32 * 1024 * 1024);
  const tags = ['public catalogue'];
  const view = (eventId: (request: FastifyRequest) => Promise<string | null>) => ({
    action: 'event.view' as const,
    eventId,
  });
  const eventView = view(eventRefResolver(s.events));
  const sessionView = view((request) => s.sessions.eventIdOf(param(request, 'sessionId')));
  const personView = view((request) => s.people.eventIdOf(param(request, 'personId')));

  const audienceOf = (request: FastifyRequest): Audience => (mayAlso(request, 'event.read') ? 'member' : 'public');
  /** Members get private answers (they may hold drafts, meeting URLs); everyone else one shared answer. */
  const policyOf = (audience: Audience, contentType?: string): CachePolicy => ({
    audience: audience === 'member' ? 'private' : 'shared',
    ...(contentType ? { contentType } : {}),
  });
  const scopeOf = (request: FastifyRequest) => {
    const scope = request.accessScope!;
    return { eventId: scope.eventId!, version: `${scope.eventId}.${scope.eventVersion}` };
  };
  answerAnonymousReads(app, s.events.accessCache, cache, policyOf('public'));

  const json =
    <T extends z.ZodType>(schema: T) =>
    (value: z.input<T> | null) =>
      value === null ? null : JSON.stringify(schema.parse(value));

  r.get(
    '/api/v1/events',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Published public events: search (q), filters, cursor paging',
        description:
          'Lists published, live, completed and closed events with visibility public (never drafts, private, ' +
          'unlisted or cancelled ones). `q` is a full-text search (websearch syntax: words, "phrases", -not, or) ' +
          'over name, summary, description, people and tags, ranked by relevance; without `q`, soonest first.',
        querystring: PublicEventListQuery,
        response: { 200: page(PublicEvent) },
      },
    },
    async (request, reply) => {
      const { fits, ...query } = request.query;
      if (fits === 'me' && request.actor.kind === 'anonymous') {
        throw new AppError('UNAUTHENTICATED', 401, 'fits=me needs a signed-in user.');
      }
      const fitsCondition = fits === 'me' ? pc.fitsFor(userOf(request).userId) : undefined;
      const body = JSON.stringify(page(PublicEvent).parse(await pc.listEvents({ ...query, fitsCondition })));
      // A personal answer must never be stored by a shared cache under the same URL as someone else's.
      return sendHashed(request, reply, body, { audience: fits === 'me' ? 'private' : 'shared' });
    },
  );

  r.get(
    '/api/v1/events/:eventId',
    {
      config: { access: eventView },
      schema: {
        tags,
        summary: 'One event by id or orgSlug/eventSlug, with organization, tags and links',
        description: VISIBILITY,
        params: EventRefParams,
        response: { 200: PublicEvent },
      },
    },
    async (request, reply) => {
      const { eventId, version } = scopeOf(request);
      return sendVersioned(request, reply, cache, version, policyOf(audienceOf(request)), async () =>
        json(PublicEvent)(await pc.event(eventId)),
      );
    },
  );

  r.get(
    '/api/v1/events/:eventId/sessions',
    {
      config: { access: eventView },
      schema: {
        tags,
        summary: 'The programme: sessions by start, filtered, with include=people,location,tags',
        description: `${VISIBILITY} The public sees scheduled sessions only, without meeting URLs; members see every session (unscheduled last).`,
        params: EventRefParams,
        querystring: SessionListQuery,
        response: { 200: items(SessionWithIncludes) },
      },
    },
    async (request, reply) => {
      const { eventId, version } = scopeOf(request);
      const audience = audienceOf(request);
      return sendVersioned(request, reply, cache, version, policyOf(audience), async () =>
        json(items(SessionWithIncludes))({ items: await pc.sessions(eventId, request.query, audience) }),
      );
    },
  );

  r.get(
    '/api/v1/sessions/:sessionId',
    {
      config: { access: sessionView },
      schema: {
        tags,
        summary: 'One session, with include=people,location,tags',
        description: VISIBILITY,
        params: SessionParams,
        querystring: SessionIncludeQuery,
        response: { 200: SessionWithIncludes },
      },
    },
    async (request, reply) => {
      const audience = audienceOf(request);
      return sendVersioned(request, reply, cache, scopeOf(request).version, policyOf(audience), async () =>
        json(SessionWithIncludes)(await pc.session(request.params.sessionId, request.query.include ?? [], audience)),
      );
    },
  );

  r.get(
    '/api/v1/events/:eventId/people',
    {
      config: { access: eventView },
      schema: {
        tags,
        summary: 'The people of the event in their order, with include=sessions',
        description: VISIBILITY,
        params: EventRefParams,
        querystring: PersonListQuery,
        response: { 200: items(PersonWithIncludes) },
      },
    },
    async (request, reply) => {
      const { eventId, version } = scopeOf(request);
      const audience = audienceOf(request);
      return sendVersioned(request, reply, cache, version, policyOf(audience), async () =>
        json(items(PersonWithIncludes))({
          items: await pc.people(eventId, request.query.include ?? [], audience),
        }),
      );
    },
  );

  r.get(
    '/api/v1/people/:personId',
    {
      config: { access: personView },
      schema: {
        tags,
        summary: 'One person with links, with include=sessions',
        description: VISIBILITY,
        params: PersonParams,
        querystring: PersonIncludeQuery,
        response: { 200: PersonWithIncludes },
      },
    },
    async (request, reply) => {
      const audience = audienceOf(request);
      return sendVersioned(request, reply, cache, scopeOf(request).version, policyOf(audience), async () =>
        json(PersonWithIncludes)(await pc.person(request.params.personId, request.query.include ?? [], audience)),
      );
    },
  );

  r.get(
    '/api/v1/events/:eventId/locations',
    {
      config: { access: eventView },
      schema: {
        tags,
        summary: 'The locations where the event’s sessions take place',
        description: VISIBILITY,
        params: EventRefParams,
        response: { 200: items(Location) },
      },
    },
    async (request, reply) => {
      const { eventId, version } = scopeOf(request);
      const audience = audienceOf(request);
      return sendVersioned(request, reply, cache, version, policyOf(audience), async () =>
        json(items(Location))({ items: await pc.locations(eventId, audience) }),
      );
    },
  );

  const calendar = async (request: FastifyRequest, sessionId?: string) => {
    const { eventId } = scopeOf(request);
    const found = await pc.calendar(eventId, sessionId);
    if (!found || (sessionId && found.sessions.length === 0)) return null;
    const { event } = found;
    return renderCalendar(
      {
        id: event.id,
        name: event.name,
        timezone: event.timezone,
        status: event.status,
        url: `${platform.config.publicUrl}/e/${event.path.split('/').map(encodeURIComponent).join('/')}`,
      },
      found.sessions.map(
        (x): CalendarSession => ({
          id: x.id,
          title: x.title,
          description: x.description,
          startsAt: x.startsAt!,
          endsAt: x.endsAt!,
          updatedAt: x.updatedAt,
          location: x.location ? placeText(x.location) : null,
        }),
      ),
    );
  };

  r.get(
    '/api/v1/events/:eventId/calendar.ics',
    {
      config: { access: eventView },
      schema: {
        tags,
        summary: 'iCalendar (RFC 5545) feed of the event’s scheduled sessions',
        description: `${VISIBILITY} Times carry the event's timezone (TZID with a VTIMEZONE).`,
        params: EventRefParams,
        produces: [ICS],
      },
    },
    async (request, reply) =>
      sendVersioned(request, reply, cache, scopeOf(request).version, policyOf(audienceOf(request), ICS), () =>
        calendar(request),
      ),
  );

  r.get(
    '/api/v1/sessions/:sessionId/calendar.ics',
    {
      config: { access: sessionView },
      schema: {
        tags,
        summary: 'iCalendar (RFC 5545) file of one scheduled session',
        description: VISIBILITY,
        params: SessionParams,
        produces: [ICS],
      },
    },
    async (request, reply) =>
      sendVersioned(request, reply, cache, scopeOf(request).version, policyOf(audienceOf(request), ICS), () =>
        calendar(request, request.params.sessionId),
      ),
  );
}

/**
 * Turns on the events' access cache, invalidated by the database's
 * `foyer_event_changed` notifications, and by this process's own write
 * requests before they are answered (so the writer's next read sees the
 * change even if the notification is still on its way).
 */
async function keepAccessCacheFresh(app: FastifyInstance, platform: Platform, s: CatalogServices): Promise<void> {
  const cache = s.events.accessCache;
  const stop = await platform.database.listen(
    'foyer_event_changed',
    (eventId) => cache.invalidate(eventId),
    (lost) => {
      if (lost) platform.logger.warn('event change notifications lost; access cache off until reconnected');
      cache.setEnabled(!lost);
    },
  );
  cache.setEnabled(true);
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') cache.invalidate();
    done(null, payload);
  });
  app.addHook('onClose', async () => {
    cache.setEnabled(false);
    await stop();
  });
}

/** "Main hall, Street 1, 12345 Town, DE" */
function placeText(location: Location): string {
  const p = location.place;
  const town = [p.zip, p.town].filter(Boolean).join(' ');
  return [location.name, p.street, p.streetAddition, town, p.country].filter(Boolean).join(', ');
}

/** Event-scoped read routes by id: the event, its programme, people, locations and calendar. */
const EVENT_READ_PATH =
  /^\/api\/v1\/events\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/(?:sessions|people|locations|calendar\.ics))?(?:\?|$)/;

/**
 * The cheapest answers a visitor or CDN gets: an anonymous read of a public
 * event whose access facts are in memory is answered from memory — a 304
 * for the current tag, or the answer built before — before validation, the
 * access gate and the handler run (an early answer). It is the same
 * decision they would reach: anonymous callers may read a public event
 * (`event.view`), the audience is `public`, and the representation is the
 * one `sendVersioned` cached for this URL at the current revision (a URL
 * that fails validation never gets one). Anything else (a credential, an
 * unknown or hidden event, an answer not built yet, caching off) takes the
 * normal path.
 */
function answerAnonymousReads(
  app: FastifyInstance,
  access: EventAccessCache,
  cache: ResponseCache,
  policy: CachePolicy,
): void {
  app.earlyAnswers.add((request, reply) => {
    if (request.method !== 'GET' || request.headers.authorization || request.headers['x-api-key']) return false;
    const eventId = EVENT_READ_PATH.exec(request.url)?.[1];
    const event = eventId ? access.peek(eventId) : undefined;
    if (!event?.eventIsPublic) return false;
    return answerFromMemory(request, reply, cache, `${eventId}.${event.version}`, policy);
  });
}
