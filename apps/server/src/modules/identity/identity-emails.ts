import type { MailMessage } from '../../platform/mail/mail-message.ts';
import { renderDefaultEmail } from '../email/index.ts';

// Account and membership messages, in Foyer's default templates (see docs/email.md).

export function verificationEmail(to: string, name: string, url: string): MailMessage {
  return { to, ...renderDefaultEmail('auth.verify-email', { recipient: { name }, action: { url } }) };
}

export function magicCodeEmail(to: string, code: string): MailMessage {
  return { to, ...renderDefaultEmail('auth.magic-code', { code }) };
}

export function passwordResetEmail(to: string, name: string, url: string): MailMessage {
  return { to, ...renderDefaultEmail('auth.password-reset', { recipient: { name }, action: { url } }) };
}

export function signupExistingEmail(to: string, name: string, url: string): MailMessage {
  return { to, ...renderDefaultEmail('auth.signup-existing', { recipient: { name }, action: { url } }) };
}
