import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PageMetadata, PageMetadataResolver } from '../module.ts';
import { escapeHtml } from './html.ts';
import { sendProblem } from './problem.ts';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PATHS = /^\/(api|compat|healthz|readyz|metrics)(\/|$|\?)/;

/**
 * Serves the production build of the web app with an SPA fallback: any GET
 * for a page that is not a file gets `index.html`, which routes on the
 * client — with status 404 when the build's `app-paths.json` lists no page
 * for the path (the app then shows its not-found page). Hashed assets are
 * cached for a year; `index.html` never is, so a deploy is picked up at
 * once. Files are sent as the build precompressed them (`.br`, `.gz`) when
 * the client accepts it. Everything else unknown is a 404 problem.
 */
export async function registerWebApp(
  app: FastifyInstance,
  webDist: string,
  options: { pageMetadata?: PageMetadataResolver[] } = {},
): Promise<void> {
  const resolvers = options.pageMetadata ?? [];
  const indexPath = path.join(webDist, 'index.html');
  const hasBuild = fs.existsSync(indexPath);
  const isAppPath = appPathMatcher(webDist);
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      // The build writes `.br` and `.gz` beside each text file; sent with Content-Encoding and Vary.
      preCompressed: true,
      // `/` is served index.html (no-cache via setHeaders); other pages come from the fallback below.
      index: ['index.html'],
      // One route per file of the build (read at start; a deploy restarts): a catch-all route would also
      // take API paths the router refuses (a too-long parameter is 414, not a missing file).
      wildcard: false,
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
      const pagePath = request.url.split('?')[0] ?? '/';
      reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding');
      reply.type('text/html; charset=utf-8');
      if (!isAppPath(pagePath)) reply.code(404);
      const encoding = preferredEncoding(request.headers['accept-encoding']);
      const metadata = reply.statusCode === 404 ? null : await metadataOf(request, resolvers);
      if (metadata) {
        const html = withMetadata(await fs.promises.readFile(indexPath, 'utf8'), metadata);
        if (!encoding) return reply.send(html);
        return reply.header('content-encoding', encoding).send(await compressHtml(html, encoding));
      }
      const precompressed = encoding ? `${indexPath}.${encoding === 'br' ? 'br' : 'gz'}` : null;
      if (precompressed && fs.existsSync(precompressed)) {
        return reply.header('content-encoding', encoding).send(fs.createReadStream(precompressed));
      }
      return reply.send(fs.createReadStream(indexPath));
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

/**
 * Whether the app has a page for a path, from the build's `app-paths.json`
 * (React Router patterns). Without that file (an older build) every path counts.
 */
export function appPathMatcher(webDist: string): (pagePath: string) => boolean {
  const file = path.join(webDist, 'app-paths.json');
  if (!fs.existsSync(file)) return () => true;
  const patterns = (JSON.parse(fs.readFileSync(file, 'utf8')) as string[]).map((pattern) => {
    const segments = pattern.split('/').filter(Boolean);
    const source = segments.map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    return new RegExp(`^/${source.join('/')}/?$`);
  });
  return (pagePath) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pagePath);
    } catch {
      return false;
    }
    return patterns.some((pattern) => pattern.test(decoded));
  };
}

/** `br` when the client takes it, else `gzip`, else none (an explicit `q=0` refuses a coding). */
export function preferredEncoding(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  const accepted = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (!coding || params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) continue;
    accepted.add(coding.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

function compressHtml(html: string, encoding: 'br' | 'gzip'): Promise<Buffer> {
  // A page's tags differ per event, so this copy is compressed per request: a fast level is enough.
  return encoding === 'br'
    ? brotliAsync(html, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } })
    : gzipAsync(html, { level: 6 });
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
