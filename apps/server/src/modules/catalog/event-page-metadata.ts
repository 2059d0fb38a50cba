import { and, eq } from 'drizzle-orm';
import type { PageMetadataResolver } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { organizations } from '../organizations/index.ts';
import { isPublicByLink } from './public-visibility.ts';
import { events } from './schema.ts';

/** `/e/{orgSlug}/{eventSlug}` and every page below it. */
const EVENT_PAGE = /^\/e\/([^/?#]+)\/([^/?#]+)(?:[/?#]|$)/;

/**
 * Title, description and Open Graph image of the public web page of an
 * event, so that link previews and search engines see the event without
 * running the app. Only for events anyone may see: a draft's name must not
 * leak through its page's `<title>`.
 */
export function eventPageMetadata(platform: Platform): PageMetadataResolver {
  return async (path) => {
    const m = EVENT_PAGE.exec(path);
    if (!m) return null;
    let orgSlug: string;
    let eventSlug: string;
    try {
      orgSlug = decodeURIComponent(m[1]!);
      eventSlug = decodeURIComponent(m[2]!);
    } catch {
      return null;
    }
    const [row] = await platform.database.db
      .select({
        name: events.name,
        summary: events.summary,
        coverImage: events.coverImage,
        status: events.status,
        visibility: events.visibility,
        orgName: organizations.name,
      })
      .from(events)
      .innerJoin(organizations, eq(organizations.id, events.organizationId))
      .where(and(eq(organizations.slug, orgSlug), eq(events.slug, eventSlug)));
    if (!row || !isPublicByLink(row.status, row.visibility)) return null;
    const base = platform.config.publicUrl;
    return {
      title: `${row.name} · ${row.orgName}`,
      description: row.summary,
      url: `${base}/e/${encodeURIComponent(orgSlug)}/${encodeURIComponent(eventSlug)}`,
      image: row.coverImage ? new URL(row.coverImage, `${base}/`).toString() : null,
    };
  };
}
