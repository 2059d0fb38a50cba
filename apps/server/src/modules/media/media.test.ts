import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, expectProblem, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { multipart, noisyPng, sidewaysJpegWithGps, windowsExecutable } from '../../platform/testing/media-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { mediaModule } from './index.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;

const auth = () => ({ authorization: `Bearer ${owner.accessToken}` });

async function upload(name: string, type: string, bytes: Buffer, app = t) {
  const body = multipart('file', name, type, bytes);
  return app.app.inject({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/media`,
    headers: { ...auth(), ...body.headers },
    payload: body.payload,
  });
}

async function storedKeys(app: TestApp, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of app.app.platform.storage.list(prefix)) keys.push(o.key);
  return keys;
}

beforeAll(async () => {
  t = await createTestApp({ MEDIA_QUOTA_BYTES: String(3 * 1024 * 1024) });
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (
    await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Media Org', slug: 'media-org' } })
  ).json().id;
});
afterAll(async () => t?.close());

describe('uploading', () => {
  it('stores an image with its sniffed type, size, sha256 and upright dimensions; the same bytes again are deduplicated', async () => {
    const jpeg = await sidewaysJpegWithGps();
    const res = await upload('holiday.png', 'application/octet-stream', jpeg);
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      kind: 'image',
      contentType: 'image/jpeg',
      size: jpeg.length,
      originalName: 'holiday.png',
      width: 200,
      height: 400,
      visibility: 'private',
      uploadedBy: owner.userId,
      url: null,
    });
    const again = await upload('copy.jpg', 'image/jpeg', jpeg);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: item.id, deduplicated: true });
    expect(await storedKeys(t, `media/${orgId}/`)).toEqual([`media/${orgId}/${item.id}`]);
  });

  it('refuses a renamed executable, naming the type it detected, and keeps nothing', async () => {
    const before = await storedKeys(t, 'media/');
    const res = await upload('cute-cat.jpg', 'image/jpeg', windowsExecutable());
    const problem = expectProblem(res, 415, 'MEDIA_TYPE_NOT_ALLOWED');
    expect(problem.detail).toMatch(/application\/x-msdownload \(\.exe\)/);
    expect(problem.errors?.[0]).toMatchObject({ field: 'file', message: 'application/x-msdownload' });
    expect(await storedKeys(t, 'media/')).toEqual(before);
  });

  it('refuses an upload past the organization’s quota with a clear problem, and nothing is left in storage', async () => {
    const first = await upload('noise-1.png', 'image/png', await noisyPng(800, 800, 1)); // ~1.9 MB
    expect(first.statusCode).toBe(201);
    const before = await storedKeys(t, 'media/');
    const res = await upload('noise-2.png', 'image/png', await noisyPng(800, 800, 2));
    const problem = expectProblem(res, 413, 'MEDIA_QUOTA_EXCEEDED');
    expect(problem.detail).toMatch(/quota of 3\.0 MB/);
    expect(await storedKeys(t, 'media/')).toEqual(before);
    await api.call('DELETE', `/api/v1/media/${first.json().id}`, { token: owner.accessToken });
  });

  it('refuses a file over the upload limit (413) and keeps nothing', async () => {
    const small = await createTestApp({ MEDIA_UPLOAD_LIMIT_BYTES: '20000' });
    try {
      const a = new Api(small.app);
      const u = await a.signup();
      const org = (
        await a.post('/api/v1/orgs', { token: u.accessToken, body: { name: 'Small', slug: 'small-media' } })
      ).json().id;
      const body = multipart('file', 'big.png', 'image/png', await noisyPng(120, 120));
      const res = await small.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org}/media`,
        headers: { authorization: `Bearer ${u.accessToken}`, ...body.headers },
        payload: body.payload,
      });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(await storedKeys(small, 'media/')).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('lets only members upload', async () => {
    const stranger = await api.signup();
    const body = multipart('file', 'x.jpg', 'image/jpeg', await sidewaysJpegWithGps());
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/media`,
      headers: { authorization: `Bearer ${stranger.accessToken}`, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('images', () => {
  let id: string;
  let imageUrl: string;
  beforeAll(async () => {
    const res = await upload('sideways.jpg', 'image/jpeg', await sidewaysJpegWithGps());
    id = res.json().id;
    const refused = await api.call('PATCH', `/api/v1/media/${id}`, {
      token: owner.accessToken,
      body: { visibility: 'public' },
    });
    expectProblem(refused, 422, 'MEDIA_ALT_TEXT_REQUIRED');
    const patched = await api.call('PATCH', `/api/v1/media/${id}`, {
      token: owner.accessToken,
      body: { visibility: 'public', altText: 'Red over blue' },
    });
    expect(patched.statusCode).toBe(200);
    imageUrl = patched.json().imageUrl;
  });

  const image = (query: string, accept = 'image/webp,image/*;q=0.8') =>
    t.app.inject({ method: 'GET', url: `/api/v1/media/${id}/image?${query}`, headers: { accept } });

  it('comes back upright and without EXIF or GPS, as WebP for a browser that accepts it and JPEG for one that does not', async () => {
    const webp = await image('w=120');
    expect(webp.statusCode).toBe(200);
    expect(webp.headers['content-type']).toBe('image/webp');
    expect(webp.headers.vary).toMatch(/Accept/);
    const meta = await sharp(webp.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([120, 240]);
    expect(meta.exif).toBeUndefined();
    // Upright: red on top, blue at the bottom.
    const { data } = await sharp(webp.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[2]).toBeLessThan(60);
    const last = data.length - 3;
    expect(data[last + 2]).toBeGreaterThan(200);
    expect(data[last]).toBeLessThan(60);

    const jpeg = await image('w=120', 'image/jpeg,image/png;q=0.9');
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    const jmeta = await sharp(jpeg.rawPayload).metadata();
    expect(jmeta.format).toBe('jpeg');
    expect(jmeta.exif).toBeUndefined();
    expect(jmeta.orientation).toBeUndefined();
    expect([jmeta.width, jmeta.height]).toEqual([120, 240]);
  });

  it('answers ?w=31 with the next width of the ladder, ?w=4000 with at most the original, ?w=0 with a validation problem', async () => {
    const w31 = await sharp((await image('w=31')).rawPayload).metadata();
    expect(w31.width).toBe(60);
    const w4000 = await image('w=4000');
    expect(w4000.statusCode).toBe(200);
    expect((await sharp(w4000.rawPayload).metadata()).width).toBe(200);
    expectProblem(await image('w=0'), 422, 'VALIDATION_FAILED');
  });

  it('crops to a box around the focal point', async () => {
    const res = await image('w=120&h=120&fit=cover&format=png');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([120, 120]);
    expect(res.headers.vary).toBeUndefined();
  });

  it('makes each variant once: the tenth identical request does no resizing', async () => {
    const { variants } = servicesOf(t.app.platform, mediaModule);
    const before = variants.resizes;
    for (let i = 0; i < 10; i++) expect((await image('w=480')).statusCode).toBe(200);
    expect(variants.resizes - before).toBe(1);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/foyer_media_image_resizes_total \d+/);
  });

  it('answers 304 to its ETag and is immutable at its content-addressed URL', async () => {
    const first = await t.app.inject({ method: 'GET', url: `${imageUrl}&w=240`, headers: { accept: 'image/webp' } });
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(first.headers.etag).toMatch(/^"[0-9a-f]{32}-240x-inside\.webp"$/);
    const again = await t.app.inject({
      method: 'GET',
      url: `${imageUrl}&w=240`,
      headers: { accept: 'image/webp', 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    const unversioned = await image('w=240');
    expect(unversioned.headers['cache-control']).toMatch(/must-revalidate/);
  });

  it('queues cold variants in a bounded pool and answers 503 with Retry-After past the queue', async () => {
    const busy = await createTestApp({ MEDIA_RESIZE_CONCURRENCY: '1', MEDIA_RESIZE_QUEUE: '1' });
    try {
      const a = new Api(busy.app);
      const u = await a.signup();
      const org = (
        await a.post('/api/v1/orgs', { token: u.accessToken, body: { name: 'Busy', slug: 'busy-media' } })
      ).json().id;
      const body = multipart('file', 'n.png', 'image/png', await noisyPng(900, 900, 5));
      const up = await busy.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org}/media`,
        headers: { authorization: `Bearer ${u.accessToken}`, ...body.headers },
        payload: body.payload,
      });
      const mediaId = up.json().id;
      await a.call('PATCH', `/api/v1/media/${mediaId}`, {
        token: u.accessToken,
        body: { visibility: 'public', altText: 'noise' },
      });
      const widths = [30, 60, 120, 240, 320, 480, 640, 800];
      const answers = await Promise.all(
        widths.map((w) => busy.app.inject({ method: 'GET', url: `/api/v1/media/${mediaId}/image?w=${w}&format=png` })),
      );
      const codes = answers.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(2);
      const refused = answers.filter((r) => r.statusCode === 503);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.headers['retry-after']).toBe('2');
      expect(refused[0]!.json().code).toBe('MEDIA_BUSY');
    } finally {
      await busy.close();
    }
  }, 60_000);
});

