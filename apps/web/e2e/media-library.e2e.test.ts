import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsExecutable } from '../../server/src/platform/testing/media-test-kit.ts';
import { expectAccessible } from './axe.ts';
import { expectNoProblemsBut, newUser, signUpVerified, type TestUser } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';

// The organization's media library: drag-and-drop of several files with a
// progress bar each (a renamed executable refused beside its name), search,
// filter by kind, alt text, where an image is used; desktop and phone, en/de.
let harness: Harness;
let page: Page;
let user: TestUser;
let token: string;
let orgId: string;
let eventId: string;

const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${harness.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });

async function picture(width: number, height: number, colour: string, label: string): Promise<Buffer> {
  const text = Buffer.from(
    `<svg width="${width}" height="${height}"><text x="50%" y="55%" font-size="${Math.round(height / 5)}" text-anchor="middle" fill="white" font-family="sans-serif">${label}</text></svg>`,
  );
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .composite([{ input: text }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Drops files on the drop zone as a person dragging them from the desktop would. */
async function dropFiles(target: Page, files: { name: string; type: string; bytes: Buffer }[]) {
  const transfer = await target.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      return dt;
    },
    files.map((f) => ({ name: f.name, type: f.type, bytes: [...f.bytes] })),
  );
  await target.getByTestId('media-dropzone').dispatchEvent('dragover', { dataTransfer: transfer });
  await target.getByTestId('media-dropzone').dispatchEvent('drop', { dataTransfer: transfer });
}

beforeAll(async () => {
  harness = await startHarness();
  user = newUser('Mira');
  page = await harness.newPage();
  await signUpVerified(harness, page, user);
  const login = await fetch(`${harness.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  token = ((await login.json()) as { accessToken: string }).accessToken;
  orgId = (
    (await (
      await api('/api/v1/orgs', { method: 'POST', body: { name: 'Harbour Media', slug: 'harbour-media' } })
    ).json()) as { id: string }
  ).id;
  const startsAt = Date.parse('2027-07-01T10:00:00Z');
  const event = await api(`/api/v1/orgs/${orgId}/events`, {
    method: 'POST',
    body: {
      name: 'Harbour Nights',
      slug: 'harbour-nights',
      kind: 'festival',
      format: 'in_person',
      timezone: 'Europe/Berlin',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 8 * 3_600_000).toISOString(),
    },
  });
  expect(event.status).toBe(201);
  eventId = ((await event.json()) as { id: string }).id;
});

afterAll(async () => {
  await harness?.close();
});

describe('the media library', () => {
  it('uploads several dropped files with a progress bar each and refuses a renamed executable', async () => {
    await page.goto(`/orgs/${orgId}/media`);
    await page.getByRole('heading', { level: 2, name: 'Media' }).waitFor();
    await page.getByTestId('media-empty').waitFor();
    await dropFiles(page, [
      { name: 'sunset-pier.jpg', type: 'image/jpeg', bytes: await picture(1600, 1000, '#c2410c', 'Sunset') },
      { name: 'stage-crowd.jpg', type: 'image/jpeg', bytes: await picture(1200, 1200, '#1d4ed8', 'Stage') },
      { name: 'cute-cat.jpg', type: 'image/jpeg', bytes: windowsExecutable() },
    ]);
    const uploads = page.getByTestId('media-upload');
    await expect.poll(() => uploads.count()).toBe(3);
    for (const name of ['sunset-pier.jpg', 'stage-crowd.jpg', 'cute-cat.jpg']) {
      expect(await page.getByRole('progressbar', { name: `Upload of ${name}` }).count()).toBe(1);
    }
    await page.locator('[data-testid=media-upload][data-state=done]').nth(1).waitFor();
    const refused = page.locator('[data-testid=media-upload][data-state=failed]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('cute-cat.jpg');
    expect(await refused.getByRole('alert').textContent()).toContain('This kind of file cannot be uploaded');
    expect(
      await page.getByRole('progressbar', { name: 'Upload of sunset-pier.jpg' }).getAttribute('aria-valuenow'),
    ).toBe('100');
    await expect.poll(() => page.getByTestId('media-card').count()).toBe(2);
    // New uploads are private: their thumbnails come through signed links.
    await page.getByRole('button', { name: 'Open sunset-pier.jpg' }).locator('img').waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('button', { name: 'Open sunset-pier.jpg' })
          .locator('img')
          .evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await screenshot(page, 'media-library-desktop');
    await expectAccessible(page, 'the media library');
  });

  it('searches by name and filters by kind', async () => {
    await page.getByRole('textbox', { name: 'Search' }).fill('sunset');
    await expect.poll(() => page.getByTestId('media-card').count()).toBe(1);
    await page.getByRole('textbox', { name: 'Search' }).fill('');
    await expect.poll(() => page.getByTestId('media-card').count()).toBe(2);
    await page.getByText('Videos', { exact: true }).click();
    await page.getByText('No media match these filters.').waitFor();
    await page.getByText('Images', { exact: true }).click();
    await expect.poll(() => page.getByTestId('media-card').count()).toBe(2);
  });

  it('edits the alt text, makes the image public, and shows where it is used', async () => {
    await page.getByRole('button', { name: 'Open sunset-pier.jpg' }).click();
    const drawer = page.getByRole('dialog', { name: 'sunset-pier.jpg' });
    await drawer.getByTestId('media-unused').waitFor();
    await drawer.getByRole('textbox', { name: 'Alt text' }).fill('The pier at sunset, orange sky');
    await drawer.getByRole('button', { name: 'Save alt text' }).click();
    await drawer.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await drawer.locator('label', { hasText: 'Public' }).first().click();
    await expect.poll(() => drawer.getByRole('switch', { name: /Public/ }).isChecked()).toBe(true);

    const list = (await (await api(`/api/v1/orgs/${orgId}/media?q=sunset`)).json()) as {
      items: { id: string; altText: string; visibility: string }[];
    };
    expect(list.items[0]).toMatchObject({ altText: 'The pier at sunset, orange sky', visibility: 'public' });
    const attach = await api(`/api/v1/events/${eventId}/media/cover`, {
      method: 'PUT',
      body: { mediaId: list.items[0]!.id },
    });
    expect(attach.status).toBe(200);

    await drawer.getByRole('button', { name: 'Close' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Open sunset-pier.jpg' }).click();
    const again = page.getByRole('dialog', { name: 'sunset-pier.jpg' });
    await again.getByRole('link', { name: 'Event: cover image' }).waitFor();
    expect(await again.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    await screenshot(page, 'media-library-drawer-desktop', { fullPage: false });
    await expectAccessible(page, 'the media item drawer');
    expectNoProblemsBut(harness, page, [415]);
  });

  it('shows the cover on the public event page as a responsive image from the variants', async () => {
    const published = await api(`/api/v1/events/${eventId}/status`, { method: 'POST', body: { status: 'published' } });
    expect(published.status).toBe(200);
    const visitor = await harness.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await visitor.goto('/e/harbour-media/harbour-nights');
    const cover = visitor.getByRole('img', { name: 'The pier at sunset, orange sky' });
    await cover.waitFor();
    const srcset = (await cover.getAttribute('srcset')) ?? '';
    const candidates = srcset.split(', ').map((c) => c.split(' ')[1]);
    // The original is 1600 px wide: 320 … 1600, nothing wider.
    expect(candidates).toEqual(['320w', '480w', '640w', '800w', '960w', '1200w', '1440w', '1600w']);
    expect(await cover.getAttribute('sizes')).toContain('100vw');
    // A 390 px phone at 2× needs ~716 px: the browser picks the 800 px variant, not the original.
    // (naturalWidth is in CSS pixels once srcset chose: 800 image pixels shown at the density the choice implies.)
    await expect
      .poll(() =>
        cover.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0),
      )
      .toBe(true);
    expect(await cover.evaluate((img) => (img as HTMLImageElement).currentSrc)).toMatch(/\/image\?v=[0-9a-f]+&w=800$/);
    await screenshot(visitor, 'media-event-cover-phone');
    await expectAccessible(visitor, 'the public event page with its cover');
    expect(harness.browserProblems(visitor)).toEqual([]);
    await visitor.context().close();
  });

  it('chooses the cover on the event form, refusing an image without alt text', async () => {
    await page.goto(`/orgs/${orgId}/events/${eventId}`);
    const section = page.getByRole('region', { name: 'Cover image' });
    await section.getByRole('img', { name: 'The pier at sunset, orange sky' }).waitFor();
    await section.getByRole('button', { name: 'Remove cover image' }).click();
    await section.getByText('No cover image yet.').waitFor();
    await section.getByRole('button', { name: 'Choose a cover image' }).click();
    const picker = page.getByRole('dialog', { name: 'Choose the cover image' });
    await picker.getByRole('button', { name: 'Use stage-crowd.jpg as the cover' }).click();
    expect(await picker.getByRole('alert').textContent()).toContain(
      'Give this image alt text in the media library first',
    );
    await picker.getByRole('button', { name: 'Use sunset-pier.jpg as the cover' }).click();
    await picker.waitFor({ state: 'hidden' });
    await section.getByRole('img', { name: 'The pier at sunset, orange sky' }).waitFor();
    await screenshot(page, 'media-event-cover-picker');
    await expectAccessible(page, 'the event form with its cover');
    expectNoProblemsBut(harness, page, [415, 422]);
  });

  it('works on a phone, in German', async () => {
    const phone = await harness.newPage({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    await phone.goto('/login');
    await phone.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(user.email);
    await phone.getByRole('textbox', { name: 'Passwort', exact: true }).fill(user.password);
    await phone.getByRole('main').getByRole('button', { name: 'Einloggen' }).click();
    await phone.getByTestId('user-menu').waitFor();
    await phone.goto(`/orgs/${orgId}/media`);
    await phone.getByRole('heading', { level: 2, name: 'Medien' }).waitFor();
    await expect.poll(() => phone.getByTestId('media-card').count()).toBe(2);
    await phone.getByText('Dateien hier ablegen, um sie hochzuladen').waitFor();
    // Sizes in German notation (the default quota is 10 GiB).
    expect(await phone.getByTestId('media-quota').textContent()).toMatch(/ von 10,7 GB belegt$/);
    await screenshot(phone, 'media-library-phone-de');
    await expectAccessible(phone, 'the media library on a phone');
    const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    expect(harness.browserProblems(phone)).toEqual([]);
  });
});
