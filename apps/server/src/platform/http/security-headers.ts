import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** Foyer's security headers: a strict CSP (Mantine needs inline styles), no framing by others. */
export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Mantine injects component styles at runtime.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      // The stage plays streams organizers host anywhere (docs/decisions.md §18): hls.js fetches
      // playlists and segments (connect), the video element plays them (media, blob: for MSE), and
      // YouTube and Vimeo are framed only from their privacy-friendly hosts.
      connectSrc: ["'self'", 'https:'],
      mediaSrc: ["'self'", 'https:', 'blob:'],
      workerSrc: ["'self'", 'blob:'],
      frameSrc: ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
      frameAncestors: ["'self'"],
      objectSrc: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet would set, computed once. `@fastify/helmet` runs
 * helmet's middleware (parsing the CSP directives again) on every request,
 * which cost about a tenth of a cheap request's time.
 */
export function securityHeadersOf(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet({ ...options })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * API answers are data, never rendered as a document: they need only the
 * headers of OWASP's REST security cheat sheet (no content sniffing, no
 * framing, nothing loaded from them, HTTPS only, no referrer), not the full
 * document set. Fewer headers per answer is also measurably faster.
 *
 * No API answer is stored by a browser or proxy unless its route says so:
 * tokens (`/auth/*`), personal data (`/me`, registration lists) and
 * everything else private get `no-store`; the public reads that may be
 * cached set their own `Cache-Control` with an ETag (conditional-get.ts).
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
};

/**
 * Sets the security headers on every answer: the API set under `/api/`
 * (except the API reference pages, which are documents), the document set
 * elsewhere. Routes may still override one (e.g. a relaxed CSP).
 */
export function registerSecurityHeaders(app: FastifyInstance, options = SECURITY_HEADER_OPTIONS): void {
  const documentHeaders = securityHeadersOf(options);
  app.addHook('onRequest', (request, reply, done) => {
    const url = request.url;
    reply.headers(url.startsWith('/api/') && !url.startsWith('/api/docs') ? API_SECURITY_HEADERS : documentHeaders);
    done();
  });
}
