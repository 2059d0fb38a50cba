import { createFoyerClient, tokensOf } from '@foyer/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.ts';
import { expectNoProblemsBut, logIn, newUser } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';
import { openEventTab } from './programme-flows.ts';

// Acceptance 1 of the stage: a guest without an account chats on a public
// stage; a signed-in attendee in a second browser sees it live and replies
// in a thread; the organizer, in a third, deletes a message and mutes the
// guest; every browser updates live and the guest is told.
let harness: Harness;
let guest: Page;
let attendee: Page;
let organizer: Page;
const organizerUser = newUser('Orla');
const attendeeUser = newUser('Ada');
let orgId = '';
let eventId = '';
let stagePath = '';

const message = (page: Page, author: string, text: string) =>
  page.getByRole('article', { name: `Message from ${author}` }).filter({ hasText: text });

beforeAll(async () => {
  harness = await startHarness();
  const api = createFoyerClient({ baseUrl: harness.baseUrl, accessToken: () => token });
  let token = '';
  for (const user of [organizerUser, attendeeUser]) await api.auth.signup(user);
  token = tokensOf(await api.auth.login(organizerUser)).accessToken;
  const org = await api.orgs.create({ name: 'Stream Collective', slug: `stream-${Date.now().toString(36)}` });
  orgId = org.id;
  const now = Date.now();
  const event = await api.events.create(org.id, {
    name: 'Open Stage Day',
    slug: 'open-stage-day',
    kind: 'conference',
    format: 'online',
    timezone: 'Europe/Berlin',
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 5 * 3_600_000).toISOString(),
    visibility: 'public',
  });
  eventId = event.id;
  await api.events.changeStatus(event.id, 'published');
  stagePath = `/e/${org.slug}/open-stage-day/stage`;
  [guest, attendee, organizer] = await Promise.all([harness.newPage(), harness.newPage(), harness.newPage()]);
});

afterAll(async () => {
  await harness?.close();
});

describe('the one-page stage', () => {
  it('is set up in the console by the organizer', async () => {
    await logIn(organizer, organizerUser);
    await organizer
      .getByRole('banner')
      .getByRole('button', { name: /account menu$/ })
      .waitFor();
    await openEventTab(organizer, orgId, eventId, 'stage');
    await organizer.getByRole('switch', { name: 'Stage is open to the public' }).check();
    await organizer.getByRole('combobox', { name: 'Player' }).selectOption('file');
    // A stream that is not there yet: the page must say so and keep retrying.
    await organizer
      .getByRole('textbox', { name: 'Video file address' })
      .fill(`${harness.baseUrl}/api/v1/no-such-stream.webm`);
    await organizer.getByRole('radio', { name: /^Open: guests pick a name/ }).check();
    await organizer.getByRole('button', { name: 'Save stage' }).click();
    await organizer.getByText('Saved').waitFor();
    await expectAccessible(organizer, 'console stage settings');
    await screenshot(organizer, 'stage-settings-desktop');
  });

  it('lets a guest pick a name and chat while a signed-in attendee watches live', async () => {
    await logIn(attendee, attendeeUser, `/login?next=${encodeURIComponent(stagePath)}`);
    await attendee.waitForURL((url) => url.pathname === stagePath);
    await attendee.getByRole('textbox', { name: 'Message' }).waitFor();

    await guest.goto(stagePath);
    await guest.getByRole('heading', { name: 'Open Stage Day', level: 1 }).waitFor();
    // The stream is down: offline, retrying, not an empty black box.
    await guest.getByText('The stream is not reachable. Retrying…').waitFor();
    await guest.getByRole('textbox', { name: 'Display name' }).fill('Gus Guest');
    await guest.getByRole('button', { name: 'Join the chat' }).click();
    await guest.getByText('Chatting as Gus Guest (guest)').waitFor();
    await guest.getByRole('textbox', { name: 'Message' }).fill('Hello from a guest https://example.org/slides');
    await guest.keyboard.press('Enter');
    await message(guest, 'Gus Guest', 'Hello from a guest').waitFor();

    // Live in the other browser, with the link recognised and announced to screen readers.
    const seen = message(attendee, 'Gus Guest', 'Hello from a guest');
    await seen.waitFor();
    await expect(seen.getByRole('link', { name: 'https://example.org/slides' }).getAttribute('rel')).resolves.toContain(
      'noopener',
    );
    await attendee.locator('[aria-live="polite"]', { hasText: 'Gus Guest: Hello from a guest' }).waitFor({
      state: 'attached',
    });
  });

  it('carries a reply in the thread to the guest', async () => {
    await message(attendee, 'Gus Guest', 'Hello from a guest').getByRole('button', { name: 'Reply' }).click();
    await attendee.getByText('Replying to Gus Guest').waitFor();
    await attendee.getByRole('textbox', { name: 'Reply in thread' }).fill('Welcome, Gus!');
    await attendee.getByRole('button', { name: 'Send', exact: true }).click();
    const reply = guest
      .getByRole('listitem')
      .filter({ has: guest.getByRole('article', { name: 'Message from Gus Guest' }) })
      .getByRole('article', { name: `Message from ${attendeeUser.name}` });
    await reply.filter({ hasText: 'Welcome, Gus!' }).waitFor();
  });

  it('lets the organizer delete a message and mute the guest, live everywhere', async () => {
    await organizer.goto(stagePath);
    await organizer.getByText('3 watching').waitFor();
    await guest.getByRole('textbox', { name: 'Message' }).fill('A second message, soon gone');
    await guest.keyboard.press('Enter');
    const doomed = message(organizer, 'Gus Guest', 'A second message, soon gone');
    await doomed.getByRole('button', { name: 'Delete' }).click();
    for (const page of [guest, attendee, organizer]) {
      await page.getByText('Removed by a moderator').waitFor();
      await expect(page.getByText('A second message, soon gone').count()).resolves.toBe(0);
    }

    await message(organizer, 'Gus Guest', 'Hello from a guest')
      .getByRole('button', { name: 'Moderate Gus Guest' })
      .click();
    await organizer.getByRole('menuitem', { name: 'Mute for 5 minutes' }).click();
    await guest
      .getByRole('alert')
      .filter({ hasText: /You are muted until/ })
      .waitFor();
    await expect(guest.getByRole('textbox', { name: 'Message' }).isDisabled()).resolves.toBe(true);
    // The attendee still writes, and the muted guest still reads along.
    await attendee.getByRole('textbox', { name: 'Message' }).fill('Still here');
    await attendee.keyboard.press('Enter');
    await message(guest, attendeeUser.name, 'Still here').waitFor();
  });

  it('is accessible and fits desktop and phone, light and dark', async () => {
    await expectAccessible(guest, 'stage page (guest, muted)');
    await screenshot(guest, 'stage-guest-desktop');
    await attendee.setViewportSize({ width: 390, height: 844 });
    await attendee.emulateMedia({ colorScheme: 'dark' });
    await attendee.reload();
    await message(attendee, 'Gus Guest', 'Hello from a guest').waitFor();
    await expectAccessible(attendee, 'stage page (phone, dark)');
    await screenshot(attendee, 'stage-attendee-phone');
    // The stream's 404s are the test's own doing; nothing else may go wrong in any browser.
    for (const page of [guest, attendee, organizer]) expectNoProblemsBut(harness, page, [404]);
  });
});
