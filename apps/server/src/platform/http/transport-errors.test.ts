import net from 'node:net';
import { PROBLEM_CONTENT_TYPE } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * What Fastify and Node answer before a route runs — on a real listening
 * socket, since `inject` skips Node's HTTP parser — is a problem document
 * with a stable code; a request whose body trickles in is cut off at the
 * request timeout.
 */

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await createTestApp({ REQUEST_TIMEOUT_MS: '1000' });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as net.AddressInfo).port;
}, 60_000);
afterAll(async () => t?.close());

/** Writes raw bytes, answers everything the server sent until it closed (or `waitMs` passed). */
function raw(chunks: string[], waitMs = 5_000, gapMs = 0): Promise<{ text: string; closed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false, ms: Date.now() - started });
    }, waitMs);
    socket.on('data', (d) => {
      text += d.toString();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true, ms: Date.now() - started });
    });
    // The server may close while we still write; 'close' follows.
    socket.on('error', () => {});
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed || !socket.writable) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

function problemOf(text: string): { status: number; type: string; code: string } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const status = Number(head.split(' ')[1]);
  const type = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '';
  return { status, type, code: (JSON.parse(body) as { code: string }).code };
}

describe('errors before a route', () => {
  it('answers malformed HTTP with 400 MALFORMED_REQUEST', async () => {
    const res = await raw(['GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n']);
    expect(problemOf(res.text)).toEqual({ status: 400, type: PROBLEM_CONTENT_TYPE, code: 'MALFORMED_REQUEST' });
  });

  it('answers headers larger than Node takes with 431 HEADERS_TOO_LARGE', async () => {
    const res = await raw([`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(problemOf(res.text)).toEqual({ status: 431, type: PROBLEM_CONTENT_TYPE, code: 'HEADERS_TOO_LARGE' });
  });

  it('answers an Expect other than 100-continue with 417 EXPECTATION_FAILED', async () => {
    const res = await raw(['GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: tea\r\nConnection: close\r\n\r\n']);
    expect(problemOf(res.text)).toEqual({ status: 417, type: PROBLEM_CONTENT_TYPE, code: 'EXPECTATION_FAILED' });
  });

  it('answers a too-long path parameter with 414 URI_TOO_LONG and a bad URL with 400 MALFORMED_REQUEST', async () => {
    const long = await t.app.inject({ url: `/api/v1/events/${'x'.repeat(600)}` });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(long.json().code).toBe('URI_TOO_LONG');
    const bad = await t.app.inject({ url: '/api/v1/events/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(bad.json().code).toBe('MALFORMED_REQUEST');
  });
});

describe('request timeout', () => {
  it('closes a connection whose body trickles in, with 408 REQUEST_TIMEOUT', async () => {
    const head =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    // One byte every 200 ms: 100 bytes would take 20 s; the timeout is 1 s (checked every 250 ms).
    const res = await raw([head, ...Array.from({ length: 100 }, () => ' ')], 15_000, 200);
    expect(res.closed).toBe(true);
    expect(res.ms).toBeLessThan(5_000);
    expect(problemOf(res.text)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  });
});
