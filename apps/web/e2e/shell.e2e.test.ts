import { Readiness, VersionInfo } from '@foyer/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, screenshot, startHarness } from './harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function apiJson(path: string): Promise<unknown> {
  const res = await fetch(`${harness.baseUrl}${path}`);
  return res.json();
}

const colorScheme = (page: Page) => page.locator('html').getAttribute('data-mantine-color-scheme');

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/** Fails the test if the page logged errors or threw, e.g. because of a CSP violation. */
function expectNoBrowserProblems(page: Page) {
  expect(harness.browserProblems(page)).toEqual([]);
}

describe('web shell', () => {
  it('renders the shell on the home page', async () => {
    const page = await harness.newPage();
    await page.goto('/');

    await page.getByRole('heading', { level: 1, name: 'Every event, one foyer' }).waitFor();
    expect(await page.getByRole('banner').getByRole('link', { name: 'Foyer' }).isVisible()).toBe(true);
    expect(await mainNav(page).getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page');
    expect(await mainNav(page).getByRole('link', { name: 'About this instance' }).isVisible()).toBe(true);
    expect(await page.getByRole('main').getByText('CPD courses').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /^EN, language:/ }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Foyer');
    expectNoBrowserProblems(page);
  });

  it('shows the version and readiness from the API on the About page', async () => {
    const version = VersionInfo.parse(await apiJson('/api/v1/version'));
    const readiness = Readiness.parse(await apiJson('/readyz'));
    const page = await harness.newPage();
    await page.goto('/');

    await mainNav(page).getByRole('link', { name: 'About this instance' }).click();
    await page.waitForURL('**/about');
    await page.getByRole('heading', { level: 1, name: 'About this instance' }).waitFor();
    await page.getByRole('main').getByText(version.version, { exact: true }).waitFor();
    expect(await page.getByText(version.node, { exact: true }).isVisible()).toBe(true);

    const overall = page.getByTestId('readiness-overall');
    await overall.waitFor();
    expect(await overall.textContent()).toContain('Ready');
    for (const check of readiness.checks) {
      const row = page.getByRole('row', { name: new RegExp(`^${check.name}\\b`) });
      expect(await row.textContent()).toContain(check.ok ? 'OK' : 'Failing');
    }
    expect(await page.title()).toBe('About this instance · Foyer');
    expectNoBrowserProblems(page);
  });

  it('loads /about directly (SPA fallback)', async () => {
    const version = VersionInfo.parse(await apiJson('/api/v1/version'));
    const page = await harness.newPage();
    const response = await page.goto('/about');

    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'About this instance' }).waitFor();
    await page.getByRole('main').getByText(version.version, { exact: true }).waitFor();
    expectNoBrowserProblems(page);
  });

  it('switches the UI to German and remembers the choice', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Every event, one foyer' }).waitFor();

    await page.getByRole('button', { name: /^EN, language:/ }).click();
    await page.getByRole('menuitem', { name: 'Deutsch' }).click();

    await page.getByRole('heading', { level: 1, name: 'Jede Veranstaltung, ein Foyer' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const germanNav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await germanNav.getByRole('link', { name: 'Über diese Instanz' }).isVisible()).toBe(true);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Jede Veranstaltung, ein Foyer' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await screenshot(page, 'home-de-light');

    await germanNav.getByRole('link', { name: 'Über diese Instanz' }).click();
    await page.getByTestId('readiness-overall').getByText('Bereit').waitFor();
    await screenshot(page, 'about-de-light');
    expectNoBrowserProblems(page);
  });

  it('picks German from the browser language when nothing is stored', async () => {
    const page = await harness.newPage({ locale: 'de-DE' });
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Jede Veranstaltung, ein Foyer' }).waitFor();
    // Issue #14: on a first visit in German, the switcher and dates were in English.
    expect(await page.getByRole('button', { name: /^DE, Sprache:/ }).isVisible()).toBe(true);

    await page.goto('/about');
    const startedAt = page.getByRole('row', { name: /^Gestartet am/ }).locator('time');
    await startedAt.waitFor();
    expect(await startedAt.textContent()).toMatch(
      /^\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4} um \d{2}:\d{2}:\d{2}$/,
    );
    expectNoBrowserProblems(page);
  });

  it('toggles dark mode and remembers it', async () => {
    const page = await harness.newPage({ colorScheme: 'light' });
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await colorScheme(page)).toBe('light');

    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    expect(await colorScheme(page)).toBe('dark');
    await page.getByRole('button', { name: 'Switch to light mode' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await colorScheme(page)).toBe('dark');

    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    expect(await colorScheme(page)).toBe('light');
    expectNoBrowserProblems(page);
  });

  it('follows the system colour scheme until the visitor chooses', async () => {
    const page = await harness.newPage({ colorScheme: 'dark' });
    await page.goto('/');
    await page.getByRole('button', { name: 'Switch to light mode' }).waitFor();
    expect(await colorScheme(page)).toBe('dark');
  });

  it('shows the 404 page for an unknown path', async () => {
    const page = await harness.newPage();
    const response = await page.goto('/no-such-page');

    // The server knows the app's paths: an unknown one is a 404 (still the app, which shows the page).
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('/no-such-page');
    // The shell stays so people can navigate on.
    expect(await mainNav(page).getByRole('link', { name: 'Home' }).isVisible()).toBe(true);
    await page.getByRole('main').getByRole('link', { name: 'Go to the home page' }).click();
    await page.getByRole('heading', { level: 1, name: 'Every event, one foyer' }).waitFor();
    expectNoBrowserProblems(page);
  });

  it("shows the API's problem title and detail when a query fails", async () => {
    const page = await harness.newPage();
    await page.route('**/api/v1/version', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'https://foyer.dev/problems/not-found',
          title: 'Version unavailable',
          status: 404,
          detail: 'This instance does not publish its version.',
          code: 'NOT_FOUND',
        }),
      }),
    );
    await page.goto('/about');

    const alert = page.getByRole('alert').filter({ hasText: 'Version unavailable' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This instance does not publish its version.');
    expect(await alert.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await screenshot(page, 'about-query-error-light');
  });

  it('shows a friendly message with a reload action when a page crashes', async () => {
    const page = await harness.newPage();
    // Make the About page's date formatting throw during render: the cheapest
    // way to trigger the route error boundary without test-only code in the app.
    await page.addInitScript(() => {
      // `format` is an accessor on the prototype, so it has to be redefined rather than assigned.
      Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', {
        get() {
          throw new Error('simulated render failure');
        },
      });
    });
    await page.goto('/about');

    await page.getByRole('heading', { name: 'This page ran into a problem' }).waitFor();
    expect(await page.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
    expect(await mainNav(page).isVisible()).toBe(true);
    await screenshot(page, 'crash-light');
  });

  it('takes screenshots of every page in light and dark', async () => {
    const version = VersionInfo.parse(await apiJson('/api/v1/version'));
    const pages = [
      { name: 'home', path: '/', ready: (p: Page) => p.getByRole('heading', { level: 1 }).waitFor() },
      {
        name: 'about',
        path: '/about',
        ready: async (p: Page) => {
          await p.getByRole('main').getByText(version.version, { exact: true }).waitFor();
          await p.getByTestId('readiness-overall').waitFor();
        },
      },
      { name: 'not-found', path: '/no-such-page', ready: (p: Page) => p.getByRole('heading', { level: 1 }).waitFor() },
    ];
    for (const scheme of ['light', 'dark'] as const) {
      for (const entry of pages) {
        const page = await harness.newPage({ colorScheme: scheme });
        await page.goto(entry.path);
        await entry.ready(page);
        expect(await colorScheme(page)).toBe(scheme);
        await screenshot(page, `${entry.name}-${scheme}`);
        expectNoBrowserProblems(page);
        await page.context().close();
      }
    }

    // Small screens get a menu button instead of inline links.
    const mobile = await harness.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await mobile.goto('/about');
    await mobile.getByRole('main').getByText(version.version, { exact: true }).waitFor();
    await screenshot(mobile, 'about-mobile-light');
    await mobile.getByRole('button', { name: 'Open navigation' }).click();
    await mobile.getByRole('dialog').getByRole('link', { name: 'Home' }).waitFor();
    await screenshot(mobile, 'nav-drawer-mobile-light', { fullPage: false });
    await mobile.getByRole('dialog').getByRole('link', { name: 'Home' }).click();
    await mobile.getByRole('heading', { level: 1, name: 'Every event, one foyer' }).waitFor();
  });
});
