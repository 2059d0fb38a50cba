import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './problem.ts';
import { API_SECURITY_HEADERS } from './security-headers.ts';

const gzip = promisify(gzipCallback);

/**
 * Serialized answers by ETag, least recently used first out, within a byte
 * budget. Safe without invalidation: an ETag names one version of one
 * answer, and a write makes a new version (so a new ETag).
 */
export class ResponseCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const body = this.entries.get(key);
    if (body !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, body);
    }
    return body;
  }

  set(key: string, body: Buffer): void {
    if (body.length > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) this.bytes -= old.length;
    this.entries.delete(key);
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** How an answer may be cached. */
export interface CachePolicy {
  /**
   * `shared`: the same for every caller (a CDN may store it, revalidating
   * every time); `private`: for this caller only.
   */
  audience: 'shared' | 'private';
  contentType?: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Bodies smaller than this are not worth compressing. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * Answers 304 for a tag the client holds. RFC 9110 §15.4.5: a 304 carries
 * the fields a cache needs to update its stored answer (ETag, Cache-Control,
 * Vary, Date) and SHOULD NOT carry other metadata, so the API security
 * headers of the stored 200 are not repeated.
 */
export function sendNotModified(reply: FastifyReply, etag: string, policy: CachePolicy): FastifyReply {
  // Set together by the security-headers hook; an early answer comes before it and has none.
  if (reply.hasHeader('content-security-policy'))
    for (const name of API_SECURITY_HEADER_NAMES) reply.removeHeader(name);
  setHeaders(reply, etag, policy);
  return reply.code(304).send();
}

const API_SECURITY_HEADER_NAMES = Object.keys(API_SECURITY_HEADERS);

/**
 * Answers a GET from memory when it can: a 304 when the client holds the
 * current tag, or the representation built before (gzip-compressed when the
 * client accepts it). False when the answer must be built — nothing has
 * been sent then. `sendVersioned` starts with this; the catalogue also
 * calls it before routing work for anonymous reads (early answers).
 */
export function answerFromMemory(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: ResponseCache,
  version: string,
  policy: CachePolicy,
): boolean {
  return answerTagsFromMemory(request, reply, cache, variantTags(request, version, policy), policy);
}

function answerTagsFromMemory(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: ResponseCache,
  { gzTag, plainTag, wantsGzip }: VariantTags,
  policy: CachePolicy,
): boolean {
  const held = request.headers['if-none-match'];
  const heldTag = !held ? null : wantsGzip && matches(held, gzTag) ? gzTag : matches(held, plainTag) ? plainTag : null;
  if (heldTag) {
    sendNotModified(reply, heldTag, policy);
    return true;
  }
  const gzipped = wantsGzip ? cache.get(gzTag) : undefined;
  if (gzipped) {
    sendBody(reply, gzTag, policy, gzipped, true);
    return true;
  }
  const plain = cache.get(plainTag);
  // A large plain body for a client that takes gzip is compressed (and cached) by sendVersioned.
  if (plain && !(wantsGzip && plain.length >= COMPRESS_FROM_BYTES)) {
    sendBody(reply, plainTag, policy, plain, false);
    return true;
  }
  return false;
}

/**
 * Answers a GET whose content is fully determined by `version` (plus the
 * URL and audience): a matching `If-None-Match` gets a 304 without building
 * anything; otherwise the body comes from `cache` or from `build` (null →
 * 404). Large bodies are also kept gzip-compressed, for clients that accept
 * it (a representation of its own, with its own ETag). Every answer must be
 * revalidated (`no-cache`), so an edit is seen on the very next request.
 */
export async function sendVersioned(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: ResponseCache,
  version: string,
  policy: CachePolicy,
  build: () => Promise<string | null>,
): Promise<FastifyReply> {
  const tags = variantTags(request, version, policy);
  if (answerTagsFromMemory(request, reply, cache, tags, policy)) return reply;
  const { gzTag, plainTag, wantsGzip } = tags;
  let body = cache.get(plainTag);
  if (body === undefined) {
    const built = await build();
    if (built === null) throw new AppError('NOT_FOUND', 404, 'No such resource.');
    body = Buffer.from(built);
    cache.set(plainTag, body);
  }
  if (wantsGzip && body.length >= COMPRESS_FROM_BYTES) {
    // Built once per version and kept: the smallest answer is worth the slowest level.
    const compressed = await gzip(body, { level: 9 });
    cache.set(gzTag, compressed);
    return sendBody(reply, gzTag, policy, compressed, true);
  }
  return sendBody(reply, plainTag, policy, body, false);
}

interface VariantTags {
  gzTag: string;
  plainTag: string;
  wantsGzip: boolean;
}

function variantTags(request: FastifyRequest, version: string, policy: CachePolicy): VariantTags {
  const tag = `${version}.${variantDigest(`${request.url}|${policy.audience}`)}`;
  return {
    gzTag: `"${tag}.gz"`,
    plainTag: `"${tag}"`,
    wantsGzip: acceptsGzip(request.headers['accept-encoding']),
  };
}

/**
 * A 200 with its validators. The API security headers are set here too:
 * an early answer is sent before the hook that sets them.
 */
function sendBody(reply: FastifyReply, etag: string, policy: CachePolicy, body: Buffer, gzipped: boolean) {
  reply.headers(API_SECURITY_HEADERS);
  setHeaders(reply, etag, policy);
  reply.type(policy.contentType ?? JSON_TYPE);
  if (gzipped) reply.header('content-encoding', 'gzip');
  return reply.send(body);
}

/** `Accept-Encoding` lists gzip (or `*`) without `q=0`. Clients send the same few headers: decided once each. */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let accepts = gzipAcceptance.get(header);
  if (accepts === undefined) {
    accepts = header.split(',').some((part) => {
      const [coding, ...params] = part.trim().toLowerCase().split(';');
      if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') return false;
      return !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    });
    if (gzipAcceptance.size >= 1000) gzipAcceptance.clear();
    gzipAcceptance.set(header, accepts);
  }
  return accepts;
}

const gzipAcceptance = new Map<string, boolean>();

/** Answers a GET with an ETag of its body (for answers without a cheap version, e.g. search results). */
export function sendHashed(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  policy: CachePolicy,
): FastifyReply {
  const etag = `"${digest(body)}"`;
  setHeaders(reply, etag, policy);
  if (matches(request.headers['if-none-match'], etag)) return sendNotModified(reply, etag, policy);
  return reply.type(policy.contentType ?? JSON_TYPE).send(body);
}

function setHeaders(reply: FastifyReply, etag: string, policy: CachePolicy): void {
  reply.header('etag', etag);
  reply.header(
    'cache-control',
    policy.audience === 'shared' ? 'public, no-cache, stale-if-error=86400' : 'private, no-cache',
  );
  // Added to, not replacing, what is there: CORS may already vary the answer by Origin.
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, ${VARY}` : VARY);
}

const VARY = 'Authorization, Cookie, X-Api-Key, Accept-Encoding';

const variantDigests = new Map<string, string>();

/** The digest of a URL and audience; the same few URLs are asked for again and again. */
function variantDigest(variant: string): string {
  let d = variantDigests.get(variant);
  if (d === undefined) {
    if (variantDigests.size >= 5000) variantDigests.clear();
    d = digest(variant);
    variantDigests.set(variant, d);
  }
  return d;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** RFC 9110 If-None-Match: `*` or a list of (possibly weak) tags, compared weakly. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  // Most clients send back exactly the one tag they were given.
  if (header === etag) return true;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
