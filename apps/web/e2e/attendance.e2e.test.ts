import { createFoyerClient, tokensOf } from '@foyer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblemsBut, logIn, newUser, signUp } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';

// Issue 5, last web pieces: the organiser sees attendance by the event's rule and overrides it with a
// reason; a user records the requirements they meet and lists only the events that fit them.
let harness: Harness;
let seed: Seeded;

interface Seeded {
  organiser: { email: string; password: string };
  orgId: string;
  lab: { id: string; name: string };
  ada: { name: string; email: string; code: string };
  ben: { name: string; email: string };
}

const EVENTS = { lab: 'Laptop Lab: Data Cleaning', solder: 'Soldering Basics', open: 'Open Evening' };

async function seedEvents(baseUrl: string): Promise<Seeded> {
  const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const organiser = { email: `olli.${unique}@example.org`, password: `copper wire olli ${unique}` };
  let token = '';
  const api = createFoyerClient({ baseUrl, accessToken: () => token });
  await api.auth.signup({ name: 'Olli Organiser', ...organiser });
  token = tokensOf(await api.auth.login(organiser)).accessToken;
  const org = await api.orgs.create({ name: 'Maker Space', slug: `makers-${unique}` });
  const base = {
    kind: 'workshop',
    format: 'in_person',
    timezone: 'Europe/Berlin',
    startsAt: '2027-06-12T10:00:00+02:00',
    endsAt: '2027-06-12T16:00:00+02:00',
    visibility: 'public',
  } as const;
  const lab = await api.events.create(org.id, {
    ...base,
    name: EVENTS.lab,
    slug: 'laptop-lab',
    cpd: { attendanceRule: { kind: 'minimum_minutes', minutes: 120 } },
  });
  await api.registrationForm.createRequirement(lab.id, {
    key: 'own-laptop',
    label: 'Your own laptop',
    kind: 'equipment',
  });
  await api.events.changeStatus(lab.id, 'published');
  const solder = await api.events.create(org.id, { ...base, name: EVENTS.solder, slug: 'soldering' });
  await api.registrationForm.createRequirement(solder.id, {
    key: 'soldering-iron',
    label: 'A soldering iron',
    kind: 'equipment',
  });
  await api.events.changeStatus(solder.id, 'published');
  const open = await api.events.create(org.id, { ...base, name: EVENTS.open, slug: 'open-evening' });
  await api.events.changeStatus(open.id, 'published');

  const guests = {
    ada: { name: 'Ada Attendee', email: `ada.${unique}@example.org` },
    ben: { name: 'Ben Brief', email: `ben.${unique}@example.org` },
  };
  const anonymous = createFoyerClient({ baseUrl });
  const ada = await anonymous.registrations.register(lab.id, {
    ...guests.ada,
    acknowledgedRequirements: ['own-laptop'],
  });
  await anonymous.registrations.register(lab.id, { ...guests.ben, acknowledgedRequirements: ['own-laptop'] });
  return {
    organiser,
    orgId: org.id,
    lab: { id: lab.id, name: lab.name },
    ada: { ...guests.ada, code: 'ticketCode' in ada ? (ada.ticketCode ?? '') : '' },
    ben: guests.ben,
  };
}

beforeAll(async () => {
  harness = await startHarness();
  seed = await seedEvents(harness.baseUrl);
});

afterAll(async () => {
  await harness?.close();
});

