import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblemsBut, logIn, newUser, signUpVerified, userMenu } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';
import { linkIn } from './mail-sink.ts';

let harness: Harness;
let owner: Page;
let orgId = '';
let eventId = '';
const olivia = newUser('Olivia');
const colin = newUser('Colin');
const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
/** A segment of the status filter (the radio itself is visually hidden under its label). */
const statusFilter = (page: Page, label: string) =>
  page.locator('.mantine-SegmentedControl-root').getByText(label, { exact: true });
const combobox = (page: Page, name: string) => page.getByRole('combobox', { name, exact: true });

beforeAll(async () => {
  harness = await startHarness();
  // A second person to be assigned as organizer; members only.
  const other = await harness.newPage();
  await signUpVerified(harness, other, colin);
  await other.context().close();
  owner = await harness.newPage({ timezoneId: 'America/New_York' });
  await signUpVerified(harness, owner, olivia);
});

afterAll(async () => {
  await harness?.close();
});

describe('events in the organization console', () => {
  it('creates an organization and lands on its (empty) events list', async () => {
    await owner.goto('/orgs/new');
    await textbox(owner, 'Name').fill('Harbour Festival');
    await owner.getByRole('button', { name: 'Create organization' }).click();
    await owner.waitForURL(/\/orgs\/[0-9a-f-]{36}\/members$/);
    orgId = owner.url().split('/').at(-2)!;
    // Colin, who has an account, is invited as an organizer and joins by accepting.
    const mark = harness.mailbox.mark();
    await textbox(owner, 'Email address').fill(colin.email);
    await owner.getByRole('combobox', { name: 'Role', exact: true }).selectOption('organizer');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText(`Invitation sent to ${colin.email}.`).waitFor();
    const mail = await harness.mailbox.waitFor(colin.email, { subject: /Invitation to join/, after: mark });
    const invitation = linkIn(mail, '/invitations/accept');
    const invitee = await harness.newPage();
    await logIn(invitee, colin, `/login?next=${encodeURIComponent(invitation)}`);
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.waitForURL(`**/orgs/${orgId}/members`);
    await invitee.context().close();
    await owner.reload();
    await owner
      .getByTestId('members-table')
      .getByRole('row', { name: new RegExp(colin.name) })
      .waitFor();

    const nav = owner.getByRole('navigation', { name: 'Organization' });
    expect((await nav.getByRole('link').allTextContents())[0]).toBe('Events');
    await nav.getByRole('link', { name: 'Events' }).click();
    await owner.getByRole('heading', { level: 2, name: 'Events' }).waitFor();
    await owner.getByText('No events yet.').waitFor();
  });

  it('creates an event with times in the event’s own timezone', async () => {
    await owner.getByRole('link', { name: 'New event' }).click();
    await owner.getByRole('heading', { level: 2, name: 'New event' }).waitFor();
    await textbox(owner, 'Name').fill('Harbour Nights 2027');
    expect(await textbox(owner, 'Short address').inputValue()).toBe('harbour-nights-2027');
    await combobox(owner, 'Kind').selectOption('festival');
    await combobox(owner, 'Timezone').selectOption('Europe/Berlin');
    await owner.getByLabel('Starts').fill('2027-07-01T18:00');
    await owner.getByLabel('Ends').fill('2027-07-01T17:00');
    await textbox(owner, 'Summary').fill('Three nights of music by the water.');
    await textbox(owner, 'Description').fill('## Line-up\n\n- Quayside Quartet\n- *The Gulls*');
    await textbox(owner, 'Price').fill('€40, reduced €25');
    await owner.getByRole('textbox', { name: 'Capacity' }).fill('800');
    await owner.getByRole('button', { name: 'Create event' }).click();
    // Checked in the browser before anything is sent.
    await owner.getByText('The event must end after it starts.').waitFor();
    await owner.getByLabel('Ends').fill('2027-07-03T23:30');
    await owner.getByText('Saved as 2027-07-03T23:30:00+02:00').waitFor();
    await screenshot(owner, 'event-new-light');
    await owner.getByRole('button', { name: 'Create event' }).click();

    await owner.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    eventId = owner.url().split('/').at(-1)!;
    await owner.getByRole('heading', { level: 2, name: 'Harbour Nights 2027' }).waitFor();
    // The wall-clock times stay in Berlin, though the browser is in New York.
    expect(await owner.getByLabel('Starts').inputValue()).toBe('2027-07-01T18:00');
    // A draft does not exist for anyone outside the organization: 404, not 401 (nothing leaks).
    const res = await fetch(`${harness.baseUrl}/api/v1/events/${eventId}`);
    expect(res.status).toBe(404);
  });

  it('edits the event and refuses a slug that is taken', async () => {
    // A second event to collide with.
    await owner.goto(`/orgs/${orgId}/events/new`);
    await textbox(owner, 'Name').fill('Winter Warmer');
    await owner.getByLabel('Starts').fill('2027-12-10T19:00');
    await owner.getByLabel('Ends').fill('2027-12-10T23:00');
    await owner.getByRole('button', { name: 'Create event' }).click();
    await owner.getByRole('heading', { level: 2, name: 'Winter Warmer' }).waitFor();
    await textbox(owner, 'Short address').fill('harbour-nights-2027');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await owner.getByText('This address is already taken. Choose another one.').waitFor();
    expect(await textbox(owner, 'Short address').getAttribute('aria-invalid')).toBe('true');

    await owner.goto(`/orgs/${orgId}/events/${eventId}`);
    await textbox(owner, 'Summary').fill('Three nights of music and food by the water.');
    await owner.getByLabel('Ends').fill('2027-07-04T01:00');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await owner.getByText('Saved.').waitFor();
    await screenshot(owner, 'event-overview-light');
    await owner.reload();
    expect(await textbox(owner, 'Summary').inputValue()).toBe('Three nights of music and food by the water.');
    expect(await owner.getByLabel('Ends').inputValue()).toBe('2027-07-04T01:00');
  });

  it('keeps the event’s tabs on one line: all in view at 1280 px, scrolling sideways on a phone', async () => {
    const tabs = owner.getByRole('tablist', { name: 'Event sections' }).getByRole('tab');
    /** Each tab's top, and whether the tab list's scroll area is wider than what it shows. */
    const layout = async () => ({
      tops: await tabs.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top))),
      overflows: await owner.getByRole('tablist', { name: 'Event sections' }).evaluate((el) => {
        const viewport = el.closest('.mantine-ScrollArea-viewport') ?? el;
        return viewport.scrollWidth > viewport.clientWidth;
      }),
    });
    expect(owner.viewportSize()).toEqual({ width: 1280, height: 800 });
    const wide = await layout();
    // An owner sees all twelve tabs (Emails and Stage included), on one line, none scrolled out of view.
    expect(wide.tops).toHaveLength(12);
    expect(new Set(wide.tops).size).toBe(1);
    expect(wide.overflows).toBe(false);

    await owner.setViewportSize({ width: 390, height: 844 });
    try {
      const narrow = await layout();
      expect(new Set(narrow.tops).size).toBe(1);
      expect(narrow.overflows).toBe(true);
      // The last tab is reached by scrolling the list, and a deep link scrolls its tab into view.
      await owner.getByRole('tab', { name: 'Organizers' }).click();
      await owner.waitForURL(/\/organizers$/);
      await owner.reload();
      await owner.getByTestId('organizers-table').waitFor();
      const box = (await owner.getByRole('tab', { name: 'Organizers', selected: true }).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await screenshot(owner, 'event-tabs-phone-light', { fullPage: false });
    } finally {
      await owner.setViewportSize({ width: 1280, height: 800 });
    }
    await owner.goto(`/orgs/${orgId}/events/${eventId}`);
    await owner.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
  });

  it('publishes the event after confirming, and shows the history', async () => {
    await owner.getByRole('tab', { name: 'Status' }).click();
    await owner.waitForURL(/\/status$/);
    await owner.getByText('Created as Draft').waitFor();
    expect(await owner.getByRole('button', { name: 'Go live' }).count()).toBe(0);
    await owner.getByRole('button', { name: 'Publish' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Publish' });
    await dialog.getByRole('textbox', { name: 'Reason (optional)' }).fill('Line-up confirmed');
    await screenshot(owner, 'event-status-confirm-light', { fullPage: false });
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await owner.getByTestId('event-status').getByText('Published').waitFor();
    await owner.getByText('Draft → Published').waitFor();
    await owner.getByText('“Line-up confirmed”').waitFor();
    // Only the next steps from published are offered.
    await owner.getByRole('button', { name: 'Go live' }).waitFor();
    expect(await owner.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await screenshot(owner, 'event-status-light');
  });

  it('assigns an organizer by email and changes their status', async () => {
    await owner.getByRole('tab', { name: 'Organizers' }).click();
    const table = owner.getByTestId('organizers-table');
    await table.getByRole('row', { name: new RegExp(olivia.name) }).waitFor();
    // Someone outside the organization cannot run its events.
    await textbox(owner, 'Email address').fill('stranger@example.org');
    await owner.getByRole('button', { name: 'Assign' }).click();
    await owner.getByText('This person is not a member of the organization.', { exact: false }).waitFor();

    await textbox(owner, 'Email address').fill(colin.email);
    await owner.getByRole('button', { name: 'Assign' }).click();
    await owner.getByText(`${colin.name} was assigned.`).waitFor();
    const row = table.getByRole('row', { name: new RegExp(colin.name) });
    await row.getByText('Invited').first().waitFor();
    await row.getByRole('combobox', { name: `Status of ${colin.name}` }).selectOption('active');
    await row.locator('.mantine-Badge-root', { hasText: 'Active' }).waitFor();
    await screenshot(owner, 'event-organizers-light');
    expectNoProblemsBut(harness, owner, [409, 422]);
  });

  it('lists events by status, in each event’s own time', async () => {
    await owner.goto(`/orgs/${orgId}/events`);
    const table = owner.getByTestId('events-table');
    await table.getByRole('link', { name: 'Harbour Nights 2027' }).waitFor();
    await table.getByRole('link', { name: 'Winter Warmer' }).waitFor();
    // 18:00 in Berlin, whatever the browser's zone (New York here).
    expect(await table.getByRole('row', { name: /Harbour Nights/ }).textContent()).toMatch(/6:00\s?PM/);
    await screenshot(owner, 'events-list-light');
    await statusFilter(owner, 'Published').click();
    await table.getByRole('link', { name: 'Harbour Nights 2027' }).waitFor();
    await table.getByRole('link', { name: 'Winter Warmer' }).waitFor({ state: 'detached' });
    await statusFilter(owner, 'Cancelled').click();
    expect(await owner.getByRole('radio', { name: 'Cancelled' }).isChecked()).toBe(true);
    await owner.getByText('No events with status “Cancelled”.').waitFor();
  });

  it('shows an organizer who does not run an event a read-only view, and deletes with a typed name', async () => {
    const organizer = await harness.newPage();
    await logIn(organizer, colin);
    await userMenu(organizer).waitFor();
    // Colin runs Harbour Nights (active) but not Winter Warmer.
    const winter = (await (await fetchEvents()).json()) as { items: { id: string; name: string }[] };
    const winterId = winter.items.find((e) => e.name === 'Winter Warmer')!.id;
    await organizer.goto(`/orgs/${orgId}/events/${winterId}`);
    await organizer.getByRole('heading', { level: 2, name: 'Winter Warmer' }).waitFor();
    await organizer.getByText('Created as Draft').or(textbox(organizer, 'Name')).first().waitFor();
    expect(await organizer.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await textbox(organizer, 'Name').getAttribute('readonly')).not.toBeNull();
    await organizer.goto(`/orgs/${orgId}/events/${eventId}`);
    await organizer.getByRole('button', { name: 'Save changes' }).waitFor();
    await organizer.context().close();

    const dark = await harness.newPage({ colorScheme: 'dark' });
    await logIn(dark, olivia);
    await userMenu(dark).waitFor();
    await dark.goto(`/orgs/${orgId}/events/${winterId}`);
    await dark.getByRole('button', { name: 'Delete event…' }).click();
    const dialog = dark.getByRole('dialog', { name: 'Delete “Winter Warmer”?' });
    const confirm = dialog.getByRole('button', { name: 'Delete for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Event name' }).fill('Winter Warmer');
    await screenshot(dark, 'event-delete-dark', { fullPage: false });
    await confirm.click();
    await dark.waitForURL(/\/events$/);
    await dark.getByTestId('events-table').getByRole('link', { name: 'Harbour Nights 2027' }).waitFor();
    expect(await dark.getByRole('link', { name: 'Winter Warmer' }).count()).toBe(0);
    await screenshot(dark, 'events-list-dark');
    expectNoProblemsBut(harness, dark);
  });
});

let token: string | null = null;
async function fetchEvents(): Promise<Response> {
  if (!token) {
    const login = await fetch(`${harness.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: olivia.email, password: olivia.password }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  }
  return fetch(`${harness.baseUrl}/api/v1/orgs/${orgId}/events`, { headers: { authorization: `Bearer ${token}` } });
}
