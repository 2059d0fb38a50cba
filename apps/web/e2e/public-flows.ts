import { createFoyerClient, tokensOf } from '@foyer/client';
import type { Page } from 'playwright-core';

/**
 * Steps of a visitor of the public catalogue, and a festival to visit seeded
 * through the organiser API, shared by the public catalogue e2e test and the
 * acceptance test.
 */

export interface SeededFestival {
  /** The organiser's access token, for further organiser API calls. */
  organiserToken: string;
  /** The organiser's sign-in, to use the console in the browser. */
  organiser: { email: string; password: string };
  orgId: string;
  orgSlug: string;
  orgName: string;
  /** `orgSlug/eventSlug`, the path of the public pages. */
  path: string;
  eventId: string;
  name: string;
  draftPath: string;
  draftName: string;
  tags: Record<'jazz' | 'folk' | 'family', { id: string; name: string }>;
  locations: Record<'quay' | 'lighthouse' | 'boathouse', { id: string; name: string }>;
  people: Record<'quartet' | 'gulls' | 'marta', { id: string; name: string }>;
  /** Scheduled sessions by key, in programme order. */
  sessions: Record<'opening' | 'midnight' | 'knots' | 'gullsLive' | 'brunch', { id: string; title: string }>;
  unscheduledTitle: string;
}

/** A description with Markdown and hostile HTML: the page must render the first and neutralise the rest. */
export const FESTIVAL_DESCRIPTION = [
  '## Line-up',
  '',
  '- Quayside Quartet',
  '- *The Gulls*',
  '',
  'Read the [house rules](https://example.org/rules).',
  '',
  '<img src="x" onerror="window.__xss = \'img\'"><script>window.__xss = \'script\'</script>',
  "[Click me](javascript:window.__xss='link')",
].join('\n');

type Api = ReturnType<typeof createFoyerClient>;

