import type { Page } from 'playwright-core';

/**
 * Building a programme through the organiser console, step by step, as an
 * organiser would. Every function starts from a URL of its own, so the
 * acceptance scenario can call them in any order after signing in.
 */

export interface FestivalEvent {
  name: string;
  timezone: string;
  /** Wall-clock time in `timezone`, `YYYY-MM-DDTHH:mm`. */
  startsAt: string;
  endsAt: string;
  kind?: string;
}

export interface LocationSpec {
  name: string;
  street?: string;
  zip?: string;
  town?: string;
  country?: string;
  lat?: string;
  lon?: string;
  accessible?: boolean;
  openAir?: boolean;
}

export interface PersonSpec {
  name: string;
  bio?: string;
  website?: string;
}

export interface SessionSpec {
  title: string;
  /** Wall-clock times in the event's zone. */
  startsAt: string;
  endsAt: string;
  location?: string;
  kind?: string;
  people?: string[];
}

const uuidAt = (url: string, after: string) => new RegExp(`/${after}/([0-9a-f-]{36})`).exec(url)?.[1] ?? '';

/** Creates an organization through its form; answers its id. */
export async function createOrganization(page: Page, name: string): Promise<string> {
  await page.goto('/orgs/new');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}\/members$/);
  return uuidAt(page.url(), 'orgs');
}

/** Creates an event through the console's form; answers its id. */
export async function createEvent(page: Page, orgId: string, event: FestivalEvent): Promise<string> {
  await page.goto(`/orgs/${orgId}/events/new`);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(event.name);
  await page.getByRole('combobox', { name: 'Kind', exact: true }).selectOption(event.kind ?? 'festival');
  await page.getByRole('combobox', { name: 'Timezone', exact: true }).selectOption(event.timezone);
  await page.getByLabel('Starts').fill(event.startsAt);
  await page.getByLabel('Ends').fill(event.endsAt);
  await page.getByRole('button', { name: 'Create event' }).click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 2, name: event.name }).waitFor();
  return uuidAt(page.url(), 'events');
}

export async function openLocations(page: Page, orgId: string): Promise<void> {
  await page.goto(`/orgs/${orgId}/locations`);
  await page.getByRole('heading', { level: 2, name: 'Locations' }).waitFor();
}

