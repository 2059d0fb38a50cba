import type { MailMessage } from '../../platform/mail/mail-message.ts';

// Plain, accessible messages; organisations customise wording later through templates.
function html(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${esc(p)}</p>`).join('');
  const button = action
    ? `<p style="margin:24px 0"><a href="${esc(action.url)}" style="background:#6741d9;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${esc(action.label)}</a></p><p style="font-size:13px;color:#555">${esc(action.url)}</p>`
    : '';
  return `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1b1e;max-width:560px;margin:0 auto;padding:24px"><h1 style="font-size:20px">${esc(title)}</h1>${body}${button}<p style="font-size:13px;color:#555">Sent by Foyer.</p></body></html>`;
}

export function verificationEmail(to: string, name: string, url: string): MailMessage {
  const lines = [
    `Hello${name ? ` ${name}` : ''},`,
    'Please confirm that this is your email address. The link is valid for 24 hours.',
  ];
  return {
    to,
    subject: 'Confirm your email address',
    text: `${lines.join('\n\n')}\n\n${url}\n\nIf you did not sign up, ignore this message.`,
    html: html('Confirm your email address', [...lines, 'If you did not sign up, ignore this message.'], {
      label: 'Confirm email address',
      url,
    }),
  };
}

export function magicCodeEmail(to: string, code: string): MailMessage {
  const lines = [`Your sign-in code is ${code}.`, 'It is valid for 10 minutes and can be used once.'];
  return {
    to,
    subject: `Your sign-in code: ${code}`,
    text: `${lines.join('\n\n')}\n\nIf you did not ask for it, ignore this message.`,
    html: html('Your sign-in code', [...lines, 'If you did not ask for it, ignore this message.']),
  };
}

export function passwordResetEmail(to: string, name: string, url: string): MailMessage {
  const lines = [
    `Hello${name ? ` ${name}` : ''},`,
    'Someone asked to reset the password of your account. The link is valid for one hour.',
  ];
  return {
    to,
    subject: 'Reset your password',
    text: `${lines.join('\n\n')}\n\n${url}\n\nIf it was not you, ignore this message; your password stays as it is.`,
    html: html('Reset your password', [...lines, 'If it was not you, ignore this message.'], {
      label: 'Choose a new password',
      url,
    }),
  };
}

export function invitationEmail(to: string, orgName: string, role: string, url: string): MailMessage {
  const lines = [
    `You have been invited to join ${orgName} on Foyer as ${role}.`,
    'The invitation is valid for 14 days.',
  ];
  return {
    to,
    subject: `Invitation to join ${orgName}`,
    text: `${lines.join('\n\n')}\n\n${url}`,
    html: html(`Join ${orgName}`, lines, { label: 'Accept the invitation', url }),
  };
}

export function addedToOrganizationEmail(to: string, orgName: string, role: string, url: string): MailMessage {
  const lines = [`You have been added to ${orgName} on Foyer as ${role}.`];
  return {
    to,
    subject: `You now have access to ${orgName}`,
    text: `${lines.join('\n\n')}\n\n${url}`,
    html: html(`Welcome to ${orgName}`, lines, { label: 'Open Foyer', url }),
  };
}