describe('attendance in the console', () => {
  it('the organiser checks Ada in, sees her minutes, overrides eligible with a reason and records Ben by hand', async () => {
    expect(seed.ada.code).not.toBe('');
    const page = await harness.newPage();
    await logIn(page, seed.organiser);
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`/orgs/${seed.orgId}/events/${seed.lab.id}/check-in`);
    await page.getByRole('textbox', { name: 'Ticket code' }).fill(seed.ada.code);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByTestId('check-in-result').getByText(`Checked in: ${seed.ada.name}`).waitFor();

    await page.getByRole('tab', { name: 'Attendance' }).click();
    await page.getByTestId('attendance-rule').getByText('Eligible with at least 120 minutes of attendance.').waitFor();
    const ada = page.getByTestId('attendance-row').filter({ hasText: seed.ada.email });
    const ben = page.getByTestId('attendance-row').filter({ hasText: seed.ben.email });
    // A check-in at the door counts as the whole event: 10:00 to 16:00.
    await ada.getByTestId('attendance-minutes').getByText('360 min').waitFor();
    expect(await ada.getByTestId('attendance-attended').textContent()).toBe('Yes');
    expect(await ada.getByTestId('attendance-eligible').textContent()).toBe('Yes');
    expect(await ben.getByTestId('attendance-minutes').textContent()).toContain('0 min');
    expect(await ben.getByTestId('attendance-eligible').textContent()).toBe('No');
    await screenshot(page, 'attendance-table');

    // Overriding needs a reason.
    await ada.getByRole('button', { name: `Override attendance of ${seed.ada.name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radiogroup', { name: 'Eligible' }).getByRole('radio', { name: 'No' }).check();
    await dialog.getByRole('button', { name: 'Save override' }).click();
    await dialog.getByText('Please give a reason.').waitFor();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Left after the first hour');
    await screenshot(page, 'attendance-override-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Save override' }).click();
    await dialog.waitFor({ state: 'detached' });

    const eligible = ada.getByTestId('attendance-eligible');
    await eligible.getByText('Overridden: Left after the first hour').waitFor();
    expect(await eligible.getByText('No', { exact: true }).count()).toBe(1);
    // Attended was left to the rule: still yes, not marked.
    expect(await ada.getByTestId('attendance-attended').textContent()).toBe('Yes');
    await screenshot(page, 'attendance-overridden');

    // Ada's ledger shows the check-in entry.
    await ada.getByRole('button', { name: `Attendance ledger of ${seed.ada.name}` }).click();
    const ledger = page.getByTestId('attendance-ledger');
    await ledger.getByTestId('attendance-entries').getByText('Check-in').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    // Ben came for one hour: recorded by hand, attended but below the rule's 120 minutes.
    await ben.getByRole('button', { name: `Attendance ledger of ${seed.ben.name}` }).click();
    await ledger.getByText('No entries yet', { exact: false }).waitFor();
    await ledger.getByLabel('Until').fill('2027-06-12T11:00');
    await ledger.getByRole('textbox', { name: 'Note' }).fill('Signed the paper list');
    await ledger.getByRole('button', { name: 'Record attendance' }).click();
    await ledger.getByTestId('attendance-entries').getByText('Signed the paper list').waitFor();
    await ledger.getByText('Recorded by hand').waitFor();
    await screenshot(page, 'attendance-ledger', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await ben.getByTestId('attendance-minutes').getByText('60 min').waitFor();
    expect(await ben.getByTestId('attendance-attended').textContent()).toBe('Yes');
    expect(await ben.getByTestId('attendance-eligible').textContent()).toBe('No');
    expectNoProblemsBut(harness, page);
    await page.context().close();
  });
});

describe('requirements I meet and events that fit', () => {
  it('a user records a requirement key and the "fits" switch lists only events they meet', async () => {
    const anonymous = await harness.newPage();
    await anonymous.goto('/events');
    await anonymous.getByTestId('public-event').first().waitFor();
    expect(await anonymous.getByRole('switch', { name: /fit my requirements/ }).count()).toBe(0);
    await anonymous.context().close();

    const page = await harness.newPage();
    const user = newUser('Frida');
    await signUp(page, user);
    await page.goto('/account');
    const keys = page.getByRole('textbox', { name: 'Requirement keys' });
    await keys.fill('Own Laptop');
    await keys.press('Enter');
    await keys.fill('über!');
    await keys.press('Enter');
    await page.getByText('“über!” is not a key', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Save requirements' }).click();
    await page.getByRole('region', { name: 'Requirements I meet' }).getByText('Saved.').waitFor();
    await screenshot(page, 'account-requirements');
    await page.reload();
    const card = page.getByRole('region', { name: 'Requirements I meet' });
    await card.getByText('own-laptop', { exact: true }).waitFor();
    // The refused key was never kept.
    expect(await card.getByText('über', { exact: false }).count()).toBe(0);

    await page.goto('/events');
    const names = () => page.getByTestId('public-event').getByRole('heading').allTextContents();
    await page.getByTestId('public-event').filter({ hasText: EVENTS.solder }).waitFor();
    expect((await names()).sort()).toEqual([EVENTS.lab, EVENTS.open, EVENTS.solder].sort());
    const fits = page.getByRole('switch', { name: 'Only events that fit my requirements' });
    // The switch follows the URL, which changes after the click.
    await fits.click({ force: true });
    await page.waitForURL(/fits=me/);
    await expect.poll(() => fits.isChecked()).toBe(true);
    await expect.poll(async () => (await names()).sort()).toEqual([EVENTS.lab, EVENTS.open].sort());
    await screenshot(page, 'events-fits-me');

    // German, on a phone.
    const phone = await harness.newPage({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    await phone.goto('/login');
    await phone.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true }).fill(user.email);
    await phone.getByRole('textbox', { name: 'Passwort', exact: true }).fill(user.password);
    await phone.getByRole('main').getByRole('button', { name: 'Einloggen' }).click();
    await phone.getByTestId('user-menu').waitFor();
    await phone.goto('/events?fits=me');
    await phone.getByRole('switch', { name: 'Nur Veranstaltungen, deren Voraussetzungen ich erfülle' }).waitFor();
    await expect.poll(async () => await phone.getByTestId('public-event').count()).toBe(2);
    await screenshot(phone, 'events-fits-me-de-phone');
    await phone.context().close();
    expectNoProblemsBut(harness, page);
    await page.context().close();
  });
});
