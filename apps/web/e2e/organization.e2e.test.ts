import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblemsBut, fillSignup, newUser, signUpVerified, userMenu } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';
import { linkIn } from './mail-sink.ts';

let harness: Harness;
let owner: Page;
let orgId = '';
const olivia = newUser('Olivia');
const dana = newUser('Dana');
const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
const orgNav = (page: Page) => page.getByRole('navigation', { name: 'Organization' });
const membersTable = (page: Page) => page.getByTestId('members-table');

beforeAll(async () => {
  harness = await startHarness();
  owner = await harness.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await signUpVerified(harness, owner, olivia);
});

afterAll(async () => {
  await harness?.close();
});

let ownerToken: string | null = null;

/**
 * An API call as the owner, with a session of its own (the browser's token
 * stays in the browser's memory). One sign-in for the whole file keeps well
 * under the per-account sign-in rate limit.
 */
async function ownerApi(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  if (!ownerToken) {
    const login = await fetch(`${harness.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: olivia.email, password: olivia.password }),
    });
    ownerToken = ((await login.json()) as { accessToken: string }).accessToken;
  }
  const accessToken = ownerToken;
  return fetch(`${harness.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${accessToken}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
}

describe('organizations in the web app', () => {
  it('creates an organization from the header and opens its members page', async () => {
    await owner.getByRole('button', { name: 'Organizations' }).click();
    await owner.getByRole('menuitem', { name: 'Create organization' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Create an organization' }).waitFor();
    await textbox(owner, 'Name').fill('Harbour Festival');
    // The short address follows the name.
    expect(await textbox(owner, 'Short address').inputValue()).toBe('harbour-festival');
    await screenshot(owner, 'org-new-light');
    await owner.getByRole('button', { name: 'Create organization' }).click();

    await owner.waitForURL(/\/orgs\/[0-9a-f-]{36}\/members$/);
    orgId = owner.url().split('/').at(-2)!;
    await owner.getByRole('heading', { level: 1, name: 'Harbour Festival' }).waitFor();
    expect(await owner.getByLabel('Your role: Owner').isVisible()).toBe(true);
    await membersTable(owner)
      .getByRole('row', { name: new RegExp(olivia.name) })
      .waitFor();
    expect(await owner.evaluate(() => localStorage.getItem('foyer-current-org'))).toBe(orgId);
    expect(await owner.getByRole('button', { name: 'Harbour Festival, switch organization' }).isVisible()).toBe(true);
  });

  it('refuses a short address that is taken, and switches between organizations', async () => {
    await owner.goto('/orgs/new');
    await textbox(owner, 'Name').fill('Harbour Festival');
    await owner.getByRole('button', { name: 'Create organization' }).click();
    await owner.getByText('This address is already taken.').waitFor();
    expect(await textbox(owner, 'Short address').getAttribute('aria-invalid')).toBe('true');
    await screenshot(owner, 'org-new-slug-taken-light');
    await textbox(owner, 'Short address').fill('harbour-workshops');
    await textbox(owner, 'Name').fill('Harbour Workshops');
    await owner.getByRole('button', { name: 'Create organization' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Harbour Workshops' }).waitFor();

    await owner.getByRole('button', { name: 'Harbour Workshops, switch organization' }).click();
    await owner.getByRole('menuitem', { name: 'Harbour Festival' }).waitFor();
    await screenshot(owner, 'org-switcher-light', { fullPage: false });
    await owner.getByRole('menuitem', { name: 'Harbour Festival' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Harbour Festival' }).waitFor();
    // Remembered across reloads, by id only.
    await owner.reload();
    await owner.getByRole('button', { name: 'Harbour Festival, switch organization' }).waitFor();
    expectNoProblemsBut(harness, owner, [409]);
  });

  it('invites someone without an account, who signs up from the emailed link and becomes a member', async () => {
    await owner.goto(`/orgs/${orgId}/members`);
    const mark = harness.mailbox.mark();
    await textbox(owner, 'Email address').fill(dana.email);
    await owner.getByRole('combobox', { name: 'Role', exact: true }).selectOption('admin');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText(`Invitation sent to ${dana.email}.`).waitFor();
    const invitedRow = membersTable(owner).getByRole('row', { name: new RegExp(dana.email) });
    await invitedRow.getByText('Invited').waitFor();
    await screenshot(owner, 'members-invited-light');

    const mail = await harness.mailbox.waitFor(dana.email, {
      subject: /Invitation to join Harbour Festival/,
      after: mark,
    });
    const link = linkIn(mail, '/invitations/accept');

    const invitee = await harness.newPage();
    await invitee.goto(link);
    await invitee.getByRole('heading', { level: 1, name: 'Join an organization' }).waitFor();
    await screenshot(invitee, 'invitation-signed-out-light');
    await invitee.getByRole('main').getByRole('link', { name: 'Sign up' }).click();
    await invitee.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
    await fillSignup(invitee, dana);
    // Back on the invitation, now signed in.
    await invitee.getByRole('button', { name: 'Accept invitation' }).waitFor();
    expect(await invitee.getByText(`You will join as ${dana.name} (${dana.email}).`).isVisible()).toBe(true);
    await screenshot(invitee, 'invitation-accept-light');
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();

    await invitee.waitForURL(`**/orgs/${orgId}/members`);
    await invitee.getByRole('heading', { level: 1, name: 'Harbour Festival' }).waitFor();
    expect(await invitee.getByLabel('Your role: Admin').isVisible()).toBe(true);
    // Accepting the emailed invitation also proved the address, so no reminder.
    expect(await invitee.getByTestId('verify-email-banner').count()).toBe(0);
    // The link is spent: the page says so before offering anything.
    await invitee.goto(link);
    await invitee.getByText('This link is invalid, has already been used or has expired.').waitFor();
    expectNoProblemsBut(harness, invitee, [400]);

    await owner.reload();
    const row = membersTable(owner).getByRole('row', { name: new RegExp(dana.name) });
    await row.getByText('Member', { exact: true }).waitFor();
    expect(await row.getByRole('combobox', { name: `Role of ${dana.name}` }).inputValue()).toBe('admin');
  });

  it('changes a role, and explains why the last owner cannot step down', async () => {
    await owner.goto(`/orgs/${orgId}/members`);
    await owner.getByRole('combobox', { name: `Role of ${dana.name}` }).selectOption('organizer');
    await expect
      .poll(async () => {
        const res = await ownerApi(`/api/v1/orgs/${orgId}/members`);
        const { items } = (await res.json()) as { items: { email: string; role: string }[] };
        return items.find((m) => m.email === dana.email)?.role;
      })
      .toBe('organizer');

    await owner.getByRole('combobox', { name: `Role of ${olivia.name}` }).selectOption('admin');
    await owner.getByRole('alert').getByText('An organization needs at least one owner.').waitFor();
    // The select shows the role the server kept.
    await expect.poll(() => owner.getByRole('combobox', { name: `Role of ${olivia.name}` }).inputValue()).toBe('owner');
    await screenshot(owner, 'members-last-owner-light');
    expectNoProblemsBut(harness, owner, [409]);
  });

  it('will not require a second factor of members while the owner signed in without one', async () => {
    await owner.goto(`/orgs/${orgId}/settings`);
    const toggle = owner.getByRole('switch', { name: 'Members must sign in with a second factor' });
    await toggle.click({ force: true });
    await owner
      .getByRole('alert')
      .getByText(/Set up a second factor on your account page/)
      .waitFor();
    await expect(toggle.isChecked()).resolves.toBe(false);
    expectNoProblemsBut(harness, owner, [409]);
  });

  it('withdraws a pending invitation', async () => {
    await owner.goto(`/orgs/${orgId}/members`);
    const eve = newUser('Eve');
    await textbox(owner, 'Email address').fill(eve.email);
    await owner.getByRole('combobox', { name: 'Role', exact: true }).selectOption('viewer');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await membersTable(owner)
      .getByRole('button', { name: `Withdraw the invitation to ${eve.email}` })
      .click();
    const dialog = owner.getByRole('dialog', { name: 'Withdraw this invitation?' });
    await screenshot(owner, 'members-withdraw-light', { fullPage: false });
    await dialog.getByRole('button', { name: 'Withdraw' }).click();
    await membersTable(owner).getByText(eve.email).waitFor({ state: 'detached' });
  });

  it('creates an API key, shows it once with a copy button, and revokes keys', async () => {
    await orgNav(owner).getByRole('link', { name: 'API keys' }).click();
    await owner.getByText('No API keys yet.').waitFor();
    await owner.getByRole('button', { name: 'Create API key' }).click();
    const dialog = owner.getByRole('dialog', { name: 'New API key' });
    await textbox(dialog as unknown as Page, 'Name').fill('Website');
    await dialog.getByRole('checkbox', { name: /Registrations: read/ }).check();
    await screenshot(owner, 'api-key-create-light', { fullPage: false });
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const shown = owner.getByRole('dialog', { name: 'Your new API key' });
    await shown.getByText('This is the only time the key is shown.').waitFor();
    const key = (await shown.getByTestId('created-api-key').textContent()) ?? '';
    expect(key).toMatch(/^fyr_[A-Za-z0-9_-]{20,}$/);
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await screenshot(owner, 'api-key-created-light', { fullPage: false });

    // The key works for what its scopes allow.
    const asKey = await fetch(`${harness.baseUrl}/api/v1/orgs/${orgId}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(asKey.status).toBe(200);

    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'hidden' });
    const row = owner.getByTestId('api-keys-table').getByRole('row', { name: /Website/ });
    await row.getByText(`${key.slice(0, 10)}…`).waitFor();
    expect(await row.getByText('Registrations: read').isVisible()).toBe(true);
    // Never shown again.
    await owner.reload();
    await row.waitFor();
    expect(await owner.content()).not.toContain(key);
    await screenshot(owner, 'api-keys-light');

    // Revoking needs a confirmation and stops the key at once.
    await row.getByRole('button', { name: 'Revoke Website' }).click();
    const confirm = owner.getByRole('dialog', { name: 'Revoke this API key?' });
    await confirm.getByText('Apps using “Website” stop working at once.').waitFor();
    await screenshot(owner, 'api-key-revoke-light', { fullPage: false });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await owner.getByText('No API keys yet.').waitFor();
    const revoked = await fetch(`${harness.baseUrl}/api/v1/orgs/${orgId}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(revoked.status).toBe(401);
    // 409s were provoked on purpose earlier on this page (slug taken, last owner).
    expectNoProblemsBut(harness, owner, [409]);
  });

  it('shows these actions in the audit log, with filters and "load more"', async () => {
    // Enough entries for a second page (25 a page).
    for (let i = 0; i < 10; i++) {
      const res = await ownerApi(`/api/v1/orgs/${orgId}/api-keys`, {
        method: 'POST',
        body: { name: `Batch ${i}`, scopes: ['catalog:read'] },
      });
      const created = (await res.json()) as { id: string };
      await ownerApi(`/api/v1/orgs/${orgId}/api-keys/${created.id}`, { method: 'DELETE' });
    }

    await owner.goto(`/orgs/${orgId}/members`);
    await orgNav(owner).getByRole('link', { name: 'Audit log' }).click();
    const table = owner.getByTestId('audit-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
    await owner.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(25);
    expect(await owner.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    for (const action of [
      'org.created',
      'member.invited',
      'member.joined',
      'member.role_changed',
      'member.invitation_revoked',
      'api_key.created',
      'api_key.revoked',
    ]) {
      expect(await table.locator(`tr[data-action="${action}"]`).count(), action).toBeGreaterThan(0);
    }

    await owner.getByRole('combobox', { name: 'Action' }).selectOption('member.role_changed');
    // The refused demotion of the last owner changed nothing, so it is not in the log.
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    const roleRow = table.locator('tr[data-action="member.role_changed"]').first();
    expect(await roleRow.textContent()).toContain(`${dana.name}: Admin → Organizer`);
    expect(await roleRow.textContent()).toContain(olivia.name);
    await screenshot(owner, 'audit-log-filtered-light');

    // A date range that ends yesterday has nothing in it.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await owner.getByRole('combobox', { name: 'Action' }).selectOption('');
    await owner.getByLabel('To', { exact: true }).fill(yesterday);
    await owner.getByText('No entries match.').waitFor();
    await owner.getByRole('button', { name: 'Clear filters' }).click();
    // Back to the unfiltered log, with the pages already loaded.
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(25);
    await screenshot(owner, 'audit-log-light');
    expectNoProblemsBut(harness, owner, [409]);
  });

  it('shows an organizer only what organizers may see', async () => {
    const organizer = await harness.newPage();
    await organizer.goto('/login');
    await textbox(organizer, 'Email address').fill(dana.email);
    await textbox(organizer, 'Password').fill(dana.password);
    await organizer.getByRole('main').getByRole('button', { name: 'Log in' }).click();
    await userMenu(organizer).waitFor();
    await organizer.goto(`/orgs/${orgId}/members`);
    await organizer.getByLabel('Your role: Organizer').waitFor();
    // Organizers build programmes, so they see the organization's locations, tags and media; not API keys, audit, settings.
    expect(await orgNav(organizer).getByRole('link').allTextContents()).toEqual([
      'Events',
      'Locations',
      'Tags',
      'Media',
      'Members',
    ]);
    await membersTable(organizer).waitFor();
    expect(await organizer.getByRole('button', { name: 'Send invitation' }).count()).toBe(0);
    expect(await membersTable(organizer).getByRole('combobox').count()).toBe(0);
    await screenshot(organizer, 'members-organizer-light');
  });

  it('takes dark and German screenshots of the organization pages', async () => {
    for (const [name, section] of [
      ['members', 'members'],
      ['api-keys', 'api-keys'],
      ['audit-log', 'audit-log'],
    ] as const) {
      const page = await harness.newPage({ colorScheme: 'dark' });
      await page.goto('/login');
      await textbox(page, 'Email address').fill(olivia.email);
      await textbox(page, 'Password').fill(olivia.password);
      await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
      await userMenu(page).waitFor();
      await page.goto(`/orgs/${orgId}/${section}`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, `${name}-dark`);
      await page.context().close();
    }
    const german = await harness.newPage({ locale: 'de-DE' });
    await german.goto('/login');
    await textbox(german, 'E-Mail-Adresse').fill(olivia.email);
    await textbox(german, 'Passwort').fill(olivia.password);
    await german.getByRole('main').getByRole('button', { name: 'Einloggen' }).click();
    await german.getByRole('button', { name: /, Kontomenü$/ }).waitFor();
    await german.goto(`/orgs/${orgId}/members`);
    await german.getByRole('heading', { level: 2, name: 'Mitglieder und Einladungen' }).waitFor();
    await screenshot(german, 'members-de-light');
  });
});
