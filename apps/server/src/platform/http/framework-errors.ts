import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCode, PROBLEM_CONTENT_TYPE } from '@foyer/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { buildProblem, sendProblem } from './problem.ts';

/*
 * Answers that Fastify or Node give before a route (or even a request
 * object) exists: a URL that cannot be decoded or routed, a parameter
 * longer than the router takes, unparsable HTTP, headers too large, a
 * request that took too long to arrive, an `Expect` the server does not
 * meet. Each is a problem document with a stable code, like every other
 * error Foyer sends.
 */

/** Fastify's `frameworkErrors` option: router-level errors, with a request and reply to answer them on. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(request, reply, ErrorCode.URI_TOO_LONG, 414, 'A part of the request URL is too long.');
  } else if (error.code === 'FST_ERR_BAD_URL') {
    sendProblem(request, reply, ErrorCode.MALFORMED_REQUEST, 400, 'The request URL is not validly encoded.');
  } else {
    request.log.error({ err: error }, 'framework error');
    sendProblem(request, reply, ErrorCode.INTERNAL_ERROR, 500, 'Something went wrong on our side.');
  }
}

const SOCKET_ANSWERS: Record<string, { status: number; reason: string; code: ErrorCode; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: ErrorCode.HEADERS_TOO_LARGE,
    detail: 'The request headers are larger than this server accepts.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: ErrorCode.REQUEST_TIMEOUT,
    detail: 'The request did not arrive in time.',
  },
};
const MALFORMED = {
  status: 400,
  reason: 'Bad Request',
  code: ErrorCode.MALFORMED_REQUEST,
  detail: 'The request is not valid HTTP.',
};

function rawProblem(status: number, reason: string, code: ErrorCode, detail: string): string {
  const body = JSON.stringify(buildProblem(code, status, detail));
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** Fastify's `clientErrorHandler` option: HTTP the parser rejected, answered on the raw socket, then closed. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = SOCKET_ANSWERS[err.code ?? ''] ?? MALFORMED;
  if (socket.writable) socket.write(rawProblem(answer.status, answer.reason, answer.code, answer.detail));
  socket.destroy(err);
}

/** Node answers an `Expect` other than `100-continue` with a bare 417 unless told otherwise. */
export function answerUnmetExpectations(server: Server): void {
  server.on('checkExpectation', (req, res) => {
    const body = JSON.stringify(
      buildProblem(ErrorCode.EXPECTATION_FAILED, 417, 'This server meets no expectation but 100-continue.', {
        instance: (req.url ?? '/').split('?')[0] ?? '/',
      }),
    );
    res.writeHead(417, {
      'content-type': PROBLEM_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    res.end(body);
  });
}
