import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, screenshot, startHarness } from './harness.ts';
import {
  filterProgramme,
  findEventBySearch,
  openEventSection,
  programmeDays,
  programmeTitles,
  type SeededFestival,
  seedFestival,
} from './public-flows.ts';

// Needs the public read API (GET /api/v1/events, /events/{orgSlug}/{eventSlug}/…, calendar.ics).
let harness: Harness;
let festival: SeededFestival;
let visitor: Page;
/** Lists load from the server: give them as long as any other wait here. */
const SLOW = { timeout: 10_000 };

/**
 * Browser problems, but for one expected report: DOMPurify parses the
 * festival's hostile description in an inert document, and Chromium reports
 * its `onerror` attribute against the CSP there although nothing runs (the
 * tests check that nothing did, and that none of it reached the page).
 */
function problems(page: Page): string[] {
  return harness
    .browserProblems(page)
    .filter((p) => !p.includes('Executing inline event handler violates the following Content Security Policy'));
}

beforeAll(async () => {
  harness = await startHarness();
  festival = await seedFestival(harness.baseUrl);
  // Far from Berlin, so anything shown in the visitor's zone instead of the event's would show.
  visitor = await harness.newPage({ timezoneId: 'Pacific/Auckland' });
});

afterAll(async () => {
  await harness?.close();
});

