import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblemsBut, logIn, newUser, signUpVerified, userMenu } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';
import {
  addLocations,
  addPeople,
  addSessions,
  createEvent,
  createOrganization,
  type FestivalEvent,
  festivalSessions,
  fillLocation,
  fillSession,
  openEventTab,
  publishEvent,
} from './programme-flows.ts';
import { filterProgramme, findEventBySearch, openEventSection, programmeTitles } from './public-flows.ts';

// The acceptance scenario's organiser half: a festival with 5 locations,
// 20 people and 50 sessions, built entirely through the console, then published.
let harness: Harness;
let page: Page;
let orgId = '';
let eventId = '';
const organiser = newUser('Petra');
const festival: FestivalEvent = {
  name: 'Quayside Festival 2027',
  timezone: 'Europe/Berlin',
  startsAt: '2027-07-01T10:00',
  endsAt: '2027-07-04T23:30',
};
const LOCATIONS = [
  {
    name: 'Main Stage',
    street: 'Hafenstraße 1',
    zip: '20457',
    town: 'Hamburg',
    country: 'DE',
    lat: '53.5436',
    lon: '9.9717',
    openAir: true,
    accessible: true,
  },
  { name: 'Harbour Hall', street: 'Kai 7', zip: '20457', town: 'Hamburg', country: 'DE', accessible: true },
  { name: 'Lighthouse Tent', town: 'Hamburg', country: 'DE', openAir: true },
  { name: 'Boat Deck', town: 'Hamburg', country: 'DE' },
  { name: 'Library Room', street: 'Speicherstadt 3', zip: '20457', town: 'Hamburg', country: 'DE', accessible: true },
];
const PEOPLE = Array.from({ length: 20 }, (_, i) => ({
  name: `Artist ${String(i + 1).padStart(2, '0')}`,
  ...(i % 4 === 0 ? { bio: 'Plays the harbour every summer.', website: `https://artist${i + 1}.example.org` } : {}),
}));
const SESSIONS = festivalSessions(
  50,
  LOCATIONS.map((l) => l.name),
  '2027-07-01',
  PEOPLE.map((p) => p.name),
);
const table = () => page.getByTestId('sessions-table');

beforeAll(async () => {
  harness = await startHarness();
  // The browser is far from the festival: every time must still be Berlin time.
  page = await harness.newPage({ timezoneId: 'America/New_York' });
  await signUpVerified(harness, page, organiser);
});

afterAll(async () => {
  await harness?.close();
});

