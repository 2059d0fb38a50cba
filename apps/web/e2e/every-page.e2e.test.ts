import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.ts';
import { logIn } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';
import { type SeededFestival, seedFestival } from './public-flows.ts';

// Every page, at a small phone (320 px), a common phone (390 px) and a laptop (1280 px), in
// English and German: nothing scrolls sideways, the navigation can be reached, and axe-core
// finds no serious or critical violation.
//
// NOT YET GREEN, so it runs only with FOYER_E2E_EVERY_PAGE=1 (E2E_PAGES=<regex> picks pages).
// Left on 2026-12-02: colour contrast of light teal/blue badges on the public location pages
// (4.49:1) and of the red "Delete" buttons in the console (#fa5252, 3.28:1 — the theme's
// variables do not reach them yet); Alerts 4–35 px too wide at 320 px on the registrations and
// email tabs, the org's email templates and the account page; a scrollable region without
// keyboard access on the email templates. Everything else passes in English at 320 and 1280 px.

let harness: Harness;
let festival: SeededFestival;

beforeAll(async () => {
  harness = await startHarness();
  festival = await seedFestival(harness.baseUrl);
});

afterAll(async () => {
  await harness?.close();
});

const WIDTHS = [320, 390, 1280] as const;
const LANGUAGES = ['en', 'de'] as const;

function publicPages(f: SeededFestival): [string, string][] {
  const e = `/e/${f.path}`;
  return [
    ['home', '/'],
    ['about', '/about'],
    ['events', '/events'],
    ['event', e],
    ['programme', `${e}/programme`],
    ['people', `${e}/people`],
    ['locations', `${e}/locations`],
    ['session', `${e}/sessions/${f.sessions.opening.id}`],
    ['person', `${e}/people/${f.people.marta.id}`],
    ['location', `${e}/locations/${f.locations.quay.id}`],
    ['register', `${e}/register`],
    ['register-confirm', `${e}/register/confirm?token=${'0'.repeat(106)}`],
    ['stage', `${e}/stage`],
    ['login', '/login'],
    ['signup', '/signup'],
    ['forgot-password', '/forgot-password'],
    ['not-found', '/no-such-page'],
  ];
}

function consolePages(f: SeededFestival): [string, string][] {
  const org = `/orgs/${f.orgId}`;
  const event = `${org}/events/${f.eventId}`;
  const tabs = [
    'programme',
    'people',
    'tags',
    'registrations',
    'check-in',
    'attendance',
    'questions',
    'stage',
    'emails',
  ];
  return [
    ['console-events', `${org}/events`],
    ['console-new-event', `${org}/events/new`],
    ['console-event', event],
    ...tabs.map((tab): [string, string] => [`console-event-${tab}`, `${event}/${tab}`]),
    ['console-event-status', `${event}/status`],
    ['console-event-organizers', `${event}/organizers`],
    ['console-locations', `${org}/locations`],
    ['console-tags', `${org}/tags`],
    ['console-media', `${org}/media`],
    ['console-members', `${org}/members`],
    ['console-api-keys', `${org}/api-keys`],
    ['console-email-templates', `${org}/email-templates`],
    ['console-audit-log', `${org}/audit-log`],
    ['console-settings', `${org}/settings`],
    ['account', '/account'],
    ['my-registrations', '/account/registrations'],
  ];
}

async function settle(page: Page): Promise<void> {
  await page.getByRole('main').getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  // Skeletons and "loading" states are replaced by the content.
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, null, {
    timeout: 10_000,
  });
}

/** The page's problems at this width: sideways scrolling and an unreachable navigation. */
async function layoutProblems(page: Page, width: number): Promise<string[]> {
  const problems: string[] = [];
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > width + 1) {
    const widest = await page.evaluate((w) => {
      const out: string[] = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > w + 1 && r.width > 0 && out.length < 5) {
          out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} right=${Math.round(r.right)}`);
        }
      }
      return out;
    }, width);
    problems.push(`scrolls sideways: ${scrollWidth} px wide at ${width} px (${widest.join('; ')})`);
  }
  const header = page.getByRole('banner');
  const inlineNav = header.getByRole('navigation');
  const menuButton = header.getByTestId('nav-menu-button');
  const reachable = async (locator: typeof menuButton) => {
    if (!(await locator.isVisible())) return false;
    const box = await locator.boundingBox();
    return box !== null && box.x >= 0 && box.x + box.width <= width + 1;
  };
  if (!(await reachable(inlineNav)) && !(await reachable(menuButton))) {
    problems.push('the navigation is neither in the header nor behind a visible menu button');
  }
  return problems;
}

async function visitAll(page: Page, pages: [string, string][], language: string, width: number): Promise<string[]> {
  const failures: string[] = [];
  const only = process.env.E2E_PAGES ? new RegExp(process.env.E2E_PAGES) : null;
  for (const [name, path] of pages) {
    if (only && !only.test(name)) continue;
    const where = `${name} (${path}) at ${width} px in ${language}`;
    try {
      await page.goto(path);
      await settle(page);
      for (const problem of await layoutProblems(page, width)) failures.push(`${where}: ${problem}`);
      await expectAccessible(page, where);
      if (width !== 320) await screenshot(page, `every-page/${name}-${language}-${width}`);
    } catch (error) {
      failures.push(`${where}: ${error instanceof Error ? error.message.split('\n').slice(0, 12).join('\n') : error}`);
    }
  }
  return failures;
}

describe.skipIf(!process.env.FOYER_E2E_EVERY_PAGE)(
  'every page, at phone and laptop widths, in English and German',
  () => {
    for (const language of LANGUAGES) {
      for (const width of WIDTHS) {
        it(`fits ${width} px, keeps the navigation reachable and passes axe (${language})`, async () => {
          const locale = language === 'de' ? 'de-DE' : 'en-US';
          const visitor = await harness.newPage({ viewport: { width, height: 800 }, locale });
          const failures = await visitAll(visitor, publicPages(festival), language, width);
          await visitor.context().close();

          const organiser = await harness.newPage({ viewport: { width, height: 800 }, locale: 'en-US' });
          await logIn(organiser, festival.organiser);
          await organiser.waitForURL((url) => !url.pathname.startsWith('/login'));
          await organiser.evaluate((l) => localStorage.setItem('foyer-language', l), language);
          failures.push(...(await visitAll(organiser, consolePages(festival), language, width)));
          await organiser.context().close();
          expect(failures).toEqual([]);
        }, 600_000);
      }
    }
  },
);
