import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProblemsBut, fillSignup, logIn, logOut, newUser, signUp, type TestUser, userMenu } from './flows.ts';
import { type Harness, screenshot, startHarness } from './harness.ts';
import { codeIn, linkIn } from './mail-sink.ts';

let harness: Harness;
// One person goes through every flow in order, like a real account would.
const ada: TestUser = newUser('Ada');

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const main = (page: Page) => page.getByRole('main');
const banner = (page: Page) => page.getByTestId('verify-email-banner');

describe('accounts in the web app', () => {
  it('signs up, shows a reminder, and confirms the address from the emailed link', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    await page.getByRole('banner').getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
    await screenshot(page, 'signup-light');

    // Checked in the browser first: nothing is sent.
    await page.getByRole('button', { name: 'Create account' }).click();
    await main(page).getByText('Please fill this in.').first().waitFor();
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).getAttribute('aria-invalid')).toBe('true');
    // Focus lands on the first field with a problem.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');

    // The server refuses a common password and says why, on the field.
    await fillSignup(page, { ...ada, password: 'password' });
    await main(page).getByText('This is one of the most common passwords. Choose another.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Password', exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await screenshot(page, 'signup-errors-light');

    const mark = harness.mailbox.mark();
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ada.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await userMenu(page).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await banner(page).getByText(ada.email).waitFor();
    await screenshot(page, 'verify-banner-light');

    // "Send again" works and says so.
    await banner(page).getByRole('button', { name: 'Send the email again' }).click();
    await banner(page).getByText('Sent. Check your inbox.').waitFor();

    const mail = await harness.mailbox.waitFor(ada.email, { subject: /Confirm your email/, after: mark });
    await page.goto(linkIn(mail, '/verify-email'));
    await main(page).getByText(`Thank you! ${ada.email} is confirmed.`).waitFor();
    await screenshot(page, 'verify-email-light');
    await main(page).getByRole('link', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Every event, one foyer' }).waitFor();
    expect(await banner(page).count()).toBe(0);
    expectNoProblemsBut(harness, page, [422]);
  });

  it('answers a second sign-up for the same address as any other and mails the owner instead', async () => {
    // Its own person: the refused sign-in counts towards that account's sign-in limit (10 in 5 minutes).
    const dora = newUser('Dora');
    const first = await harness.newPage();
    await signUp(first, dora);
    await first.context().close();
    const page = await harness.newPage();
    const mark = harness.mailbox.mark();
    await page.goto('/signup');
    await fillSignup(page, { ...dora, password: 'another harbour night 5' });
    await main(page)
      .getByText(
        `We sent a message to ${dora.email}. If this address already has an account, log in or reset your password.`,
      )
      .waitFor();
    // Nothing says whether the address is registered, and no field is marked wrong.
    expect(
      await page.getByRole('textbox', { name: 'Email address', exact: true }).getAttribute('aria-invalid'),
    ).not.toBe('true');
    await harness.mailbox.waitFor(dora.email, { subject: /Someone tried to sign up with your address/, after: mark });
    // The web app tried to sign the new account in with the password just chosen: refused, as it is not theirs.
    expectNoProblemsBut(harness, page, [401]);
  });

  it('keeps the access token in memory only and the refresh token in an httpOnly cookie', async () => {
    const page = await harness.newPage();
    await logIn(page, ada);
    await userMenu(page).waitFor();
    await page.reload();
    // Signed in again after a reload: the cookie was exchanged for a new access token.
    await userMenu(page).waitFor();

    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ|rt_/);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual(['foyer_refresh']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expectNoProblemsBut(harness, page);
  });

  it('logs out, and stays logged out after a reload', async () => {
    const page = await harness.newPage();
    await logIn(page, ada);
    await userMenu(page).waitFor();
    await logOut(page);
    expect(await page.context().cookies()).toEqual([]);
    await page.reload();
    await page.getByRole('banner').getByRole('link', { name: 'Log in' }).waitFor();
    expect(await userMenu(page).count()).toBe(0);
    expectNoProblemsBut(harness, page);
  });

  it('follows a sign-out in another tab at once, and shares the session with new tabs', async () => {
    const carol = newUser('Carol');
    const first = await harness.newPage();
    await signUp(first, carol);
    // A second tab of the same browser signs in from the shared cookie (refreshes are serialised across tabs).
    const second = await first.context().newPage();
    await second.goto('/account');
    await second.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    // Both tabs keep working after the second tab rotated the refresh token.
    await first.reload();
    await userMenu(first).waitFor();

    await logOut(first);
    await second.getByRole('banner').getByRole('link', { name: 'Log in' }).waitFor();
    await second.waitForURL('**/login?next=%2Faccount');
    expectNoProblemsBut(harness, first);
  });

  it('shows an error for a wrong password, then logs in and returns to the page asked for', async () => {
    const page = await harness.newPage();
    await page.goto('/account');
    await page.waitForURL('**/login?next=%2Faccount');
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await screenshot(page, 'login-light');

    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill(ada.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
    await main(page).getByRole('button', { name: 'Log in' }).click();
    const alert = main(page).getByRole('alert');
    await alert.getByText('The email address or password is wrong.').waitFor();
    await screenshot(page, 'login-error-light');

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ada.password);
    await main(page).getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/account');
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    expectNoProblemsBut(harness, page, [401]);
  });

  it('logs in with a code from the email', async () => {
    const page = await harness.newPage();
    await page.goto('/login');
    await page.getByRole('tab', { name: 'Email me a code' }).click();
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill(ada.email);
    await screenshot(page, 'login-code-request-light');
    const mark = harness.mailbox.mark();
    await main(page).getByRole('button', { name: 'Email me a code' }).click();
    await main(page).getByText(`We sent a 6-digit code to ${ada.email}`).waitFor();
    const code = codeIn(await harness.mailbox.waitFor(ada.email, { subject: /sign-in code/, after: mark }));

    // The code field has the focus, and a wrong code is reported on it.
    const field = page.getByRole('textbox', { name: 'Sign-in code', exact: true });
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill(code === '000000' ? '111111' : '000000');
    await main(page).getByRole('button', { name: 'Log in with code' }).click();
    await main(page).getByText('The code is wrong or has expired.').waitFor();
    await screenshot(page, 'login-code-light');

    await field.fill(code);
    await main(page).getByRole('button', { name: 'Log in with code' }).click();
    await userMenu(page).waitFor();
    expectNoProblemsBut(harness, page, [401]);
  });

  it('resets a forgotten password through the emailed link', async () => {
    const page = await harness.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill(ada.email);
    await screenshot(page, 'forgot-password-light');
    const mark = harness.mailbox.mark();
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await main(page).getByText(`If an account exists for ${ada.email}`).waitFor();
    await screenshot(page, 'forgot-password-sent-light');

    const mail = await harness.mailbox.waitFor(ada.email, { subject: /Reset your password/, after: mark });
    await page.goto(linkIn(mail, '/reset-password'));
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    ada.password = 'a brand new violet harbour';
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(ada.password);
    await page.getByRole('textbox', { name: 'Repeat the new password', exact: true }).fill('something else entirely');
    await page.getByRole('button', { name: 'Change password' }).click();
    await main(page).getByText('The passwords do not match.').waitFor();
    await screenshot(page, 'reset-password-light');
    await page.getByRole('textbox', { name: 'Repeat the new password', exact: true }).fill(ada.password);
    await page.getByRole('button', { name: 'Change password' }).click();

    await page.waitForURL('**/login');
    await main(page).getByText('Your password has been changed').waitFor();
    await screenshot(page, 'login-after-reset-light');
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill(ada.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ada.password);
    await main(page).getByRole('button', { name: 'Log in' }).click();
    await userMenu(page).waitFor();

    // The link is single use.
    await page.goto(linkIn(mail, '/reset-password'));
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill('yet another violet harbour');
    await page
      .getByRole('textbox', { name: 'Repeat the new password', exact: true })
      .fill('yet another violet harbour');
    await page.getByRole('button', { name: 'Change password' }).click();
    await main(page).getByText('This link is invalid, has already been used or has expired.').waitFor();
    expectNoProblemsBut(harness, page, [400]);
  });

  it('changes the password and signs out other devices from the account page', async () => {
    const laptop = await harness.newPage();
    await logIn(laptop, ada);
    await userMenu(laptop).waitFor();
    const phone = await harness.newPage({
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
    });
    await logIn(phone, ada);
    await userMenu(phone).waitFor();

    await userMenu(laptop).click();
    await laptop.getByRole('menuitem', { name: 'Account settings' }).click();
    await laptop.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const sessions = laptop.getByTestId('sessions-table');
    await sessions.getByText('This device').waitFor();
    await screenshot(laptop, 'account-light');

    // Sign the "phone" out from the laptop.
    await sessions.getByRole('button', { name: 'Sign out Firefox on Windows' }).click();
    const dialog = laptop.getByRole('dialog', { name: 'Sign out this device?' });
    await dialog.waitFor();
    await screenshot(laptop, 'account-revoke-session-light', { fullPage: false });
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await sessions.getByRole('button', { name: 'Sign out Firefox on Windows' }).waitFor({ state: 'detached' });
    // The phone finds out on its next request and is sent to log in.
    await phone.goto('/account');
    await phone.waitForURL('**/login?next=%2Faccount');

    // A wrong current password is reported on that field.
    await laptop.getByRole('textbox', { name: 'Current password', exact: true }).fill('not my password');
    await laptop.getByRole('textbox', { name: 'New password', exact: true }).fill('the newest violet harbour');
    await laptop
      .getByRole('textbox', { name: 'Repeat the new password', exact: true })
      .fill('the newest violet harbour');
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await laptop.getByText('The email address or password is wrong.').waitFor();
    expect(
      await laptop.getByRole('textbox', { name: 'Current password', exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');

    await laptop.getByRole('textbox', { name: 'Current password', exact: true }).fill(ada.password);
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await laptop.getByText('Password changed. Other devices were signed out.').waitFor();
    ada.password = 'the newest violet harbour';
    // Only this device is left.
    await expect.poll(() => sessions.getByRole('row').count()).toBe(2);
    await screenshot(laptop, 'account-password-changed-light');

    // And the laptop stays signed in after a reload.
    await laptop.reload();
    await sessions.getByText('This device').waitFor();

    await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
    await laptop
      .getByRole('dialog', { name: 'Sign out everywhere?' })
      .getByRole('button', { name: 'Sign out everywhere' })
      .click();
    await laptop.waitForURL('**/login');
    await laptop.getByText('You have been signed out on every device.').waitFor();
    expectNoProblemsBut(harness, laptop, [401]);
  });

  it('updates the profile name, language and timezone', async () => {
    // Its own person: Ada's sign-ins above come close to the account's limit (10 in 5 minutes).
    const erin = newUser('Erin');
    const page = await harness.newPage();
    await signUp(page, erin);
    await page.goto('/account');
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Ada Lovelace');
    await page.getByRole('textbox', { name: 'Timezone' }).fill('Europe/Ber');
    await page.getByRole('option', { name: 'Europe/Berlin' }).click();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved.').waitFor();
    await expect.poll(() => userMenu(page).getAttribute('aria-label')).toBe('AL Ada Lovelace, account menu');

    await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('de');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ihr Konto' }).waitFor();
    await screenshot(page, 'account-de-light');
    // The account's language follows the person to a new device.
    const other = await harness.newPage();
    await logIn(other, erin);
    await other.getByRole('button', { name: /, Kontomenü$/ }).waitFor();
    await page.getByRole('combobox', { name: 'Sprache', exact: true }).selectOption('en');
    await page.getByRole('button', { name: 'Profil speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    expectNoProblemsBut(harness, page);
  });

  it('sets up an authenticator app on the account page, then asks for its code at sign-in', async () => {
    const finn = newUser('Finn');
    const page = await harness.newPage();
    await signUp(page, finn);
    await page.goto('/account');
    const card = page.getByRole('region', { name: 'Second factor' });
    await card.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await card.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    expect(await card.getByTestId('otpauth-uri').textContent()).toMatch(/^otpauth:\/\/totp\//);
    const secret = (await card.getByTestId('totp-secret').textContent())!.trim();
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    await card.getByRole('textbox', { name: 'Code from the app' }).fill(totp.generate());
    await card.getByRole('button', { name: 'Confirm' }).click();
    await card.getByTestId('recovery-codes').waitFor();
    await card.getByText('On: every sign-in asks for a code').waitFor();
    await screenshot(page, 'account-second-factor-light');

    await logOut(page);
    await logIn(page, finn);
    const code = page.getByRole('textbox', { name: 'Code', exact: true });
    await code.fill('000000');
    await main(page).getByRole('button', { name: 'Log in' }).click();
    await main(page).getByText('The code is wrong').first().waitFor();
    // The next step's code: the one used to confirm is spent.
    await code.fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await main(page).getByRole('button', { name: 'Log in' }).click();
    await userMenu(page).waitFor();
    expectNoProblemsBut(harness, page, [401]);
  });

  it('takes dark screenshots of the sign-in pages and the account page', async () => {
    for (const [name, path] of [
      ['signup', '/signup'],
      ['login', '/login'],
      ['forgot-password', '/forgot-password'],
    ] as const) {
      const page = await harness.newPage({ colorScheme: 'dark' });
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await screenshot(page, `${name}-dark`);
      await page.context().close();
    }
    // A second person, so the account's sign-in rate limit is not reached by the tests above.
    const bob = newUser('Bob');
    const page = await harness.newPage({ colorScheme: 'dark' });
    await signUp(page, bob);
    await page.goto('/account');
    await page.getByTestId('sessions-table').waitFor();
    await screenshot(page, 'account-dark');
    // A small screen keeps every control reachable.
    const mobile = await harness.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await logIn(mobile, bob, '/login?next=%2Faccount');
    await mobile.getByTestId('sessions-table').waitFor();
    await screenshot(mobile, 'account-mobile-light');
  });
});
