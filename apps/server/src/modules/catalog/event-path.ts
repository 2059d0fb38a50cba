import type { FastifyRequest } from 'fastify';
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
