import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let dist: string;
const html = { accept: 'text/html' };
const post = (url: string, body: unknown) => api.post(url, { token: owner.accessToken, body });

async function event(slug: string, fields: Record<string, unknown>, publish: boolean) {
  const res = await post(`/api/v1/orgs/${orgId}/events`, {
    slug,
    kind: 'festival',
    format: 'in_person',
    timezone: 'Europe/Berlin',
    startsAt: '2027-07-01T10:00:00+02:00',
    endsAt: '2027-07-03T22:00:00+02:00',
    ...fields,
  });
  expect(res.statusCode, res.body).toBe(201);
  if (publish) await post(`/api/v1/events/${res.json().id}/status`, { status: 'published' });
}
let orgId: string;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-web-'));
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>Foyer</title></head><body><div id="root"></div></body></html>',
  );
  t = await createTestApp({ FOYER_WEB_DIST: dist, PUBLIC_URL: 'https://foyer.example' });
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (await post('/api/v1/orgs', { name: 'Meta & Co', slug: 'meta-co' })).json().id;
  await event(
    'open-air',
    { name: 'Open <Air> "Night"', summary: 'Bands & <b>beats</b> by the "river"', coverImage: '/media/cover.jpg' },
    true,
  );
  await event('secret-plans', { name: 'Secret Plans' }, false);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('event page metadata', () => {
  it('puts the event’s title, description and Open Graph tags into the page, HTML-escaped', async () => {
    for (const url of ['/e/meta-co/open-air', '/e/meta-co/open-air/programme?day=2027-07-01']) {
      const res = await t.app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      const body = res.body;
      expect(body).toContain('<title>Open &lt;Air&gt; &quot;Night&quot; · Meta &amp; Co</title>');
      expect(body).toContain(
        '<meta name="description" content="Bands &amp; &lt;b&gt;beats&lt;/b&gt; by the &quot;river&quot;">',
      );
      expect(body).toContain('<meta property="og:title" content="Open &lt;Air&gt; &quot;Night&quot; · Meta &amp; Co">');
      expect(body).toContain('<meta property="og:type" content="website">');
      expect(body).toContain('<meta property="og:url" content="https://foyer.example/e/meta-co/open-air">');
      expect(body).toContain('<meta property="og:image" content="https://foyer.example/media/cover.jpg">');
      expect(body).not.toContain('<Air>');
      expect(body.match(/<title>/g)).toHaveLength(1);
      expect(body).toContain('<div id="root"></div>');
    }
  });

  it('leaves pages of drafts and unknown events as they are (no leak of a draft’s name)', async () => {
    for (const url of ['/e/meta-co/secret-plans', '/e/meta-co/nothing', '/about']) {
      const res = await t.app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>Foyer</title>');
      expect(res.body, url).not.toContain('og:title');
      expect(res.body).not.toContain('Secret Plans');
    }
  });
});
