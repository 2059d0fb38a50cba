import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid } from '../../platform/ids.ts';
import { RESERVED_EVENT_SLUGS } from './public-visibility.ts';

/** `/api/v1/events/{a}/{b}…` where `{b}` is not a sub-route: `{a}/{b}` is `orgSlug/eventSlug`. */
const TWO_SEGMENTS = /^\/api\/v1\/events\/([^/?]+)\/([^/?]+)(.*)$/;
// Every sub-route name is a reserved event slug, so `{a}/{reserved}` is always `{eventId}/{sub-route}`.
const SUB_ROUTES = new Set(RESERVED_EVENT_SLUGS);

/**
 * Lets `/api/v1/events/acme/summer-fest[/sessions…]` reach the routes of
 * `/api/v1/events/:eventId` with `eventId = "acme/summer-fest"`, the same as
 * `/api/v1/events/acme%2Fsummer-fest`. Event slugs that equal a sub-route
 * name are refused (see RESERVED_EVENT_SLUGS), so this is never ambiguous.
 */
export function rewriteEventSlugPath(url: string): string {
  const m = TWO_SEGMENTS.exec(url);
  if (!m) return url;
  const [, first, second, rest] = m as unknown as [string, string, string, string];
  if (isUuid(first) || SUB_ROUTES.has(second)) return url;
  return `/api/v1/events/${first}%2F${second}${rest}`;
}

/** The `eventId` path parameter (an id or `orgSlug/eventSlug`). */
export const eventRefParam = (request: FastifyRequest): string => (request.params as { eventId: string }).eventId;

/** Path parameters of routes that name their event by id or by `orgSlug/eventSlug`. */
export const EventRefParams = z.object({
  eventId: z.string().min(1).max(200).describe('The event id, or `orgSlug/eventSlug` (also as two path segments)'),
});

/**
 * The access rule's event of a route whose `eventId` is a ref: the gate
 * looks the event up (404 when the ref names none) and applies the policy
 * to it as to an id. Handlers then read the id from `eventIdOf`.
 */
export const eventRefResolver =
  (events: { resolveRef(ref: string): Promise<string | null> }) =>
  (request: FastifyRequest): Promise<string | null> =>
    events.resolveRef(eventRefParam(request));

/** The id of the event the access gate resolved for this request. */
export function eventIdOf(request: FastifyRequest): string {
  const id = request.accessScope?.eventId;
  if (!id) throw new Error('eventIdOf: the route has no event access rule');
  return id;
}