describe('an organiser builds a festival programme in the console', () => {
  it('creates the organization and the event', async () => {
    orgId = await createOrganization(page, 'Quayside Collective');
    eventId = await createEvent(page, orgId, festival);
    // Straight from the create form (cached event, no reload) the programme tabs open.
    await page.getByRole('tab', { name: 'Tags & links' }).click();
    await page.getByRole('heading', { name: 'Tags of the event' }).waitFor();
    await page.getByText('No tags yet.').waitFor();
    const nav = page.getByRole('navigation', { name: 'Organization' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(
      expect.arrayContaining(['Events', 'Locations', 'Tags']),
    );
  });

  it('adds 5 locations with their place, and refuses a second location of the same name', async () => {
    await addLocations(page, orgId, LOCATIONS);
    const rows = page.getByTestId('locations-table').getByRole('row');
    expect(await rows.count()).toBe(1 + LOCATIONS.length);
    expect(await rows.filter({ hasText: 'Main Stage' }).textContent()).toMatch(/Hafenstraße 1, 20457 Hamburg, DE/);

    await page.getByRole('button', { name: 'Add location' }).click();
    const dialog = page.getByRole('dialog', { name: 'New location' });
    await fillLocation(page, { name: 'Main Stage', country: 'de' });
    await dialog.getByRole('button', { name: 'Add location' }).click();
    // The 409 is shown next to the name, not as a generic failure.
    await dialog.getByText('The organization already has a location with this name.').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Name', exact: true }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'programme-location-form-light', { fullPage: false });
    await dialog.getByRole('textbox', { name: 'Latitude', exact: true }).fill('123');
    await dialog.getByRole('button', { name: 'Add location' }).click();
    await dialog.getByText('Enter a number between −90 and 90.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // A location nobody needs any more goes after a confirmation.
    await addLocations(page, orgId, [{ name: 'Old Shed' }]);
    await page.getByRole('button', { name: 'Delete Old Shed' }).click();
    await page.getByRole('dialog', { name: 'Delete Old Shed?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('locations-table').getByText('Old Shed').waitFor({ state: 'detached' });
    await screenshot(page, 'programme-locations-light');
  }, 120_000);

  it('keeps the organization’s tags and picks some for the event, creating one inline', async () => {
    await page.goto(`/orgs/${orgId}/tags`);
    for (const name of ['Jazz', 'Family', 'Outdoor']) {
      await page.getByRole('textbox', { name: 'New tag' }).fill(name);
      await page.getByRole('button', { name: 'Create tag' }).click();
      await page.getByTestId('tags-table').getByText(name, { exact: true }).waitFor();
    }
    await page.getByRole('textbox', { name: 'New tag' }).fill('jazz');
    await page.getByRole('button', { name: 'Create tag' }).click();
    await page.getByText('This tag exists already.').waitFor();
    await screenshot(page, 'programme-tags-light');

    await openEventTab(page, orgId, eventId, 'tags');
    await page.getByTestId('event-tag-picker').getByText('Jazz').click();
    await page.getByRole('textbox', { name: 'New tag' }).fill('Late night');
    await page.getByRole('button', { name: 'Create tag' }).click();
    // Mantine's chip checkboxes are visually hidden behind their labels.
    await page
      .getByTestId('event-tag-picker')
      .getByRole('checkbox', { name: 'Late night' })
      .waitFor({ state: 'attached' });
    expect(await page.getByRole('checkbox', { name: 'Late night' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save tags' }).click();
    await page.getByRole('region', { name: 'Tags of the event' }).getByText('Saved.').waitFor();

    await page.getByRole('button', { name: 'Add link' }).click();
    await page.getByRole('combobox', { name: 'Kind of link 1' }).selectOption('email');
    await page.getByRole('textbox', { name: 'Address of link 1' }).fill('not an address');
    await page.getByRole('button', { name: 'Save links' }).click();
    await page.getByText('Enter an email address.').waitFor();
    await page.getByRole('textbox', { name: 'Address of link 1' }).fill('hello@quayside.example.org');
    await page.getByRole('button', { name: 'Add link' }).click();
    await page.getByRole('textbox', { name: 'Address of link 2' }).fill('https://quayside.example.org');
    await page.getByRole('button', { name: 'Save links' }).click();
    await page.getByRole('region', { name: 'Links of the event' }).getByText('Saved.').waitFor();
    await page.reload();
    await page.getByRole('textbox', { name: 'Address of link 2' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Address of link 1' }).inputValue()).toBe(
      'hello@quayside.example.org',
    );
    expect(await page.getByRole('checkbox', { name: 'Jazz' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Family' }).isChecked()).toBe(false);
    await screenshot(page, 'programme-event-tags-links-light');
  });

  it('adds 20 people', async () => {
    await addPeople(page, orgId, eventId, PEOPLE);
    expect(await page.getByTestId('people-table').getByRole('row').count()).toBe(1 + PEOPLE.length);
    await page.getByRole('button', { name: 'Edit Artist 01' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit person' });
    expect(await dialog.getByRole('textbox', { name: 'Address of link 1' }).inputValue()).toBe(
      'https://artist1.example.org',
    );
    await dialog.getByRole('textbox', { name: 'Bio', exact: true }).fill('Opens the festival on the Main Stage.');
    await screenshot(page, 'programme-person-form-light', { fullPage: false });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Opens the festival on the Main Stage.').waitFor();
    await screenshot(page, 'programme-people-light');
  }, 120_000);

  it('adds 50 sessions through the form, shown by day in the event’s timezone', async () => {
    await addSessions(page, orgId, eventId, SESSIONS);
    expect(await page.getByTestId('session-row').count()).toBe(50);
    await page.getByText('50 sessions. Times are in the event’s timezone (Europe/Berlin).').waitFor();
    // Three festival days, headed in Berlin time though the browser is in New York.
    expect(await page.getByTestId('session-day').allTextContents()).toEqual([
      'Thursday, July 1, 2027',
      'Friday, July 2, 2027',
      'Saturday, July 3, 2027',
    ]);
    const first = table().getByRole('row', { name: /Set 01/ });
    expect(await first.textContent()).toMatch(/11:00\s?AM – 12:30\s?PM/);
    expect(await first.textContent()).toContain('Artist 01');
    expect(await page.getByTestId('conflict-warning').count()).toBe(0);
    await screenshot(page, 'programme-sessions-light');
  }, 300_000);

  it('warns about two sessions at the same location at once, in the form and in the table', async () => {
    // Set 01 is on the Main Stage 11:00–12:30 on the first day.
    await page.getByRole('button', { name: 'Add session' }).click();
    const drawer = page.getByRole('dialog', { name: 'New session' });
    await fillSession(page, {
      title: 'Surprise soundcheck',
      location: 'Main Stage',
      startsAt: '2027-07-01T12:00',
      endsAt: '2027-07-01T12:45',
    });
    const warning = drawer.getByTestId('conflict-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(
      'Main Stage has an overlapping session at this time: “Set 01 · Artist 01”',
    );
    // Outside the event: refused in the browser, next to the field.
    await drawer.getByLabel('Ends').fill('2027-07-05T12:45');
    await drawer.getByRole('button', { name: 'Add session' }).click();
    await drawer.getByText('The session cannot end after the event ends.').waitFor();
    await drawer.getByLabel('Ends').fill('2027-07-01T12:45');
    await screenshot(page, 'programme-session-form-light', { fullPage: false });
    await drawer.getByRole('button', { name: 'Add session' }).click();
    await drawer.waitFor({ state: 'hidden' });
    const badges = table().getByText('Overlaps at location');
    await page.getByText('2 sessions overlap others at the same location.').waitFor();
    expect(await badges.count()).toBe(2);

    // Moved to another stage after the set there, in the table itself, the clash is gone.
    await page.getByRole('button', { name: 'Edit Surprise soundcheck in the table' }).click();
    const row = page.getByTestId('session-inline-edit');
    await row.getByTestId('conflict-warning').waitFor();
    await screenshot(page, 'programme-inline-edit-light', { fullPage: false });
    await row.getByRole('combobox', { name: 'Location' }).selectOption({ label: 'Boat Deck' });
    // Boat Deck has Set 04 until 12:30 too.
    await row.getByTestId('conflict-warning').getByText('Set 04').waitFor();
    await row.getByLabel('Starts').fill('2027-07-01T12:30');
    await row.getByTestId('conflict-warning').waitFor({ state: 'detached' });
    await row.getByRole('textbox', { name: 'Title' }).fill('Soundcheck on deck');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.waitFor({ state: 'detached' });
    await table()
      .getByRole('row', { name: /Soundcheck on deck/ })
      .getByText('Boat Deck')
      .waitFor();
    expect(await badges.count()).toBe(0);

    await page.getByRole('button', { name: 'Delete Soundcheck on deck' }).click();
    await page
      .getByRole('dialog', { name: 'Delete “Soundcheck on deck”?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await table().getByText('Soundcheck on deck').waitFor({ state: 'detached' });
    expect(await page.getByTestId('session-row').count()).toBe(50);
  });

  it('exports the event as YAML', async () => {
    const download = page.waitForEvent('download', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Export YAML' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.yaml$/);
    const path = await file.path();
    const yaml = await readFile(path, 'utf8');
    expect(yaml).toContain('name: Quayside Festival 2027');
    expect(yaml.match(/^ {2}- key: /gm)?.length ?? 0).toBeGreaterThanOrEqual(50 + 20);
  });

  it('duplicates the event with a new address and start, and opens the copy', async () => {
    await page.getByRole('button', { name: 'Duplicate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Duplicate “Quayside Festival 2027”' });
    expect(await dialog.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(
      'Quayside Festival 2027 (copy)',
    );
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Quayside Festival 2028');
    await dialog.getByRole('textbox', { name: 'Short address' }).fill('quayside-festival-2027');
    await dialog.getByLabel('The copy starts').fill('2028-06-29T10:00');
    await dialog.getByRole('button', { name: 'Duplicate' }).click();
    await dialog.getByText('This address is already taken. Choose another one.').waitFor();
    await dialog.getByRole('textbox', { name: 'Short address' }).fill('quayside-festival-2028');
    await dialog.getByRole('button', { name: 'Duplicate' }).click();
    await page.getByRole('heading', { level: 2, name: 'Quayside Festival 2028' }).waitFor();
    const copyId = /\/events\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(copyId).toBeTruthy();
    expect(copyId).not.toBe(eventId);
    await openEventTab(page, orgId, copyId as string, 'programme');
    await page.getByText('50 sessions.', { exact: false }).waitFor();
  });

  it('publishes the festival', async () => {
    await publishEvent(page, orgId, eventId);
    await screenshot(page, 'programme-published-light');
    expectNoProblemsBut(harness, page, [404, 409]);
  });

  it('reads well in dark mode, clash warning included', async () => {
    const dark = await harness.newPage({ colorScheme: 'dark' });
    await logIn(dark, organiser);
    await userMenu(dark).waitFor();
    await openEventTab(dark, orgId, eventId, 'programme');
    await dark.getByRole('button', { name: 'Add session' }).click();
    await fillSession(dark, {
      title: 'Late jam',
      location: 'Harbour Hall',
      startsAt: '2027-07-02T13:30',
      endsAt: '2027-07-02T14:00',
    });
    await dark.getByRole('dialog', { name: 'New session' }).getByTestId('conflict-warning').waitFor();
    await screenshot(dark, 'programme-session-form-dark', { fullPage: false });
    expectNoProblemsBut(harness, dark);
    await dark.context().close();
  });
});

// The acceptance scenario's visitor half: nobody signed in finds the festival
// just published above by search, and filters its programme.
describe('an anonymous visitor finds the published festival and filters its programme', () => {
  let visitor: Page;

  beforeAll(async () => {
    visitor = await harness.newPage({ timezoneId: 'Asia/Tokyo' });
  });

  it('finds it by its name and by the name of one of its artists', async () => {
    await visitor.goto('/events');
    await findEventBySearch(visitor, 'Quayside', 'Quayside Festival 2027');
    await screenshot(visitor, 'acceptance-visitor-search');
    // Full text reaches the people of the event, not just its own fields.
    await findEventBySearch(visitor, 'Artist 17', 'Quayside Festival 2027');
    // Unrelated words list nothing: wait for the answer to this search, not the previous list still shown.
    await visitor.getByRole('searchbox', { name: 'Search', exact: true }).fill('no such festival anywhere');
    await visitor.getByRole('search').getByRole('button', { name: 'Search', exact: true }).click();
    await visitor.getByText('No events match these filters.').waitFor();
    expect(await visitor.getByTestId('public-event').count()).toBe(0);
  });

  it('opens the programme: 50 sessions over three days in Berlin time', async () => {
    await findEventBySearch(visitor, 'Quayside', 'Quayside Festival 2027');
    await visitor
      .getByTestId('public-event')
      .getByRole('link', { name: 'Quayside Festival 2027', exact: true })
      .click();
    await openEventSection(visitor, 'Programme');
    await visitor.getByTestId('session-item').first().waitFor();
    const titles = await programmeTitles(visitor);
    // The clash added while building was removed again; the copy is a draft and not listed.
    expect(titles.filter((t) => t.startsWith('Set '))).toHaveLength(50);
    await screenshot(visitor, 'acceptance-visitor-programme');
  });

  it('filters by location and by person', async () => {
    const sets = async () => (await programmeTitles(visitor)).filter((t) => t.startsWith('Set '));
    await filterProgramme(visitor, { location: 'Harbour Hall' });
    // Sessions rotate over the five locations: Set 02, 07, 12, … are in Harbour Hall.
    await expect.poll(sets, { timeout: 10_000 }).toHaveLength(10);
    expect((await sets())[0]).toMatch(/^Set 02/);
    await filterProgramme(visitor, { location: '', person: 'Artist 01' });
    await expect.poll(() => programmeTitles(visitor), { timeout: 10_000 }).toEqual(['Set 01 · Artist 01']);
    await screenshot(visitor, 'acceptance-visitor-filtered');
    expectNoProblemsBut(harness, visitor, [404]);
  });
});
