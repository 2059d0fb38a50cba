import { ErrorCode } from '@foyer/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../http/problem.ts';
import { type FileStorage, StorageNotFoundError, StorageRangeError } from './file-storage.ts';

export interface SendStoredOptions {
  contentType: string;
  /** A strong ETag (quoted); enables 304 answers. */
  etag?: string;
  /** The size when the caller knows it (saves a stat). */
  size?: number;
}

/** Parses `Range: bytes=a-b` (one range; suffix and open-ended forms). Undefined for none, null when unusable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start > end || start >= size) return null;
  return { start, end };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * Answers a request with a stored object: ETag and `304`, `HEAD`, and one
 * `Range` (`206`, or `416` when it starts past the end) so videos seek. The
 * caller sets Cache-Control.
 */
export async function sendStored(
  request: FastifyRequest,
  reply: FastifyReply,
  storage: FileStorage,
  key: string,
  options: SendStoredOptions,
): Promise<FastifyReply> {
  const size = options.size ?? (await storage.stat(key))?.size;
  if (size === undefined) return sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'No such file.');
  reply.header('accept-ranges', 'bytes');
  if (options.etag) {
    reply.header('etag', options.etag);
    if (etagMatches(request.headers['if-none-match'], options.etag)) return reply.status(304).send();
  }
  reply.type(options.contentType);
  // If-Range with another version: send the whole (new) object.
  const ifRange = request.headers['if-range'];
  const rangeHeader = ifRange && options.etag && ifRange !== options.etag ? undefined : request.headers.range;
  const range = parseRange(rangeHeader, size);
  if (range === null) {
    reply.header('content-range', `bytes */${size}`);
    return sendProblem(request, reply, ErrorCode.RANGE_NOT_SATISFIABLE, 416, 'The requested range is not in the file.');
  }
  const head = request.method === 'HEAD';
  try {
    if (range) {
      reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
      reply.header('content-length', range.end - range.start + 1);
      if (head) return reply.send();
      return reply.send(await storage.get(key, range));
    }
    reply.header('content-length', size);
    if (head) return reply.send();
    return reply.send(await storage.get(key));
  } catch (err) {
    if (err instanceof StorageNotFoundError) {
      reply.removeHeader('content-length');
      reply.removeHeader('content-range');
      return sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'No such file.');
    }
    if (err instanceof StorageRangeError) {
      reply.removeHeader('content-length');
      reply.header('content-range', `bytes */${err.size}`);
      return sendProblem(
        request,
        reply,
        ErrorCode.RANGE_NOT_SATISFIABLE,
        416,
        'The requested range is not in the file.',
      );
    }
    throw err;
  }
}
