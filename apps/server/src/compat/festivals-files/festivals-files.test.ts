import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../../platform/testing/api-test-kit.ts';
import { multipart, windowsExecutable } from '../../platform/testing/media-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let key: string;
let orgId: string;

const colour = (background: string, width = 1200, height = 800) =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .toBuffer();

/** A one-page PDF (what file-type recognises as application/pdf). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

function send(method: 'POST' | 'PATCH', url: string, field: string, name: string, bytes: Buffer, token = key) {
  const body = multipart(field, name, 'application/octet-stream', bytes);
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...body.headers },
    payload: body.payload,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  const api = new Api(t.app);
  const owner = await api.signup();
  orgId = (
    await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Fest', slug: 'fest-files' } })
  ).json().id;
  key = (
    await api.post(`/api/v1/orgs/${orgId}/api-keys`, {
      token: owner.accessToken,
      body: { name: 'festivals', scopes: ['catalog:write'] },
    })
  ).json().key;
});
afterAll(async () => t?.close());

describe('FestivalsApp file server', () => {
  let file: string;

  it('uploads an image (field `image`) and answers its file name', async () => {
    const res = await send(
      'POST',
      '/compat/festivals/files/images/upload',
      'image',
      'poster.jpg',
      await colour('#ff0000'),
    );
    expect(res.statusCode).toBe(201);
    file = res.body;
    expect(file).toMatch(/^[0-9a-f-]{36}\.jpg$/);
    const original = await t.app.inject({ method: 'GET', url: `/compat/festivals/files/images/${file}` });
    expect(original.statusCode).toBe(200);
    expect((await sharp(original.rawPayload).metadata()).width).toBe(1200);
  });

  it('fits the image into the box asked for, keeping the aspect ratio, in its own format', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/compat/festivals/files/images/${file}?width=500&height=500`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(res.rawPayload).metadata();
    expect(meta.width).toBeLessThanOrEqual(500);
    expect(meta.height).toBeLessThanOrEqual(500);
    expect(meta.width! / meta.height!).toBeCloseTo(1.5, 1);
    const tiny = await sharp(
      (await t.app.inject({ method: 'GET', url: `/compat/festivals/files/images/${file}?width=5` })).rawPayload,
    ).metadata();
    expect(tiny.width).toBe(30);
  });

  it('PATCH replaces the image and drops its cached sizes', async () => {
    const before = await t.app.inject({ method: 'GET', url: `/compat/festivals/files/images/${file}?width=240` });
    const red = (await sharp(before.rawPayload).raw().toBuffer())[0]!;
    expect(red).toBeGreaterThan(200);
    const res = await send(
      'PATCH',
      `/compat/festivals/files/images/${file}`,
      'image',
      'poster-v2.jpg',
      await colour('#0000ff'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(file);
    const after = await t.app.inject({ method: 'GET', url: `/compat/festivals/files/images/${file}?width=240` });
    const px = await sharp(after.rawPayload).raw().toBuffer();
    expect(px[0]).toBeLessThan(60);
    expect(px[2]).toBeGreaterThan(200);
    const id = file.split('.')[0];
    const keys: string[] = [];
    for await (const o of t.app.platform.storage.list(`variants/${orgId}/${id}/`)) keys.push(o.key);
    // Only the size made after the replacement is left.
    expect(keys).toHaveLength(1);
  });

  it('uploads, serves and replaces PDFs under /pdf, and refuses an image there', async () => {
    const up = await send('POST', '/compat/festivals/files/pdf/upload', 'pdf', 'programme.pdf', PDF);
    expect(up.statusCode).toBe(201);
    expect(up.body).toMatch(/\.pdf$/);
    const got = await t.app.inject({ method: 'GET', url: `/compat/festivals/files/pdf/${up.body}` });
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.rawPayload.equals(PDF)).toBe(true);
    const v2 = Buffer.concat([PDF, Buffer.from('% v2\n')]);
    expect((await send('PATCH', `/compat/festivals/files/pdf/${up.body}`, 'pdf', 'programme.pdf', v2)).statusCode).toBe(
      200,
    );
    expect(
      (await t.app.inject({ method: 'GET', url: `/compat/festivals/files/pdf/${up.body}` })).rawPayload.equals(v2),
    ).toBe(true);
    const wrong = await send(
      'POST',
      '/compat/festivals/files/pdf/upload',
      'pdf',
      'x.pdf',
      await colour('#00ff00', 40, 40),
    );
    expectProblem(wrong, 415, 'MEDIA_TYPE_NOT_ALLOWED');
  });

  it('refuses files over 10 MB, executables, the wrong field, and writers without credentials', async () => {
    const big = Buffer.concat([await colour('#ffffff', 40, 40), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    expectProblem(
      await send('POST', '/compat/festivals/files/images/upload', 'image', 'big.jpg', big),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectProblem(
      await send('POST', '/compat/festivals/files/images/upload', 'image', 'a.jpg', windowsExecutable()),
      415,
      'MEDIA_TYPE_NOT_ALLOWED',
    );
    expectProblem(
      await send('POST', '/compat/festivals/files/images/upload', 'file', 'a.jpg', await colour('#123456', 40, 40)),
      422,
      'VALIDATION_FAILED',
    );
    const anonymous = multipart('image', 'a.jpg', 'image/jpeg', await colour('#654321', 40, 40));
    const res = await t.app.inject({
      method: 'POST',
      url: '/compat/festivals/files/images/upload',
      headers: anonymous.headers,
      payload: anonymous.payload,
    });
    expect(res.statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/compat/festivals/files/images/not-a-file.jpg' })).statusCode,
    ).toBe(404);
  });
});
