import { createFoyerClient, tokensOf } from '@foyer/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, newUser, signUpVerified } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';

// Acceptance 1 of issue 5: a guest registers on the public event page and gets a ticket, signs up and
// finds it under "my registrations", the organiser checks them in, and a full event's waiting list
// moves up when someone cancels.
let harness: Harness;
let seed: Seeded;

interface Seeded {
  organiser: { email: string; password: string };
  orgId: string;
  workshop: { id: string; path: string; name: string };
  tiny: { id: string; path: string; name: string };
  /** Unlimited seats, signed-in people only. */
  members: { id: string; path: string; name: string };
  /** The organiser switches on "guests confirm their address first" in the console. */
  confirming: { id: string; path: string; name: string };
}

async function seedEvents(baseUrl: string): Promise<Seeded> {
  const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const organiser = { email: `olga.${unique}@example.org`, password: `pottery kiln olga ${unique}` };
  let token = '';
  const api = createFoyerClient({ baseUrl, accessToken: () => token });
  await api.auth.signup({ name: 'Olga Organiser', ...organiser });
  token = tokensOf(await api.auth.login(organiser)).accessToken;
  const org = await api.orgs.create({ name: 'Clay Studio', slug: `clay-${unique}` });
  const base = {
    kind: 'workshop',
    format: 'in_person',
    timezone: 'Europe/Berlin',
    startsAt: '2027-05-08T10:00:00+02:00',
    endsAt: '2027-05-08T16:00:00+02:00',
    visibility: 'public',
  } as const;
  const workshop = await api.events.create(org.id, {
    ...base,
    name: 'Wheel Throwing for Beginners',
    slug: 'wheel-throwing',
    capacity: 12,
  });
  await api.registrationForm.createQuestion(workshop.id, {
    label: 'Which clay do you prefer?',
    kind: 'single_choice',
    options: ['Stoneware', 'Porcelain'],
    required: true,
  });
  await api.registrationForm.createQuestion(workshop.id, { label: 'Anything we should know?', kind: 'long_text' });
  await api.registrationForm.createRequirement(workshop.id, {
    key: 'old-clothes',
    label: 'Clothes that may get dirty',
    kind: 'equipment',
  });
  await api.events.changeStatus(workshop.id, 'published');
  const tiny = await api.events.create(org.id, {
    ...base,
    name: 'Raku Firing Masterclass',
    slug: 'raku-masterclass',
    capacity: 1,
    registration: { waitlistEnabled: true, waitlistAutoPromote: true },
  });
  await api.events.changeStatus(tiny.id, 'published');
  const members = await api.events.create(org.id, {
    ...base,
    name: 'Glaze Chemistry Evening',
    slug: 'glaze-chemistry',
    registration: { guestsAllowed: false },
  });
  await api.events.changeStatus(members.id, 'published');
  const confirming = await api.events.create(org.id, {
    ...base,
    name: 'Slip Casting Saturday',
    slug: 'slip-casting',
  });
  await api.events.changeStatus(confirming.id, 'published');
  return {
    organiser,
    orgId: org.id,
    workshop: { id: workshop.id, path: `${org.slug}/wheel-throwing`, name: workshop.name },
    tiny: { id: tiny.id, path: `${org.slug}/raku-masterclass`, name: tiny.name },
    members: { id: members.id, path: `${org.slug}/glaze-chemistry`, name: members.name },
    confirming: { id: confirming.id, path: `${org.slug}/slip-casting`, name: confirming.name },
  };
}

/** Fills the public form as a guest; `choice` answers the workshop's required question. */
async function fillGuestForm(page: Page, guest: { name: string; email: string }) {
  await page.getByRole('textbox', { name: 'Name' }).fill(guest.name);
  await page.getByRole('textbox', { name: 'Email address' }).fill(guest.email);
}