describe('the public catalogue, as an anonymous visitor', () => {
  it('finds the published festival by search, and never the draft', async () => {
    await visitor.goto('/');
    await visitor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    await findEventBySearch(visitor, 'Harbour', festival.name);
    expect(await visitor.getByRole('link', { name: festival.draftName }).count()).toBe(0);
    await screenshot(visitor, 'public-events-light');

    // The filters live in the URL: a shared link shows the same list.
    const shared = await harness.newPage();
    await shared.goto(`/events?q=Harbour&kind=festival&from=2027-07-01&to=2027-07-31`);
    await shared.getByTestId('public-event').getByRole('link', { name: festival.name }).waitFor();
    expect(await shared.getByRole('combobox', { name: 'Kind' }).inputValue()).toBe('festival');
    await shared.goto('/events?q=Harbour&kind=conference');
    await shared.getByText('No events match these filters.').waitFor();
    await shared.context().close();

    // The draft's own address answers "not found", not its content.
    const direct = await harness.newPage();
    await direct.goto(`/e/${festival.draftPath}`);
    await direct.getByRole('heading', { name: 'Event not found' }).waitFor();
    expect(await direct.getByText(festival.draftName).count()).toBe(0);
    await screenshot(direct, 'public-event-not-found-light');
    await direct.context().close();
  });

  it('opens the event: about in event time, sanitized description, calendar link', async () => {
    await visitor.getByTestId('public-event').getByRole('link', { name: festival.name }).click();
    await visitor.waitForURL(`**/e/${festival.path}`);
    await visitor.getByRole('heading', { level: 1, name: festival.name }).waitFor();
    expect(await visitor.title()).toBe(`${festival.name} · Foyer`);
    // Berlin time with the zone named, though the browser is in Auckland.
    await visitor.getByText('Europe/Berlin', { exact: false }).first().waitFor();
    await visitor
      .getByText(/Jul 2, 2027, 5:00 PM/)
      .first()
      .waitFor();
    await visitor.getByText('€40, reduced €25').waitFor();
    await visitor.getByRole('heading', { level: 3, name: 'Line-up' }).waitFor();
    await visitor.getByRole('main').getByRole('link', { name: 'house rules' }).waitFor();

    // Raw HTML in the Markdown is neutralised.
    await visitor.waitForTimeout(200);
    expect(await visitor.evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
    expect(await visitor.locator('main script, main [onerror], main a[href^="javascript:"]').count()).toBe(0);
    // The link whose URL was dropped is left as plain text, not a dead link.
    await visitor.getByText('Click me').waitFor();
    expect(await visitor.getByRole('link', { name: 'Click me' }).count()).toBe(0);

    const calendar = await visitor.getByTestId('event-calendar-link').getAttribute('href');
    expect(calendar).toBe(`/api/v1/events/${festival.path}/calendar.ics`);
    const ics = await fetch(`${harness.baseUrl}${calendar}`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    await screenshot(visitor, 'public-event-light');
  });

  it('shows the programme by day in event time and filters it by tag and location', async () => {
    await openEventSection(visitor, 'Programme');
    const s = festival.sessions;
    await expect
      .poll(() => programmeTitles(visitor), SLOW)
      .toEqual([s.opening.title, s.midnight.title, s.knots.title, s.gullsLive.title, s.brunch.title]);
    // Midnight Jazz (23:30 Friday in Berlin) is on Friday, whatever the visitor's zone.
    expect(await programmeDays(visitor)).toEqual([
      'Friday, July 2, 2027',
      'Saturday, July 3, 2027',
      'Sunday, July 4, 2027',
    ]);
    expect(await visitor.getByText(festival.unscheduledTitle).count()).toBe(0);
    await visitor.getByText('11:30 PM – Jul 3, 1:00 AM GMT+2').waitFor();

    await filterProgramme(visitor, { tag: festival.tags.jazz.name });
    await expect.poll(() => programmeTitles(visitor), SLOW).toEqual([s.opening.title, s.midnight.title]);
    expect(new URL(visitor.url()).searchParams.get('tag')).toBe(festival.tags.jazz.id);
    await screenshot(visitor, 'public-programme-jazz-light');

    await filterProgramme(visitor, { tag: '', location: festival.locations.boathouse.name });
    await expect.poll(() => programmeTitles(visitor), SLOW).toEqual([s.knots.title]);

    // A reload keeps the filter: it is in the URL.
    await visitor.reload();
    await expect.poll(() => programmeTitles(visitor), SLOW).toEqual([s.knots.title]);
    expect(await visitor.getByRole('combobox', { name: 'Location' }).inputValue()).toBe(
      festival.locations.boathouse.id,
    );

    await visitor.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => programmeTitles(visitor), SLOW).toHaveLength(5);
    await visitor.getByRole('group', { name: 'Days' }).getByRole('button', { name: 'Sat, Jul 3' }).click();
    await expect.poll(() => programmeTitles(visitor), SLOW).toEqual([s.knots.title, s.gullsLive.title]);
    await visitor.getByRole('searchbox', { name: 'Search the programme' }).fill('gulls');
    await visitor.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => programmeTitles(visitor), SLOW).toEqual([s.gullsLive.title]);
    await visitor.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => programmeTitles(visitor), SLOW).toHaveLength(5);
  });

  it('opens a session, a person and a location', async () => {
    const s = festival.sessions;
    await visitor.getByRole('link', { name: s.midnight.title, exact: true }).click();
    await visitor.getByRole('heading', { level: 2, name: s.midnight.title }).waitFor();
    expect(await visitor.title()).toBe(`${s.midnight.title} · ${festival.name} · Foyer`);
    await visitor.getByText('Friday, July 2, 2027, 11:30 PM – Jul 3, 1:00 AM GMT+2').waitFor();
    expect(await visitor.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toBe(
      `/api/v1/sessions/${s.midnight.id}/calendar.ics`,
    );
    await screenshot(visitor, 'public-session-light');

    await visitor.getByRole('main').getByRole('link', { name: festival.people.gulls.name }).click();
    await visitor.getByRole('heading', { level: 2, name: festival.people.gulls.name }).waitFor();
    await expect.poll(() => programmeTitles(visitor), SLOW).toEqual([s.midnight.title, s.gullsLive.title]);
    await screenshot(visitor, 'public-person-light');

    await visitor.getByRole('link', { name: festival.locations.quay.name }).first().click();
    await visitor.getByRole('heading', { level: 2, name: festival.locations.quay.name }).waitFor();
    await visitor.getByText('Hafenstraße 1').waitFor();
    expect(await visitor.getByRole('link', { name: 'Quay Stage on OpenStreetMap' }).getAttribute('href')).toBe(
      'https://www.openstreetmap.org/?mlat=53.5438&mlon=9.966#map=17/53.5438/9.966',
    );
    await expect.poll(() => programmeTitles(visitor), SLOW).toEqual([s.opening.title, s.gullsLive.title]);
    await screenshot(visitor, 'public-location-light');

    await openEventSection(visitor, 'People');
    await visitor.getByRole('link', { name: festival.people.marta.name }).waitFor();
    await openEventSection(visitor, 'Locations');
    await visitor.getByRole('link', { name: festival.locations.boathouse.name }).waitFor();
    await screenshot(visitor, 'public-locations-light');
    expect(problems(visitor)).toEqual([]);
  });

  it('works on a phone and in the dark', async () => {
    const mobile = await harness.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await mobile.goto(`/e/${festival.path}/programme`);
    await expect.poll(() => programmeTitles(mobile), SLOW).toHaveLength(5);
    await screenshot(mobile, 'public-programme-mobile-light');
    await mobile.goto(`/e/${festival.path}`);
    await mobile.getByRole('heading', { level: 1, name: festival.name }).waitFor();
    await screenshot(mobile, 'public-event-mobile-light');
    const scrollWidth = await mobile.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);

    const dark = await harness.newPage({ colorScheme: 'dark' });
    await dark.goto(`/e/${festival.path}/programme?tag=${festival.tags.family.id}`);
    await expect
      .poll(() => programmeTitles(dark), SLOW)
      .toEqual([festival.sessions.knots.title, festival.sessions.brunch.title]);
    await screenshot(dark, 'public-programme-dark');
    expect(problems(dark)).toEqual([]);
  });
});