/** Adds each location through the form on the organization's Locations page. */
export async function addLocations(page: Page, orgId: string, locations: readonly LocationSpec[]): Promise<void> {
  await openLocations(page, orgId);
  for (const l of locations) {
    await page.getByRole('button', { name: 'Add location' }).click();
    const dialog = page.getByRole('dialog', { name: 'New location' });
    await fillLocation(page, l);
    await dialog.getByRole('button', { name: 'Add location' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('locations-table').getByText(l.name, { exact: true }).waitFor();
  }
}

/** Fills the open location form (new or edit). */
export async function fillLocation(page: Page, l: LocationSpec): Promise<void> {
  const dialog = page.getByRole('dialog');
  const text = (name: string) => dialog.getByRole('textbox', { name, exact: true });
  await text('Name').fill(l.name);
  if (l.street) await text('Street').fill(l.street);
  if (l.zip) await text('Postcode').fill(l.zip);
  if (l.town) await text('Town').fill(l.town);
  if (l.country) await text('Country').fill(l.country);
  if (l.lat) await text('Latitude').fill(l.lat);
  if (l.lon) await text('Longitude').fill(l.lon);
  if (l.accessible) await dialog.getByRole('checkbox', { name: 'Step-free access' }).check();
  if (l.openAir) await dialog.getByRole('checkbox', { name: 'Open air' }).check();
}

export async function openEventTab(page: Page, orgId: string, eventId: string, tab: string): Promise<void> {
  await page.goto(`/orgs/${orgId}/events/${eventId}/${tab}`);
  await page.getByRole('tab', { selected: true }).waitFor();
}

/** Adds each person through the form on the event's People tab. */
export async function addPeople(page: Page, orgId: string, eventId: string, people: readonly PersonSpec[]) {
  await openEventTab(page, orgId, eventId, 'people');
  for (const p of people) {
    await page.getByRole('button', { name: 'Add person' }).click();
    const dialog = page.getByRole('dialog', { name: 'New person' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(p.name);
    if (p.bio) await dialog.getByRole('textbox', { name: 'Bio', exact: true }).fill(p.bio);
    if (p.website) {
      await dialog.getByRole('button', { name: 'Add link' }).click();
      await dialog.getByRole('textbox', { name: 'Address of link 1' }).fill(p.website);
    }
    await dialog.getByRole('button', { name: 'Add person' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('people-table').getByText(p.name, { exact: true }).waitFor();
  }
}

/** Fills the open session drawer; only the fields the spec names. */
export async function fillSession(page: Page, s: Partial<SessionSpec>): Promise<void> {
  const drawer = page.getByRole('dialog');
  if (s.title !== undefined) await drawer.getByRole('textbox', { name: 'Title', exact: true }).fill(s.title);
  if (s.kind) await drawer.getByRole('combobox', { name: 'Kind', exact: true }).selectOption(s.kind);
  if (s.location)
    await drawer.getByRole('combobox', { name: 'Location', exact: true }).selectOption({ label: s.location });
  if (s.startsAt) await drawer.getByLabel('Starts').fill(s.startsAt);
  if (s.endsAt) await drawer.getByLabel('Ends').fill(s.endsAt);
  for (const name of s.people ?? []) {
    await drawer.getByRole('textbox', { name: 'People', exact: true }).click();
    await page.getByRole('option', { name, exact: true }).click();
  }
}

/** Adds each session through the drawer form on the event's Programme tab. */
export async function addSessions(page: Page, orgId: string, eventId: string, sessions: readonly SessionSpec[]) {
  await openEventTab(page, orgId, eventId, 'programme');
  for (const s of sessions) {
    await page.getByRole('button', { name: 'Add session' }).click();
    const drawer = page.getByRole('dialog', { name: 'New session' });
    await fillSession(page, s);
    if (s.people?.length) await page.keyboard.press('Escape'); // closes the people dropdown, not the drawer
    await drawer.getByRole('button', { name: 'Add session' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId('sessions-table').getByText(s.title, { exact: true }).waitFor();
  }
}

/** Publishes the event from its Status tab, confirming in the dialog. */
export async function publishEvent(page: Page, orgId: string, eventId: string): Promise<void> {
  await openEventTab(page, orgId, eventId, 'status');
  await page.getByRole('button', { name: 'Publish' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish' });
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('event-status').getByText('Published').waitFor();
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A festival's worth of sessions without clashes: `count` sessions spread
 * over the locations, four 90-minute slots a day from 11:00, day after day
 * from `firstDay` (`YYYY-MM-DD`).
 */
export function festivalSessions(
  count: number,
  locations: readonly string[],
  firstDay: string,
  people: readonly string[] = [],
): SessionSpec[] {
  const kinds = ['performance', 'talk', 'workshop', 'performance', 'keynote'];
  const start = Date.parse(`${firstDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const slot = Math.floor(i / locations.length);
    const day = new Date(start + Math.floor(slot / 4) * 86_400_000).toISOString().slice(0, 10);
    const hour = 11 + (slot % 4) * 2;
    const person = people.length ? people[i % people.length] : undefined;
    return {
      title: `Set ${pad(i + 1)}${person ? ` · ${person}` : ''}`,
      startsAt: `${day}T${pad(hour)}:00`,
      endsAt: `${day}T${pad(hour + 1)}:30`,
      location: locations[i % locations.length] as string,
      kind: kinds[i % kinds.length] as string,
      ...(person && i < 3 ? { people: [person] } : {}),
    };
  });
}
