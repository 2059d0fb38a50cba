import { createFoyerClient, tokensOf } from '@foyer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.ts';
import { expectNoProblemsBut, logIn } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';

// Issue 17: the organiser issues certificates from the console, revokes one with a reason, and the
// public verification page (where the QR code leads) says valid, then revoked.
let harness: Harness;
let seed: {
  organiser: { email: string; password: string };
  orgId: string;
  eventId: string;
  ada: string;
  ben: string;
  token: string;
};

beforeAll(async () => {
  harness = await startHarness();
  const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const organiser = { email: `cora.${unique}@example.org`, password: `copper wire cora ${unique}` };
  let token = '';
  const api = createFoyerClient({ baseUrl: harness.baseUrl, accessToken: () => token });
  await api.auth.signup({ name: 'Cora Certifier', ...organiser });
  token = tokensOf(await api.auth.login(organiser)).accessToken;
  const org = await api.orgs.create({ name: 'College of Examples', slug: `college-${unique}` });
  const event = await api.events.create(org.id, {
    name: 'Clinical Update',
    slug: 'clinical-update',
    kind: 'course',
    format: 'in_person',
    timezone: 'Europe/London',
    startsAt: '2027-06-01T09:00:00Z',
    endsAt: '2027-06-01T17:00:00Z',
    visibility: 'public',
    cpd: { creditType: 'CME', creditValue: 6, certificatesEnabled: true },
  });
  await api.events.changeStatus(event.id, 'published');
  const anonymous = createFoyerClient({ baseUrl: harness.baseUrl });
  const names = { ada: 'Ada Lovelace', ben: 'Ben Absent' };
  for (const [key, name] of Object.entries(names)) {
    const r = await anonymous.registrations.register(event.id, { name, email: `${key}.${unique}@example.org` });
    // Ada is checked in at the door; Ben never comes.
    if (key === 'ada') await api.checkIns.checkIn(event.id, 'ticketCode' in r ? (r.ticketCode ?? '') : '');
  }
  seed = { organiser, orgId: org.id, eventId: event.id, ...names, token };
});

afterAll(async () => {
  await harness?.close();
});

describe('certificates', () => {
  it('the organiser issues to all eligible, the holder’s code verifies as valid, then as revoked', async () => {
    const page = await harness.newPage();
    await logIn(page, seed.organiser);
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`/orgs/${seed.orgId}/events/${seed.eventId}/attendance`);
    const section = page.getByTestId('certificates-section');
    await section.getByRole('button', { name: 'Issue to all eligible' }).click();
    await section.getByTestId('issue-result').getByText('Issued 1, skipped 1.').waitFor();
    await section.getByTestId('issue-result').getByText('not eligible: 1').waitFor();
    const row = section.getByTestId('certificate-row').filter({ hasText: seed.ada });
    await row.getByText('Valid').waitFor();
    // The PDF is rendered by a job; the button says so until it is there.
    await row.getByRole('button', { name: 'PDF' }).waitFor({ timeout: 20_000 });
    await expectAccessible(page, 'console certificates');
    await screenshot(page, 'certificates-console');

    const href = await row.getByRole('link', { name: 'Verify' }).getAttribute('href');
    expect(href).toMatch(/^\/verify\/[A-Za-z0-9_-]{22}$/);
    const visitor = await harness.newPage();
    await visitor.goto(href!);
    await visitor.getByTestId('verification-holder').getByText(seed.ada).waitFor();
    expect(await visitor.getByTestId('verification-status').textContent()).toBe('Valid');
    await visitor.getByText('6 CME credits').waitFor();
    await expectAccessible(visitor, 'certificate verification (valid)');
    await screenshot(visitor, 'certificate-verification-valid');

    // The file itself, checked on the same page: as issued, then with one byte changed.
    const list = await fetch(`${harness.baseUrl}/api/v1/events/${seed.eventId}/certificates`, {
      headers: { authorization: `Bearer ${seed.token}` },
    }).then((r) => r.json());
    const download = await fetch(`${harness.baseUrl}/api/v1/certificates/${list.items[0].id}/pdf`, {
      headers: { authorization: `Bearer ${seed.token}` },
    });
    const pdf = Buffer.from(new Uint8Array(await download.arrayBuffer()));
    const upload = visitor.locator('input[type="file"]');
    await upload.setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: pdf });
    await visitor.getByTestId('pdf-check-result').getByText('exactly as it was issued').waitFor();
    const changed = Buffer.from(pdf);
    changed[changed.indexOf('Lato')] = 'M'.charCodeAt(0);
    await upload.setInputFiles({ name: 'changed.pdf', mimeType: 'application/pdf', buffer: changed });
    await visitor.getByTestId('pdf-check-result').getByText('was changed after it was issued').waitFor();
    await expectAccessible(visitor, 'certificate verification (file checked)');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('textbox', { name: 'Reason' }).fill('Issued in error');
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    await visitor.reload();
    await visitor.getByTestId('verification-holder').getByText(seed.ada).waitFor();
    expect(await visitor.getByTestId('verification-status').textContent()).toBe('Revoked');
    await visitor.getByText('Revoked: Issued in error').waitFor();

    await visitor.goto('/verify/ZZZZZ-ZZZZZ');
    await visitor.getByTestId('verification-unknown').waitFor();
    await expectAccessible(visitor, 'certificate verification (unknown code)');
    expectNoProblemsBut(harness, page);
    expectNoProblemsBut(harness, visitor, [404]);
  });
});