describe('serving originals', () => {
  let id: string;
  let bytes: Buffer;
  beforeAll(async () => {
    bytes = await noisyPng(64, 64, 9);
    id = (await upload('range.png', 'image/png', bytes)).json().id;
  });

  it('serves a private file only by a signed URL, until it expires, and never for another file', async () => {
    const plain = await t.app.inject({ method: 'GET', url: `/api/v1/media/${id}/file` });
    expect(plain.statusCode).toBe(404);
    const signed = await api.post(`/api/v1/media/${id}/signed-url`, {
      token: owner.accessToken,
      body: { expiresInSeconds: 60 },
    });
    expect(signed.statusCode).toBe(200);
    const { url } = signed.json();
    const ok = await t.app.inject({ method: 'GET', url });
    expect(ok.statusCode).toBe(200);
    expect(ok.rawPayload.equals(bytes)).toBe(true);
    expect(ok.headers['cache-control']).toBe('private, no-store');

    const otherId = (await upload('other.png', 'image/png', await noisyPng(32, 32, 10))).json().id;
    const forOther = await t.app.inject({ method: 'GET', url: url.replace(id, otherId) });
    expectProblem(forOther, 403, 'SIGNED_URL_INVALID');
    const tampered = await t.app.inject({ method: 'GET', url: url.replace(/expires=\d+/, (m: string) => `${m}1`) });
    expectProblem(tampered, 403, 'SIGNED_URL_INVALID');

    const { media } = servicesOf(t.app.platform, mediaModule);
    const expired = media.signedUrl(await media.get(id), -1);
    const gone = await t.app.inject({ method: 'GET', url: expired.url });
    expect(expectProblem(gone, 403, 'SIGNED_URL_INVALID').detail).toMatch(/expired/);
  });

  it('stops serving a public file the moment it is made private, although served rows are kept for a second', async () => {
    const shy = (await upload('shy.png', 'image/png', await noisyPng(40, 40, 11))).json().id;
    const publish = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${shy}`,
      headers: auth(),
      payload: { altText: 'Grey noise', visibility: 'public' },
    });
    expect(publish.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/media/${shy}/file` })).statusCode).toBe(200);
    const hide = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${shy}`,
      headers: auth(),
      payload: { visibility: 'private' },
    });
    expect(hide.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/media/${shy}/file` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/media/${shy}/image?w=30` })).statusCode).toBe(404);
  });

  it('answers Range with 206, a range past the end with 416, HEAD without a body, and its ETag with 304', async () => {
    const { media } = servicesOf(t.app.platform, mediaModule);
    const { url } = media.signedUrl(await media.get(id), 60);
    const part = await t.app.inject({ method: 'GET', url, headers: { range: 'bytes=10-19' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${bytes.length}`);
    expect(part.rawPayload.equals(bytes.subarray(10, 20))).toBe(true);
    const tail = await t.app.inject({ method: 'GET', url, headers: { range: 'bytes=-5' } });
    expect(tail.rawPayload.equals(bytes.subarray(bytes.length - 5))).toBe(true);
    const past = await t.app.inject({ method: 'GET', url, headers: { range: `bytes=${bytes.length}-` } });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${bytes.length}`);
    const head = await t.app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(bytes.length);
    expect(head.rawPayload.length).toBe(0);
    const etag = head.headers.etag as string;
    expect((await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
  });
});

describe('where media is used', () => {
  it('attaches a described image to an event; deleting it then answers 409 listing where; after detaching it deletes', async () => {
    const event = await api.post(`/api/v1/orgs/${orgId}/events`, {
      token: owner.accessToken,
      body: {
        name: 'Cover Festival',
        slug: 'cover-festival',
        kind: 'festival',
        format: 'in_person',
        timezone: 'Europe/Berlin',
        startsAt: '2027-07-01T10:00:00+02:00',
        endsAt: '2027-07-03T23:00:00+02:00',
      },
    });
    expect(event.statusCode).toBe(201);
    const eventId = event.json().id;
    const item = (await upload('cover.png', 'image/png', await noisyPng(80, 40, 21))).json();
    const put = (body: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/events/${eventId}/media/cover`,
        headers: auth(),
        payload: body as object,
      });
    expectProblem(await put({ mediaId: item.id }), 422, 'MEDIA_ALT_TEXT_REQUIRED');
    await api.call('PATCH', `/api/v1/media/${item.id}`, {
      token: owner.accessToken,
      body: { altText: 'The stage at dusk' },
    });
    const attached = await put({ mediaId: item.id });
    expect(attached.statusCode).toBe(200);
    expect(attached.json()).toMatchObject({ visibility: 'public' });

    const shown = await t.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}/media` });
    expect(shown.json().items).toMatchObject([{ role: 'cover', media: { id: item.id, altText: 'The stage at dusk' } }]);
    const usage = await api.get(`/api/v1/media/${item.id}/usage`, { token: owner.accessToken });
    expect(usage.json().items).toEqual([{ subjectType: 'event', subjectId: eventId, role: 'cover' }]);

    const refused = await api.call('DELETE', `/api/v1/media/${item.id}`, { token: owner.accessToken });
    const problem = expectProblem(refused, 409, 'MEDIA_IN_USE');
    expect(problem.detail).toContain(`cover of event ${eventId}`);

    const detached = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/events/${eventId}/media/cover`,
      headers: auth(),
    });
    expect(detached.statusCode).toBe(204);
    expect((await api.call('DELETE', `/api/v1/media/${item.id}`, { token: owner.accessToken })).statusCode).toBe(204);
    expect(await storedKeys(t, `media/${orgId}/${item.id}`)).toEqual([]);
    expect(await storedKeys(t, `variants/${orgId}/${item.id}/`)).toEqual([]);
  });

  it('lists the library newest first, filtered by kind and searched by name', async () => {
    const all = await api.get(`/api/v1/orgs/${orgId}/media?kind=image&q=holi`, { token: owner.accessToken });
    expect(all.statusCode).toBe(200);
    expect(all.json().items.map((i: { originalName: string }) => i.originalName)).toEqual(['holiday.png']);
    const docs = await api.get(`/api/v1/orgs/${orgId}/media?kind=document`, { token: owner.accessToken });
    expect(docs.json().items).toEqual([]);
  });

  it('the daily clean-up removes stray originals and variants of deleted or replaced content', async () => {
    const { housekeeping } = servicesOf(t.app.platform, mediaModule);
    const storage = t.app.platform.storage;
    await storage.put(`media/${orgId}/00000000-0000-4000-8000-000000000000`, Buffer.from('stray'));
    await storage.put(`variants/${orgId}/00000000-0000-4000-8000-000000000000/abc/60x-inside.webp`, Buffer.from('v'));
    const later = new Date(Date.now() + 2 * 60 * 60 * 1000);
    const result = await housekeeping.run(later);
    expect(result.originals).toBe(1);
    expect(result.variants).toBeGreaterThanOrEqual(1);
    expect(await storage.stat(`media/${orgId}/00000000-0000-4000-8000-000000000000`)).toBeNull();
    // Items still recorded keep their files.
    const listed = await api.get(`/api/v1/orgs/${orgId}/media`, { token: owner.accessToken });
    for (const item of listed.json().items) {
      expect(await storedKeys(t, `media/${orgId}/${item.id}`)).toHaveLength(1);
    }
  });
});
