import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { preferredEncoding } from './web-app.ts';

let t: TestApp;
let dist: string;
const INDEX = `<!doctype html><title>Foyer</title><div id="root">${'<p>shell</p>'.repeat(200)}</div>`;
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-web-gz-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  const write = (name: string, body: string) => {
    fs.writeFileSync(path.join(dist, name), body);
    fs.writeFileSync(path.join(dist, `${name}.br`), brotliCompressSync(body));
    fs.writeFileSync(path.join(dist, `${name}.gz`), gzipSync(body));
  };
  write('index.html', INDEX);
  write('assets/index-Ab12Cd.js', SCRIPT);
  fs.writeFileSync(
    path.join(dist, 'app-paths.json'),
    JSON.stringify(['/', '/about', '/e/:org/:event', '/e/:org/:event/programme']),
  );
  t = await createTestApp({ FOYER_WEB_DIST: dist });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const browser = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br, zstd' };

describe('compressed web app and API answers', () => {
  it('sends the precompressed brotli copy of an asset, with Vary, and gzip to clients without brotli', async () => {
    const br = await t.app.inject({ url: '/assets/index-Ab12Cd.js', headers: browser });
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toContain('javascript');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);

    const gz = await t.app.inject({ url: '/assets/index-Ab12Cd.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);

    const plain = await t.app.inject({ url: '/assets/index-Ab12Cd.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('sends the page compressed at / and for client routes, 200 for known paths, 404 for others', async () => {
    for (const [url, status] of [
      ['/', 200],
      ['/about', 200],
      ['/about/', 200],
      ['/e/demo/festival', 200],
      ['/e/demo/festival/programme?day=2', 200],
      ['/no-such-page', 404],
      ['/e/demo', 404],
      ['/e/demo/festival/nothing', 404],
    ] as const) {
      const res = await t.app.inject({ url, headers: browser });
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toContain('<div id="root">');
    }
    const plain = await t.app.inject({ url: '/no-such-page', headers: { accept: 'text/html' } });
    expect(plain.statusCode).toBe(404);
    expect(plain.body).toContain('<div id="root">');
  });

  it('compresses a large API answer for a client that accepts it, and leaves it alone otherwise', async () => {
    const url = '/api/v1/openapi.json';
    const br = await t.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    const doc = JSON.parse(brotliDecompressSync(br.rawPayload).toString());
    expect(doc.openapi).toBe('3.1.0');
    const plain = await t.app.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body).openapi).toBe('3.1.0');
  });

  it('negotiates the encoding: brotli first, gzip next, q=0 refuses', () => {
    expect(preferredEncoding('gzip, deflate, br')).toBe('br');
    expect(preferredEncoding('gzip')).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip')).toBe('gzip');
    expect(preferredEncoding('*')).toBe('gzip');
    expect(preferredEncoding('identity')).toBeNull();
    expect(preferredEncoding(undefined)).toBeNull();
  });
});
