import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Harness } from './harness.ts';
import { linkIn } from './mail-sink.ts';

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

let counter = 0;
/** A fresh person per call, so tests never collide on an email address. */
export function newUser(first: string): TestUser {
  counter++;
  return {
    name: `${first} Example`,
    email: `${first.toLowerCase()}.${Date.now().toString(36)}${counter}@example.org`,
    password: `violet harbour ${first.toLowerCase()} ${counter}`,
  };
}

export function userMenu(page: Page) {
  return page.getByRole('button', { name: /, account menu$/ });
}

/** Fills and sends the sign-up form on the current page (`/signup`). */
export async function fillSignup(page: Page, user: TestUser): Promise<void> {
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(user.name);
  await page.getByRole('textbox', { name: 'Email address', exact: true }).fill(user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto('/signup');
  await fillSignup(page, user);
  await userMenu(page).waitFor();
}

/** Signs up and follows the confirmation link from the email, so pages show no reminder banner. */
export async function signUpVerified(harness: Harness, page: Page, user: TestUser): Promise<void> {
  const mark = harness.mailbox.mark();
  await signUp(page, user);
  const mail = await harness.mailbox.waitFor(user.email, { subject: /Confirm your email/, after: mark });
  await page.goto(linkIn(mail, '/verify-email'));
  await page.getByText(`${user.email} is confirmed`).waitFor();
}

export async function logIn(page: Page, user: { email: string; password: string }, path = '/login'): Promise<void> {
  await page.goto(path);
  await page.getByRole('textbox', { name: 'Email address', exact: true }).fill(user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
  await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
}

export async function logOut(page: Page): Promise<void> {
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Log in' }).waitFor();
}

/** Browser problems other than the failed requests a test provoked on purpose (they log as console errors). */
export function expectNoProblemsBut(harness: Harness, page: Page, expectedStatuses: number[] = []): void {
  const expected = expectedStatuses.map((status) => `status of ${status}`);
  const problems = harness.browserProblems(page).filter((p) => !expected.some((e) => p.includes(e)));
  expect(problems).toEqual([]);
}
