import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PageMetadata, PageMetadataResolver } from '../module.ts';
import { escapeHtml } from './html.ts';
import { sendProblem } from './problem.ts';

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PATHS = /^\/(api|healthz|readyz|metrics)(\/|$|\?)/;

/**
 * Serves the production build of the web app with an SPA fallback: any GET
 * for a page that is not a file gets `index.html`, which routes on the
 * client. Hashed assets are cached for a year; `index.html` never is, so a
 * deploy is picked up at once. Everything else unknown is a 404 problem.
 */
export async function registerWebApp(
  app: FastifyInstance,
  webDist: string,
  options: { pageMetadata?: PageMetadataResolver[] } = {},
): Promise<void> {
  const resolvers = options.pageMetadata ?? [];
  const indexPath = path.join(webDist, 'index.html');
  const hasBuild = fs.existsSync(indexPath);
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      // `/` is served index.html (no-cache via setHeaders); other pages come from the fallback below.
      index: ['index.html'],
      wildcard: true,
      cacheControl: false,
      setHeaders(res, filePath) {
        const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.log.warn({ webDist }, 'web app build not found; run `npm run build` to serve the web app');
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (hasBuild && wantsPage(request)) {
      reply.header('cache-control', 'no-cache');
      const metadata = await metadataOf(request, resolvers);
      if (metadata) {
        const html = await fs.promises.readFile(indexPath, 'utf8');
        return reply.type('text/html; charset=utf-8').send(withMetadata(html, metadata));
      }
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(indexPath));
    }
    return sendProblem(
      request,
      reply,
      ErrorCode.ROUTE_NOT_FOUND,
      404,
      `No route ${request.method} ${request.url.split('?')[0]}.`,
    );
  });
}

function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (SERVER_PATHS.test(request.url)) return false;
  // A missing file with an extension (e.g. /logo.png) is a 404, not a page.
  if (path.extname(request.url.split('?')[0] ?? '') !== '') return false;
  const accept = request.headers.accept ?? '*/*';
  return accept.includes('text/html') || accept.includes('*/*');
}

async function metadataOf(request: FastifyRequest, resolvers: PageMetadataResolver[]): Promise<PageMetadata | null> {
  const pagePath = request.url.split('?')[0] ?? '/';
  for (const resolve of resolvers) {
    try {
      const found = await resolve(pagePath);
      if (found) return found;
    } catch (err) {
      // A page without its tags is better than no page.
      request.log.warn({ err, path: pagePath }, 'page metadata failed');
    }
  }
  return null;
}

/** index.html with the page's `<title>`, description and Open Graph tags (every value HTML-escaped). */
export function withMetadata(html: string, m: PageMetadata): string {
  const meta = (attr: 'name' | 'property', key: string, value: string | null | undefined) =>
    value ? `<meta ${attr}="${key}" content="${escapeHtml(value)}">` : '';
  const tags = [
    `<title>${escapeHtml(m.title)}</title>`,
    meta('name', 'description', m.description),
    meta('property', 'og:title', m.title),
    meta('property', 'og:description', m.description),
    meta('property', 'og:type', 'website'),
    meta('property', 'og:url', m.url),
    meta('property', 'og:image', m.image),
  ].join('');
  if (/<title>[\s\S]*?<\/title>/i.test(html)) return html.replace(/<title>[\s\S]*?<\/title>/i, () => tags);
  if (/<\/head>/i.test(html)) return html.replace(/<\/head>/i, () => `${tags}</head>`);
  return tags + html;
}
