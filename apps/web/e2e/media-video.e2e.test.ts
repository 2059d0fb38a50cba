import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, REPO_ROOT, startHarness } from './harness.ts';

// A stored video played and sought in Chromium's own <video> element: Chromium
// only treats a media resource as seekable when the server answers its
// `Range: bytes=0-` with 206 and byte ranges, so a seek that lands on the
// right frame is the browser's own proof that Range serving works.
//
// The fixture is 12 s of a red field whose hue turns 30° a second, under
// temporal noise so it does not compress to nothing (~700 KB), VP9 in WebM with a
// key frame every second, made with Debian's ffmpeg:
//   ffmpeg -f lavfi -i "color=c=red:s=320x240:r=10:d=12,hue=h=30*t,noise=alls=12:allf=t" \
//     -c:v libvpx-vp9 -b:v 200k -g 10 -an apps/web/e2e/fixtures/hue-12s.webm
// So the frame at t seconds has hue 30·t degrees (mod 360).
const VIDEO = readFileSync(join(REPO_ROOT, 'apps/web/e2e/fixtures/hue-12s.webm'));

let harness: Harness;
let page: Page;
let mediaId: string;

async function json(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

beforeAll(async () => {
  harness = await startHarness();
  const base = harness.baseUrl;
  await json(
    await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'video@media.foyer.test', password: 'violet tram quietly folds 42', name: 'V' }),
    }),
  );
  // Sign-up answers alike for new and known addresses (no tokens): then sign in.
  const session = await json(
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'video@media.foyer.test', password: 'violet tram quietly folds 42' }),
    }),
  );
  const auth = { authorization: `Bearer ${String(session.accessToken)}` };
  const org = await json(
    await fetch(`${base}/api/v1/orgs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Video Org', slug: 'video-org' }),
    }),
  );
  const form = new FormData();
  form.append('file', new Blob([VIDEO], { type: 'video/webm' }), 'hue.webm');
  const item = await json(
    await fetch(`${base}/api/v1/orgs/${String(org.id)}/media`, { method: 'POST', headers: auth, body: form }),
  );
  expect(item).toMatchObject({ kind: 'video', contentType: 'video/webm', size: VIDEO.length });
  mediaId = String(item.id);
  await json(
    await fetch(`${base}/api/v1/media/${mediaId}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ visibility: 'public' }),
    }),
  );
  page = await harness.newPage();
});

afterAll(async () => {
  await harness?.close();
});

describe('a stored video in Chromium', () => {
  it('is seekable and lands on the frame asked for, served with Range (206)', async () => {
    const src = `/api/v1/media/${mediaId}/file`;
    const answers: { range: string | undefined; status: number; contentRange: string | undefined }[] = [];
    page.on('response', async (response) => {
      if (!response.url().includes(src)) return;
      const headers = await response.request().allHeaders();
      answers.push({
        range: headers.range,
        status: response.status(),
        contentRange: response.headers()['content-range'],
      });
    });
    // A page of the app's own origin, so the frame can be read back through a canvas.
    await page.goto('/');
    const loaded = await page.evaluate(async (url) => {
      const video = document.createElement('video');
      video.muted = true;
      video.preload = 'metadata';
      video.src = url;
      video.id = 'under-test';
      document.body.append(video);
      await new Promise<void>((resolve, reject) => {
        video.addEventListener('loadedmetadata', () => resolve(), { once: true });
        video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code}`)), { once: true });
      });
      return {
        duration: video.duration,
        seekable: video.seekable.length > 0 ? [video.seekable.start(0), video.seekable.end(0)] : null,
      };
    }, src);
    expect(loaded.duration).toBeGreaterThan(11.5);
    expect(loaded.duration).toBeLessThan(12.5);
    // Without byte ranges Chromium reports nothing (or only what it has) as seekable.
    expect(loaded.seekable).not.toBeNull();
    expect(loaded.seekable![1]).toBeCloseTo(loaded.duration, 0);

    for (const target of [9.05, 3.05]) {
      const frame = await page.evaluate(async (t) => {
        const video = document.getElementById('under-test') as HTMLVideoElement;
        await new Promise<void>((resolve) => {
          video.addEventListener('seeked', () => resolve(), { once: true });
          video.currentTime = t;
        });
        // The decoded frame at the new position, averaged over the middle of the picture.
        const canvas = document.createElement('canvas');
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const context = canvas.getContext('2d')!;
        context.drawImage(video, 0, 0);
        const { data } = context.getImageData(canvas.width / 2 - 40, canvas.height / 2 - 40, 80, 80);
        let r = 0;
        let g = 0;
        let b = 0;
        for (let i = 0; i < data.length; i += 4) {
          r += data[i]!;
          g += data[i + 1]!;
          b += data[i + 2]!;
        }
        const n = data.length / 4;
        return { currentTime: video.currentTime, readyState: video.readyState, rgb: [r / n, g / n, b / n] };
      }, target);
      expect(frame.currentTime).toBeCloseTo(target, 1);
      expect(frame.readyState).toBeGreaterThanOrEqual(2);
      expect(hueDistance(hueOf(frame.rgb as [number, number, number]), (30 * target) % 360)).toBeLessThan(25);
    }

    // Chromium asked with Range and was answered with byte ranges.
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.range).toMatch(/^bytes=\d+-\d*$/);
      expect(answer.status).toBe(206);
      expect(answer.contentRange).toMatch(new RegExp(`^bytes \\d+-\\d+/${VIDEO.length}$`));
    }
    expect(harness.browserProblems(page)).toEqual([]);
  });
});

function hueOf([r, g, b]: [number, number, number]): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
}