async function call<T>(baseUrl: string, token: string, method: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Signs up an organiser and builds, through the organiser API, a published
 * three-day festival in Europe/Berlin (three locations, three people, three
 * tags, five scheduled sessions and one unscheduled) plus a draft event that
 * visitors must never see.
 */
export async function seedFestival(baseUrl: string): Promise<SeededFestival> {
  const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  let token = '';
  const api: Api = createFoyerClient({ baseUrl, accessToken: () => token });
  const organiser = { email: `petra.${unique}@example.org`, password: `harbour lantern petra ${unique}` };
  await api.auth.signup({ name: 'Petra Organiser', ...organiser });
  token = tokensOf(await api.auth.login(organiser)).accessToken;
  const post = <T>(path: string, body: unknown) => call<T>(baseUrl, token, 'POST', path, body);
  const put = <T>(path: string, body: unknown) => call<T>(baseUrl, token, 'PUT', path, body);

  const orgName = 'Harbour Arts Collective';
  const org = await api.orgs.create({ name: orgName, slug: `harbour-${unique}` });
  const name = 'Harbour Lights Festival 2027';
  const event = await api.events.create(org.id, {
    name,
    slug: 'harbour-lights-2027',
    kind: 'festival',
    format: 'in_person',
    timezone: 'Europe/Berlin',
    startsAt: '2027-07-02T17:00:00+02:00',
    endsAt: '2027-07-04T23:00:00+02:00',
    summary: 'Three days of music, workshops and food on the quayside.',
    description: FESTIVAL_DESCRIPTION,
    priceText: '€40, reduced €25',
    visibility: 'public',
  });
  const draftName = 'Harbour Winter Secret';
  await api.events.create(org.id, {
    name: draftName,
    slug: 'harbour-winter-secret',
    kind: 'festival',
    format: 'in_person',
    timezone: 'Europe/Berlin',
    startsAt: '2027-12-10T19:00:00+01:00',
    endsAt: '2027-12-10T23:00:00+01:00',
    summary: 'Not announced yet.',
  });

  type Named = { id: string; name: string };
  const tag = (tagName: string) => post<Named>(`/orgs/${org.id}/tags`, { name: tagName });
  const tags = { jazz: await tag('Jazz'), folk: await tag('Folk'), family: await tag('Family') };
  const location = (body: Record<string, unknown>) => post<Named>(`/orgs/${org.id}/locations`, body);
  const locations = {
    quay: await location({
      name: 'Quay Stage',
      openAir: true,
      accessible: true,
      place: { street: 'Hafenstraße 1', zip: '20457', town: 'Hamburg', country: 'DE', lat: 53.5438, lon: 9.966 },
    }),
    lighthouse: await location({
      name: 'Lighthouse Bar',
      place: { street: 'Leuchtturmweg 7', zip: '20457', town: 'Hamburg', country: 'DE', lat: 53.5451, lon: 9.9702 },
    }),
    boathouse: await location({ name: 'Boathouse', place: { street: 'Bootsweg 3', town: 'Hamburg', country: 'DE' } }),
  };
  const person = (personName: string, bio: string) =>
    post<Named>(`/events/${event.id}/people`, { name: personName, bio });
  const people = {
    quartet: await person('Quayside Quartet', 'A **jazz** quartet from the harbour.\n\nFounded in 2019.'),
    gulls: await person('The Gulls', 'Folk songs about the sea.'),
    marta: await person('Marta Sails', 'Sailor, rigger and knot enthusiast.'),
  };
  await put(`/events/${event.id}/tags`, { tagIds: [tags.jazz.id, tags.folk.id, tags.family.id] });
  await put(`/events/${event.id}/links`, {
    links: [
      { service: 'website', url: 'https://example.org/harbour-lights' },
      { service: 'instagram', url: 'https://instagram.com/harbourlights' },
    ],
  });

  type Created = { id: string; title: string };
  const session = (title: string, body: Record<string, unknown>) =>
    post<Created>(`/events/${event.id}/sessions`, { title, isScheduled: true, ...body });
  const sessions = {
    opening: await session('Opening Night', {
      kind: 'performance',
      startsAt: '2027-07-02T19:00:00+02:00',
      endsAt: '2027-07-02T20:00:00+02:00',
      locationId: locations.quay.id,
      personIds: [people.quartet.id],
      tagIds: [tags.jazz.id],
      description: 'The quartet opens the festival.',
    }),
    // Starts late on Friday and ends after midnight: it belongs to Friday in Berlin.
    midnight: await session('Midnight Jazz', {
      kind: 'performance',
      startsAt: '2027-07-02T23:30:00+02:00',
      endsAt: '2027-07-03T01:00:00+02:00',
      locationId: locations.lighthouse.id,
      personIds: [people.quartet.id, people.gulls.id],
      tagIds: [tags.jazz.id],
    }),
    knots: await session('Knot Tying for Everyone', {
      kind: 'workshop',
      startsAt: '2027-07-03T14:00:00+02:00',
      endsAt: '2027-07-03T15:00:00+02:00',
      locationId: locations.boathouse.id,
      personIds: [people.marta.id],
      tagIds: [tags.family.id],
    }),
    gullsLive: await session('The Gulls Live', {
      kind: 'performance',
      startsAt: '2027-07-03T20:00:00+02:00',
      endsAt: '2027-07-03T21:30:00+02:00',
      locationId: locations.quay.id,
      personIds: [people.gulls.id],
      tagIds: [tags.folk.id],
    }),
    brunch: await session('Harbour Brunch Talk', {
      kind: 'talk',
      startsAt: '2027-07-04T11:00:00+02:00',
      endsAt: '2027-07-04T12:00:00+02:00',
      locationId: locations.lighthouse.id,
      personIds: [people.marta.id],
      tagIds: [tags.family.id],
    }),
  };
  const unscheduledTitle = 'Secret Set (time to be announced)';
  await post(`/events/${event.id}/sessions`, { title: unscheduledTitle, kind: 'performance', isScheduled: false });

  await api.events.changeStatus(event.id, 'published');
  return {
    organiserToken: token,
    organiser,
    orgId: org.id,
    orgSlug: org.slug,
    orgName,
    path: `${org.slug}/harbour-lights-2027`,
    eventId: event.id,
    name,
    draftPath: `${org.slug}/harbour-winter-secret`,
    draftName,
    tags,
    locations,
    people,
    sessions,
    unscheduledTitle,
  };
}

/** On `/events`: searches for `query` and waits for the event called `name` among the results. */
export async function findEventBySearch(page: Page, query: string, name: string): Promise<void> {
  if (!new URL(page.url()).pathname.endsWith('/events')) await page.goto('/events');
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill(query);
  await page.getByRole('search').getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('q') === query);
  await page.getByTestId('public-event').getByRole('link', { name, exact: true }).waitFor();
}

/** Follows one of the event's section links (About, Programme, People, Locations). */
export async function openEventSection(page: Page, section: 'About' | 'Programme' | 'People' | 'Locations') {
  await page.getByRole('navigation', { name: 'Event sections' }).getByRole('link', { name: section }).click();
  if (section !== 'About') await page.getByRole('heading', { level: 2, name: section }).waitFor();
}

export interface ProgrammeChoice {
  tag?: string;
  location?: string;
  person?: string;
}

/** Picks filters on the programme page by their visible labels ('' for all) and waits for the URL to hold them. */
export async function filterProgramme(page: Page, choice: ProgrammeChoice): Promise<void> {
  const labels = { tag: 'Tag', location: 'Location', person: 'Person' } as const;
  const alls = { tag: 'All tags', location: 'All locations', person: 'Everyone' } as const;
  for (const key of ['tag', 'location', 'person'] as const) {
    const value = choice[key];
    if (value === undefined) continue;
    const select = page.getByRole('combobox', { name: labels[key], exact: true });
    await select.selectOption({ label: value || alls[key] });
    if (value) await page.waitForURL((url) => url.searchParams.has(key));
    else await page.waitForURL((url) => !url.searchParams.has(key));
  }
  await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
}

/** The titles of the sessions the programme shows now, in order. */
export async function programmeTitles(page: Page): Promise<string[]> {
  return page.getByTestId('session-item').getByRole('heading').allTextContents();
}

/** The day headings of the programme, in order. */
export async function programmeDays(page: Page): Promise<string[]> {
  return page.getByTestId('programme-day').getByRole('heading', { level: 3 }).allTextContents();
}
