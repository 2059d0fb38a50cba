import { createFoyerClient, tokensOf } from '@foyer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblemsBut, logIn, newUser, userMenu } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';

// Issue 5, web: an owner words the confirmation of one event (live preview, syntax errors with line and
// column), a guest gets mail with that wording, the door checks them in to a session, and a platform
// admin finds the message in the outbox.
let harness: Harness;
let seed: Seeded;
const admin = { email: `root.${Date.now().toString(36)}@example.org`, password: 'granite lantern admin 42' };
const SUBJECT = 'Welcome to {{ event.name }}, {{ recipient.name }}!';

interface Seeded {
  owner: { email: string; password: string };
  orgId: string;
  event: { id: string; path: string; name: string };
  session: { id: string; title: string };
}

async function seedEvent(baseUrl: string): Promise<Seeded> {
  const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const owner = { email: `otto.${unique}@example.org`, password: `copper kettle otto ${unique}` };
  let token = '';
  const api = createFoyerClient({ baseUrl, accessToken: () => token });
  await api.auth.signup({ name: 'Otto Owner', ...owner });
  token = tokensOf(await api.auth.login(owner)).accessToken;
  const org = await api.orgs.create({ name: 'Print Shop', slug: `print-${unique}` });
  const event = await api.events.create(org.id, {
    name: 'Letterpress Day',
    slug: 'letterpress-day',
    kind: 'workshop',
    format: 'in_person',
    timezone: 'Europe/Berlin',
    startsAt: '2027-06-12T10:00:00+02:00',
    endsAt: '2027-06-12T17:00:00+02:00',
    visibility: 'public',
    capacity: 20,
  });
  const session = await api.sessions.create(event.id, {
    title: 'Setting type by hand',
    kind: 'workshop',
    startsAt: '2027-06-12T11:00:00+02:00',
    endsAt: '2027-06-12T12:30:00+02:00',
  });
  await api.events.changeStatus(event.id, 'published');
  return {
    owner,
    orgId: org.id,
    event: { id: event.id, path: `${org.slug}/letterpress-day`, name: event.name },
    session: { id: session.id, title: session.title },
  };
}