async function ticketCode(page: Page): Promise<string> {
  const code = await page.getByTestId('ticket-code').getAttribute('data-code');
  expect(code).toMatch(/^[A-Z2-7]{26}$/);
  return code ?? '';
}

beforeAll(async () => {
  harness = await startHarness();
  seed = await seedEvents(harness.baseUrl);
});

afterAll(async () => {
  await harness?.close();
});

describe('registration, tickets, check-in and the waiting list', () => {
  const guest = newUser('Greta');
  let code = '';

  it('a guest registers on the public event page and sees the ticket with its QR code', async () => {
    const page = await harness.newPage();
    await page.goto(`/e/${seed.workshop.path}`);
    await page.getByRole('navigation', { name: 'Event sections' }).getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { level: 2, name: 'Register' }).waitFor();
    await page.getByText('12 seats left').waitFor();

    // Sending the empty form marks every missing answer at its field.
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText('Please fill this in.').waitFor();
    await page.getByText('Please answer this question.').waitFor();
    await page.getByText('Please confirm every requirement.').waitFor();
    await screenshot(page, 'registration-form-errors');

    await fillGuestForm(page, guest);
    await page.getByRole('radio', { name: 'Porcelain' }).check();
    await page.getByRole('checkbox', { name: 'Clothes that may get dirty' }).check();
    await screenshot(page, 'registration-form');
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    await page.getByRole('heading', { name: "You're registered" }).waitFor();
    expect(await page.getByTestId('registration-status').textContent()).toBe('Confirmed');
    code = await ticketCode(page);
    // The QR code is drawn in the browser: the canvas has dark and light pixels.
    const shades = await page.getByTestId('ticket-qr').evaluate((el) => {
      const canvas = el as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 128) dark++;
      return { dark, total: data.length / 4 };
    });
    expect(shades.dark).toBeGreaterThan(shades.total * 0.2);
    expect(shades.dark).toBeLessThan(shades.total * 0.8);
    await screenshot(page, 'registration-confirmation');

    // The confirmation email arrives over SMTP with the same ticket, in its text and as an inline QR image.
    const mail = await harness.mailbox.waitFor(guest.email, { subject: /You’re registered/ });
    expect(mail.text.replace(/[\s-]/g, '')).toContain(code.replace(/[\s-]/g, ''));
    // Its link opens the registration's own page, no account needed: the ticket, and a way to cancel.
    const link = /https?:\/\/[^\s/]+(\/registrations\/[0-9a-f-]{36}\?token=[0-9a-f]{74})/.exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    await page.goto(link![1]!);
    await page.getByRole('button', { name: 'Cancel registration' }).waitFor();
    expect((await page.locator('body').innerText()).replace(/[\s-]/g, '')).toContain(code.replace(/[\s-]/g, ''));
    // mailparser inlines the cid: attachment as a data URI.
    expect(mail.html).toMatch(/<img[^>]+src="data:image\/png;base64,[^"]+"[^>]*alt="[^"]+"/);

    // Registering the same address again is refused at the email field.
    await page.goto(`/e/${seed.workshop.path}/register`);
    await fillGuestForm(page, { name: guest.name, email: guest.email.toUpperCase() });
    await page.getByRole('radio', { name: 'Stoneware' }).check();
    await page.getByRole('checkbox', { name: 'Clothes that may get dirty' }).check();
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText('This email address is already registered for this event.').waitFor();

    // Lost the email? A new link is mailed; the one before stops working.
    await page.getByRole('textbox', { name: 'Your email' }).fill(guest.email);
    await page.getByRole('button', { name: 'Mail me a new link' }).click();
    await page.getByText('If this address registered for the event, a new link is on its way.').waitFor();
    const renewed = await harness.mailbox.waitFor(guest.email, { subject: /Your registration link/ });
    const fresh = /https?:\/\/[^\s/]+(\/registrations\/[0-9a-f-]{36}\?token=[0-9a-f]{74})/.exec(renewed.text);
    expect(fresh![1]).not.toBe(link![1]);
    await page.goto(fresh![1]!);
    await page.getByRole('button', { name: 'Cancel registration' }).waitFor();
    await page.goto(link![1]!);
    await page.getByRole('button', { name: 'Cancel registration' }).waitFor({ state: 'detached' });

    const mobile = await harness.newPage({ viewport: { width: 390, height: 844 } });
    await mobile.goto(`/e/${seed.workshop.path}/register`);
    await mobile.getByRole('heading', { level: 2, name: 'Register' }).waitFor();
    await screenshot(mobile, 'registration-form-mobile');
    await mobile.context().close();
    await page.context().close();
  });

  it('a guest of an event that asks confirms their address from the mailed link, and only then is registered', async () => {
    const organiser = await harness.newPage();
    await logIn(organiser, seed.organiser);
    await organiser.getByTestId('user-menu').waitFor();
    await organiser.goto(`/orgs/${seed.orgId}/events/${seed.confirming.id}/registrations`);
    const settings = organiser.getByRole('region', { name: 'Who may register, and how' });
    await settings.getByRole('switch', { name: 'Guests confirm their address first' }).check();
    await settings.getByText('Saved.').waitFor();
    // The dates, in the event's own time zone, kept across a reload.
    await settings.getByLabel('Registration closes').fill('2027-05-07T18:00');
    await settings.getByRole('button', { name: 'Save dates' }).click();
    await settings.getByText('Saved.').waitFor();
    await organiser.reload();
    await expect.poll(() => organiser.getByLabel('Registration closes').inputValue()).toBe('2027-05-07T18:00');
    await screenshot(organiser, 'registration-settings');
    await organiser.context().close();

    const page = await harness.newPage();
    const cora = { name: 'Cora Caster', email: `cora.${Date.now().toString(36)}@example.org` };
    await page.goto(`/e/${seed.confirming.path}/register`);
    await page.getByTestId('confirm-address-note').waitFor();
    await fillGuestForm(page, cora);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await page.getByText(`We sent a link to ${cora.email}`).waitFor();
    await screenshot(page, 'registration-check-inbox');

    const mail = await harness.mailbox.waitFor(cora.email, { subject: /Confirm your registration/ });
    const link = /https?:\/\/[^\s/]+(\/e\/[^\s?]+\/register\/confirm\?token=[0-9a-f]{106})/.exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    // Opening the link registers nobody by itself (mail scanners open links): it takes the click.
    await page.goto(link![1]!);
    await page.getByRole('heading', { name: 'Confirm your registration' }).waitFor();
    await screenshot(page, 'registration-confirm-address');
    await page.getByRole('button', { name: 'Confirm my registration' }).click();
    await page.getByRole('heading', { name: "You're registered" }).waitFor();
    expect(await ticketCode(page)).toMatch(/^[A-Z2-7]{26}$/);
    await harness.mailbox.waitFor(cora.email, { subject: /You’re registered/ });

    // A link that was tampered with says so, and offers to register again.
    await page.goto(`${link![1]!.slice(0, -1)}${link![1]!.endsWith('0') ? '1' : '0'}`);
    await page.getByRole('button', { name: 'Confirm my registration' }).click();
    await page.getByText('This link is not valid').waitFor();
    await page.getByRole('link', { name: 'Register again' }).waitFor();
    await page.context().close();
  });

  it('signs up with the same email, verifies, and finds the registration under "my registrations"', async () => {
    const page = await harness.newPage();
    await signUpVerified(harness, page, guest);
    await page.goto('/account/registrations');
    await page.getByRole('heading', { level: 1, name: 'My registrations' }).waitFor();
    // Linking runs as a durable job after the verification: give it a moment.
    const item = page.getByTestId('my-registration').filter({ hasText: seed.workshop.name });
    for (let i = 0; i < 20 && (await item.count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await item.getByText('Confirmed').waitFor();
    await screenshot(page, 'my-registrations');
    await item.getByRole('link', { name: 'Ticket' }).click();
    await page.getByRole('heading', { name: "You're registered" }).waitFor();
    expect(await ticketCode(page)).toBe(code);
    await page.context().close();
  });

  it('a signed-in member registers with their own address and cancels from "my registrations"', async () => {
    const anonymous = await harness.newPage();
    await anonymous.goto(`/e/${seed.members.path}/register`);
    await anonymous.getByText('Only people with an account can register for this event.').waitFor();
    await anonymous.getByRole('link', { name: 'Log in to register' }).waitFor();
    await anonymous.context().close();

    const page = await harness.newPage();
    await logIn(page, guest, `/login?next=${encodeURIComponent(`/e/${seed.members.path}/register`)}`);
    await page.getByRole('heading', { level: 2, name: 'Register' }).waitFor();
    const email = page.getByRole('textbox', { name: 'Email address' });
    expect(await email.inputValue()).toBe(guest.email);
    expect(await email.getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('textbox', { name: 'Name' }).inputValue()).toBe(guest.name);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { name: "You're registered" }).waitFor();
    await page.getByRole('link', { name: 'See all my registrations' }).click();

    const item = page.getByTestId('my-registration').filter({ hasText: seed.members.name });
    await item.getByRole('button', { name: 'Cancel registration' }).click();
    await page
      .getByRole('dialog')
      .getByText(/goes to the next person/)
      .waitFor();
    await screenshot(page, 'my-registrations-cancel', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel registration' }).click();
    await item.getByText('Cancelled').waitFor();
    expect(await item.getByRole('button', { name: 'Cancel registration' }).count()).toBe(0);
    await page.context().close();
  });

  it('the organiser checks the guest in on the check-in page', async () => {
    const page = await harness.newPage();
    await logIn(page, seed.organiser);
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`/orgs/${seed.orgId}/events/${seed.workshop.id}/registrations`);
    await page.getByTestId('registrations-table').getByText(guest.email).waitFor();
    await expect.poll(() => page.getByTestId('tile-confirmed').textContent()).toContain('1');
    await screenshot(page, 'registrations-table');

    await page.getByRole('tab', { name: 'Check-in' }).click();
    const input = page.getByRole('textbox', { name: 'Ticket code' });
    const result = page.getByTestId('check-in-result');
    // As people type it: lower case, in groups.
    await input.fill(code.toLowerCase().replace(/(.{4})/g, '$1 '));
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await result.getByText(`Checked in: ${guest.name}`).waitFor();
    expect(await result.getAttribute('data-outcome')).toBe('in');
    await screenshot(page, 'check-in-success');

    // A mistake at the door can be undone, and the ticket checked in again.
    await result.getByRole('button', { name: 'Undo check-in' }).click();
    await result.getByText(`Check-in undone: ${guest.name}`).waitFor();
    await input.fill(code);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await result.getByText(`Checked in: ${guest.name}`).waitFor();

    await input.fill(code);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await result.getByText(/^Already checked in at /).waitFor();
    await screenshot(page, 'check-in-already');

    await input.fill('NOT A TICKET');
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await result.getByText('Not valid').waitFor();
    await screenshot(page, 'check-in-invalid');
    await page.context().close();
  });

  it('a full event puts the next person on the waiting list, and a cancellation promotes them', async () => {
    const first = newUser('Hugo');
    const second = newUser('Ines');
    const page = await harness.newPage();
    await page.goto(`/e/${seed.tiny.path}/register`);
    await page.getByText('1 seat left').waitFor();
    await fillGuestForm(page, first);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { name: "You're registered" }).waitFor();

    const next = await harness.newPage();
    await next.goto(`/e/${seed.tiny.path}/register`);
    await next
      .getByTestId('registration-state')
      .getByText(/fully booked/)
      .waitFor();
    await screenshot(next, 'registration-form-waitlist');
    await fillGuestForm(next, second);
    await next.getByRole('button', { name: 'Join the waiting list' }).click();
    await next.getByRole('heading', { name: "You're on the waiting list" }).waitFor();
    expect(await next.getByTestId('waitlist-position').textContent()).toContain('1');
    await screenshot(next, 'registration-waitlisted');

    const organiser = await harness.newPage();
    await logIn(organiser, seed.organiser);
    await organiser.getByTestId('user-menu').waitFor();
    await organiser.goto(`/orgs/${seed.orgId}/events/${seed.tiny.id}/registrations`);
    const rowOf = (name: string) => organiser.getByTestId('registration-row').filter({ hasText: name });
    await rowOf(second.name).getByText('Waiting list #1').waitFor();
    await rowOf(first.name)
      .getByRole('button', { name: `Cancel the registration of ${first.name}` })
      .click();
    await organiser.getByRole('dialog').getByRole('button', { name: 'Cancel', exact: true }).last().click();
    await rowOf(first.name).getByText('Cancelled').waitFor();
    await rowOf(second.name).getByText('Confirmed').waitFor();
    await screenshot(organiser, 'registrations-after-promotion');

    // The export carries everyone with their status; it is fetched with the bearer token.
    const download = organiser.waitForEvent('download');
    await organiser.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).createReadStream();
    let csv = '';
    for await (const chunk of file) csv += chunk.toString();
    expect(csv).toContain(first.email);
    expect(csv).toContain(second.email);

    // A malformed import adds nobody and names each bad row.
    const rows = organiser.getByRole('textbox', { name: 'Or paste the rows' });
    await rows.fill('email,name\nnot-an-address,Jo\nkai@example.org,');
    await organiser.getByRole('button', { name: 'Add people' }).click();
    const errors = organiser.getByTestId('import-errors');
    await errors.getByText(/^Line 2: /).waitFor();
    await errors.getByText(/^Line 3: /).waitFor();
    await screenshot(organiser, 'registrations-import-errors');
    await rows.fill('kai@example.org,Kai Imported');
    await organiser.getByRole('button', { name: 'Add people' }).click();
    await organiser.getByText(/^Added 1 \(0 confirmed, 1 on the waiting list\)/).waitFor();
    await rowOf('Kai Imported').getByText('Waiting list #1').waitFor();

    await organiser.context().close();
    await next.context().close();
    await page.context().close();
  });

  it('the organiser adds a question and a requirement, and the public form asks them', async () => {
    const page = await harness.newPage();
    await logIn(page, seed.organiser);
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`/orgs/${seed.orgId}/events/${seed.tiny.id}/questions`);
    await page.getByRole('button', { name: 'Add question' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Question' }).fill('Glaze colours');
    await dialog.getByRole('textbox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Multiple choice' }).click();
    await dialog.getByRole('textbox', { name: 'Choices' }).fill('Celadon\nTenmoku');
    await dialog.getByRole('checkbox', { name: 'Required' }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('questions-table').getByText('Glaze colours').waitFor();

    await page.getByRole('button', { name: 'Add requirement' }).click();
    await dialog.getByRole('textbox', { name: 'Requirement' }).fill('Closed shoes');
    await dialog.getByRole('textbox', { name: 'Key' }).fill('Closed Shoes');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog
      .getByText(/^Lower-case letters/)
      .first()
      .waitFor();
    await dialog.getByRole('textbox', { name: 'Key' }).fill('closed-shoes');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('requirements-table').getByText('closed-shoes').waitFor();
    await screenshot(page, 'questions-and-requirements');

    const visitor = await harness.newPage();
    await visitor.goto(`/e/${seed.tiny.path}/register`);
    await visitor.getByRole('checkbox', { name: 'Tenmoku' }).waitFor();
    await visitor.getByRole('checkbox', { name: 'Closed shoes' }).waitFor();
    await visitor.context().close();
    await page.context().close();
  });
});