beforeAll(async () => {
  harness = await startHarness({ platformAdmin: admin });
  seed = await seedEvent(harness.baseUrl);
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

describe('email templates, the mail they shape, per-session check-in and the outbox', () => {
  const guest = newUser('Gustav');
  let code = '';

  it('an owner overrides the confirmation subject of one event with a live preview; syntax errors are placed', async () => {
    const page = await harness.newPage();
    await logIn(page, seed.owner);
    await userMenu(page).waitFor();
    await page.goto(`/orgs/${seed.orgId}/events/${seed.event.id}`);
    await page.getByRole('tab', { name: 'Emails' }).click();
    await page.getByRole('heading', { name: 'Email templates' }).waitFor();
    await page.getByTestId('template-registration.confirmed').click();

    // The preview renders the stored wording with the sample data first, then follows the typing.
    const previewSubject = page.getByTestId('preview-subject');
    await previewSubject.waitFor();
    const subject = page.getByTestId('template-subject');
    await subject.fill(SUBJECT);
    await expect.poll(() => previewSubject.textContent()).toMatch(/^Welcome to .+, .+!$/);
    const html = page.getByTestId('preview-html');
    expect(await html.getAttribute('sandbox')).toBe('');
    const frame = page.frameLocator('[data-testid="preview-html"]');
    await frame.getByRole('heading', { name: /registered for/ }).waitFor();
    await page.getByRole('cell', { name: '{{ registration.ticketCode }}' }).waitFor();
    await screenshot(page, 'email-template-editor');
    // Chromium leaves a sandboxed frame below the fold blank in full-page shots: show the preview itself.
    await html.scrollIntoViewIfNeeded();
    await screenshot(page, 'email-template-preview', { fullPage: false });
    await page.evaluate(() => window.scrollTo(0, 0));

    // An unclosed tag is shown at its field with line and column, and nothing is saved.
    const text = page.getByTestId('template-text');
    const original = await text.inputValue();
    await text.fill('Hello {{ recipient.name }}\nSee you {% if registration.status %}soon');
    await page.getByText(/^Line 2, column \d+: .*not closed/).waitFor();
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-not-saved').waitFor();
    await page.getByTestId('preview-stale').waitFor();
    await screenshot(page, 'email-template-syntax-error');
    const api = createFoyerClient({ baseUrl: harness.baseUrl });
    const { accessToken } = tokensOf(await api.auth.login(seed.owner));
    const authed = createFoyerClient({ baseUrl: harness.baseUrl, accessToken: () => accessToken });
    expect((await authed.emailTemplates.get({ eventId: seed.event.id }, 'registration.confirmed')).override).toBeNull();

    // Put the text back; only the subject differs from the default, so only it is stored.
    await text.fill(original);
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-saved').waitFor();
    await page.getByTestId('template-registration.confirmed').getByText('Customized').waitFor();
    const stored = await authed.emailTemplates.get({ eventId: seed.event.id }, 'registration.confirmed');
    expect(stored.override).toMatchObject({ subject: SUBJECT, html: null, text: null });
    await screenshot(page, 'email-template-saved');
    expectNoProblemsBut(harness, page, [422]);
    await page.context().close();
  });

  it('the organization words its own messages from the organization navigation, invitations included', async () => {
    const page = await harness.newPage();
    await logIn(page, seed.owner);
    await userMenu(page).waitFor();
    await page.goto(`/orgs/${seed.orgId}/events`);
    await page
      .getByRole('navigation', { name: 'Organization', exact: true })
      .getByRole('link', { name: 'Emails' })
      .click();
    await page.getByRole('heading', { name: 'Email templates' }).waitFor();
    await page.getByTestId('template-org.invitation').click();
    await page.getByTestId('preview-subject').waitFor();
    await page.getByRole('cell', { name: '{{ invitation.url }}' }).waitFor();
    // The event's override stays the event's: the organization's own list does not show it as customized.
    expect(await page.getByTestId('template-registration.confirmed').getByText('Customized').count()).toBe(0);
    // Account mail is Foyer's own wording.
    expect(await page.getByTestId('template-auth.verify-email').count()).toBe(0);
    await screenshot(page, 'email-templates-org');
    await page.context().close();

    // German, on a phone: the list stacks above the editor.
    const german = await harness.newPage({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await german.goto('/login');
    await german.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(seed.owner.email);
    await german.getByRole('textbox', { name: 'Passwort', exact: true }).fill(seed.owner.password);
    await german.getByRole('main').getByRole('button', { name: 'Einloggen' }).click();
    await german.getByRole('button', { name: /, Kontomenü$/ }).waitFor();
    await german.goto(`/orgs/${seed.orgId}/events/${seed.event.id}/emails?type=registration.waitlisted`);
    await german.getByRole('heading', { name: 'E-Mail-Vorlagen' }).waitFor();
    await german.getByText('Betreff', { exact: true }).first().waitFor();
    await german.getByTestId('preview-subject').waitFor();
    await screenshot(german, 'email-templates-event-de-mobile');
    await german.getByTestId('template-subject').scrollIntoViewIfNeeded();
    await screenshot(german, 'email-templates-event-de-mobile-editor', { fullPage: false });
    await german.context().close();
  });

  it('a guest registers and the confirmation arrives with the overridden subject', async () => {
    const page = await harness.newPage();
    await page.goto(`/e/${seed.event.path}/register`);
    await page.getByRole('textbox', { name: 'Name' }).fill(guest.name);
    await page.getByRole('textbox', { name: 'Email address' }).fill(guest.email);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { name: "You're registered" }).waitFor();
    code = (await page.getByTestId('ticket-code').getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^[A-Z2-7]{26}$/);
    const mail = await harness.mailbox.waitFor(guest.email, { subject: /^Welcome to / });
    expect(mail.subject).toBe(`Welcome to Letterpress Day, ${guest.name}!`);
    await page.context().close();
  });

  it('the door checks the ticket in to one session', async () => {
    const page = await harness.newPage();
    await logIn(page, seed.owner);
    await userMenu(page).waitFor();
    await page.goto(`/orgs/${seed.orgId}/events/${seed.event.id}/check-in`);
    await page.getByTestId('check-in-session').click();
    await page.getByRole('option', { name: new RegExp(seed.session.title) }).click();
    await page.getByRole('textbox', { name: 'Ticket code' }).fill(code);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    const result = page.getByTestId('check-in-result');
    await result.getByText(`Checked in: ${guest.name}`).waitFor();
    await result.getByText(`Session: ${seed.session.title}`).waitFor();
    await screenshot(page, 'check-in-session');
    // The event's own door has not seen them: the count of the whole event is unchanged.
    expect(await page.getByTestId('checked-in-count').textContent()).toBe('0 of 1 checked in');
    await page.context().close();
  });

  it('a platform admin finds the message in the outbox and opens it', async () => {
    const page = await harness.newPage();
    await logIn(page, admin);
    await userMenu(page).click();
    await page.getByRole('menuitem', { name: 'Mail outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mail outbox' }).waitFor();
    await page.getByTestId('outbox-to').fill(guest.email);
    const row = page.getByTestId('outbox-table').getByRole('row').filter({ hasText: 'Welcome to Letterpress Day' });
    await row.waitFor();
    // The header and this one message, once the filter has answered.
    await expect.poll(() => page.getByTestId('outbox-table').getByRole('row').count()).toBe(2);
    await row.getByText('registration.confirmed').waitFor();
    await row.getByText('Sent').waitFor();
    await screenshot(page, 'outbox');
    await row.getByRole('link').click();
    await page.getByTestId('mail-subject').getByText(`Welcome to Letterpress Day, ${guest.name}!`).waitFor();
    const frame = page.frameLocator('[data-testid="mail-html"]');
    await frame.getByText(code.slice(0, 4), { exact: false }).first().waitFor();
    expect(await page.getByTestId('mail-html').getAttribute('sandbox')).toBe('');
    await screenshot(page, 'outbox-mail');
    await page.getByRole('tab', { name: /Attachments/ }).click();
    await page.getByRole('cell', { name: 'image/png' }).waitFor();
    await screenshot(page, 'outbox-mail-attachments');
    expectNoProblemsBut(harness, page);
    await page.context().close();
  });

  it('people who are not platform admins have no outbox', async () => {
    const page = await harness.newPage();
    await logIn(page, seed.owner);
    await userMenu(page).click();
    await page.getByRole('menuitem', { name: 'My registrations' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Mail outbox' }).count()).toBe(0);
    await page.context().close();
  });
});
