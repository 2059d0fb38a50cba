import type { EmailTemplateType } from '@foyer/contracts';
import type { TemplateSources } from './template-engine.ts';

interface Variable {
  name: string;
  description: string;
}

/** One message type: its default parts, the variables templates can use, and sample data for previews. */
export interface EmailTypeDefinition {
  defaults: TemplateSources;
  variables: Variable[];
  sample: Record<string, unknown>;
}

const v = (name: string, description: string): Variable => ({ name, description });

const EVENT_VARS = [
  v('recipient.name', 'Name of the person the message is for'),
  v('event.name', 'Name of the event'),
  v('event.startsAt', 'Start, written out in the event’s time zone'),
  v('event.endsAt', 'End, written out in the event’s time zone'),
  v('event.timezone', 'The event’s time zone, e.g. Europe/Berlin'),
  v('event.url', 'Public page of the event'),
  v('organization.name', 'Name of the organising organisation'),
];
const REGISTRATION_VARS = [
  ...EVENT_VARS,
  v('registration.status', 'confirmed, waitlisted, pending, declined or cancelled'),
  v('registration.url', 'The attendee’s registrations page (signed in)'),
  v('registration.linkUrl', 'This registration’s own page, to see or cancel it without an account (a secret link)'),
];
const TICKET_VARS = [
  v('registration.ticketCode', 'The ticket code (also encoded in the QR image)'),
  v('ticket.qrCid', 'Content id of the inline QR image: <img src="cid:{{ ticket.qrCid }}">'),
];
const ORGANIZER_VARS = [
  ...EVENT_VARS,
  v('organizer.name', 'The organizer the message is about'),
  v('organizer.role', 'lead or co'),
  v('organizer.status', 'Their status now: invited, active, unavailable, replaced'),
  v('organizer.previousStatus', 'Their status before the change (status change only)'),
  v('console.url', 'The event in the organiser console'),
];

const SAMPLE_EVENT = {
  recipient: { name: 'Ada Lovelace' },
  event: {
    name: 'Clay Workshop',
    startsAt: 'Saturday, 1 May 2027 at 10:00',
    endsAt: 'Saturday, 1 May 2027 at 16:00',
    timezone: 'Europe/Berlin',
    url: 'https://foyer.example/e/potters/clay-workshop',
  },
  organization: { name: 'Potters’ Guild' },
};
const SAMPLE_TICKET = {
  ticketCode: 'K7Q2M4XD9RZB3TNA6PWE5YHC8L',
  url: 'https://foyer.example/account/registrations/3f0c2b9e-4a1d-4a6e-9a55-0c1f2e3d4b5a',
  linkUrl:
    'https://foyer.example/registrations/3f0c2b9e-4a1d-4a6e-9a55-0c1f2e3d4b5a?token=9b1e8f6a2c4d7e0b3a5f9c1d8e2b4a6c7f0e3d5b9a1c8e2f4b6d0a3c5e7f9b1d',
};

/** The QR image is rendered by the sender; previews show a neutral placeholder via this content id. */
export const QR_CID = 'ticket-qr@foyer';

const p = (...lines: string[]) => lines.map((l) => `<p>${l}</p>`).join('\n');
const button = (label: string, url: string) =>
  `<p style="margin:24px 0"><a class="foyer-button" href="${url}" style="background:#5f3dc4;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">${label}</a></p>`;
const ticketBlock = `<div class="foyer-ticket" style="text-align:center;margin:24px 0">
<img src="cid:{{ ticket.qrCid }}" width="200" height="200" alt="QR code of your ticket {{ registration.ticketCode }}" style="display:block;margin:0 auto 8px;width:200px;height:200px">
<p>Ticket code<br><strong class="foyer-code" style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:16px;letter-spacing:1px;word-break:break-all">{{ registration.ticketCode }}</strong></p>
</div>`;
const when = '<p><strong>When:</strong> {{ event.startsAt }} – {{ event.endsAt }} ({{ event.timezone }})</p>';
const whenText = 'When: {{ event.startsAt }} – {{ event.endsAt }} ({{ event.timezone }})';
const hello = '<p>Hello {{ recipient.name }},</p>';
const helloText = 'Hello {{ recipient.name }},';

function registration(
  subject: string,
  heading: string,
  message: string,
  opts: { ticket?: boolean; extraVars?: Variable[]; sample?: Record<string, unknown> } = {},
): EmailTypeDefinition {
  const ticketText = opts.ticket
    ? '\n\nYour ticket code: {{ registration.ticketCode }}\nShow it (or the QR code in the HTML version of this message) at the entrance.'
    : '';
  return {
    defaults: {
      subject,
      html: [
        `<h1>${heading}</h1>`,
        hello,
        `<p>${message}</p>`,
        when,
        opts.ticket ? ticketBlock : '',
        button('View the event', '{{ event.url }}'),
        '<p style="font-size:14px;color:#495057">Your registration, to see it or cancel it (no account needed): <a href="{{ registration.linkUrl }}">open it here</a></p>',
      ]
        .filter(Boolean)
        .join('\n'),
      text: `${helloText}\n\n${message}\n\n${whenText}${ticketText}\n\nEvent: {{ event.url }}\nYour registration, to see it or cancel it (no account needed): {{ registration.linkUrl }}\n\n— {{ organization.name }}`,
    },
    variables: [...REGISTRATION_VARS, ...(opts.ticket ? TICKET_VARS : []), ...(opts.extraVars ?? [])],
    sample: {
      ...SAMPLE_EVENT,
      registration: { status: 'confirmed', ...SAMPLE_TICKET, ...((opts.sample?.registration as object) ?? {}) },
      ticket: { qrCid: QR_CID },
      ...Object.fromEntries(Object.entries(opts.sample ?? {}).filter(([k]) => k !== 'registration')),
    },
  };
}

function organizer(subject: string, heading: string, message: string, sampleStatus: object): EmailTypeDefinition {
  return {
    defaults: {
      subject,
      html: [
        `<h1>${heading}</h1>`,
        hello,
        `<p>${message}</p>`,
        when,
        button('Open the event', '{{ console.url }}'),
      ].join('\n'),
      text: `${helloText}\n\n${message}\n\n${whenText}\n\nOpen the event: {{ console.url }}\n\n— Foyer`,
    },
    variables: ORGANIZER_VARS,
    sample: {
      ...SAMPLE_EVENT,
      organizer: { name: 'Grace Hopper', role: 'co', ...sampleStatus },
      console: { url: 'https://foyer.example/orgs/0f0e/events/1a2b' },
    },
  };
}

function account(
  subject: string,
  heading: string,
  lines: string[],
  after: string,
  action: { label: string; url: string } | null,
  variables: Variable[],
  sample: Record<string, unknown>,
): EmailTypeDefinition {
  const link = action ? `\n\n${action.url}` : '';
  return {
    defaults: {
      subject,
      html: [
        `<h1>${heading}</h1>`,
        p(...lines),
        action ? button(action.label, action.url) : '',
        action ? `<p style="font-size:13px;color:#495057;word-break:break-all">${action.url}</p>` : '',
        after ? p(after) : '',
      ]
        .filter(Boolean)
        .join('\n'),
      text: `${lines.join('\n\n')}${link}${after ? `\n\n${after}` : ''}`,
    },
    variables,
    sample,
  };
}

/** Every message type with its defaults. Wording is deliberately plain; organisations and events override it. */
export const EMAIL_TYPES: Record<EmailTemplateType, EmailTypeDefinition> = {
  'registration.confirmed': registration(
    'You’re registered: {{ event.name }}',
    'You’re registered for {{ event.name }}',
    'Your registration is confirmed. Below is your ticket.',
    { ticket: true },
  ),
  'registration.waitlisted': registration(
    'Waiting list: {{ event.name }}',
    'You’re on the waiting list',
    '{{ event.name }} is full, so you are on the waiting list at position {{ registration.position }}. We will email you if a place becomes free.',
    {
      extraVars: [v('registration.position', 'Position on the waiting list (1 = next)')],
      sample: { registration: { status: 'waitlisted', position: 3, ticketCode: null } },
    },
  ),
  'registration.promoted': registration(
    'A place is free — you’re in: {{ event.name }}',
    'Good news: you have a place',
    'A place became free at {{ event.name }} and you moved up from the waiting list. Your registration is confirmed; below is your ticket.',
    { ticket: true },
  ),
  'registration.pending': registration(
    'Registration received: {{ event.name }}',
    'We received your registration',
    'The organisers of {{ event.name }} approve registrations. We will email you as soon as they have decided.',
    { sample: { registration: { status: 'pending', ticketCode: null } } },
  ),
  'registration.declined': registration(
    'Registration declined: {{ event.name }}',
    'Your registration was declined',
    'The organisers of {{ event.name }} could not accept your registration.',
    { sample: { registration: { status: 'declined', ticketCode: null } } },
  ),
  'registration.cancelled': registration(
    'Registration cancelled: {{ event.name }}',
    'Your registration is cancelled',
    'Your registration for {{ event.name }} has been cancelled. If this is a mistake, you can register again while places are available.',
    { sample: { registration: { status: 'cancelled', ticketCode: null } } },
  ),
  'registration.link': registration(
    'Your registration link: {{ event.name }}',
    'Here is your registration link',
    'You asked for a new link to your registration for {{ event.name }} (or an organiser sent one). Links in earlier emails no longer work; use the one below.',
    { sample: { registration: { ticketCode: null } } },
  ),
  'registration.address-confirmation': {
    defaults: {
      subject: 'Confirm your registration: {{ event.name }}',
      html: [
        '<h1>Confirm your registration</h1>',
        hello,
        '<p>Someone — we hope you — registered this address for {{ event.name }}. To complete the registration, confirm that the address is yours.</p>',
        when,
        button('Confirm my registration', '{{ confirmation.url }}'),
        '<p style="font-size:13px;color:#495057;word-break:break-all">{{ confirmation.url }}</p>',
        '<p style="font-size:14px;color:#495057">The link works until {{ confirmation.expiresAt }}. If you did not register, ignore this message: nothing is registered and you will hear nothing more.</p>',
      ].join('\n'),
      text: `${helloText}\n\nSomeone — we hope you — registered this address for {{ event.name }}. To complete the registration, confirm that the address is yours:\n\n{{ confirmation.url }}\n\n${whenText}\n\nThe link works until {{ confirmation.expiresAt }}. If you did not register, ignore this message: nothing is registered and you will hear nothing more.\n\n— {{ organization.name }}`,
    },
    variables: [
      ...EVENT_VARS,
      v('confirmation.url', 'The link that confirms the address and completes the registration'),
      v('confirmation.expiresAt', 'Until when the link works, in the event’s time zone'),
    ],
    sample: {
      ...SAMPLE_EVENT,
      confirmation: {
        url: 'https://foyer.example/e/potters/clay-workshop/register/confirm?token=3f0c2b9e4a1d4a6e9a550c1f2e3d4b5a0069a1b2c39b1e8f6a2c4d7e0b3a5f9c1d8e2b4a6c7f0e3d5b9a1c8e2f4b6d0a3c5e7f9b1d',
        expiresAt: 'Monday, 26 April 2027 at 18:00',
      },
    },
  },
  'registration.reminder': registration(
    'Reminder: {{ event.name }} starts {{ reminder.startsIn }}',
    '{{ event.name }} starts {{ reminder.startsIn }}',
    'This is a reminder that {{ event.name }} starts {{ reminder.startsIn }}.',
    {
      ticket: true,
      extraVars: [
        v(
          'reminder.startsIn',
          'When the event starts: how long until it and the date and time in the event’s time zone',
        ),
      ],
      sample: { reminder: { startsIn: 'in 24 hours, on Saturday, 24 October 2026 at 10:00 (Europe/Berlin time)' } },
    },
  ),
  'organizer.assigned': organizer(
    'Organizer assigned: {{ event.name }}',
    'New organizer for {{ event.name }}',
    '{{ organizer.name }} was assigned as {{ organizer.role }} organizer of {{ event.name }} (status: {{ organizer.status }}).',
    { status: 'invited', previousStatus: null },
  ),
  'organizer.status_changed': organizer(
    'Organizer {{ organizer.status }}: {{ event.name }}',
    'Organizer status changed for {{ event.name }}',
    'The status of {{ organizer.name }} ({{ organizer.role }} organizer of {{ event.name }}) changed from {{ organizer.previousStatus }} to {{ organizer.status }}.',
    { status: 'unavailable', previousStatus: 'active' },
  ),
  'org.invitation': account(
    'Invitation to join {{ organization.name }}',
    'Join {{ organization.name }}',
    [
      'You have been invited to join {{ organization.name }} on Foyer as {{ invitation.role }}.',
      'The invitation is valid for 14 days.',
    ],
    '',
    { label: 'Accept the invitation', url: '{{ invitation.url }}' },
    [
      v('organization.name', 'The inviting organisation'),
      v('invitation.role', 'The role offered: viewer, organizer, admin, owner'),
      v('invitation.url', 'Link to accept the invitation'),
    ],
    {
      organization: { name: 'Potters’ Guild' },
      invitation: { role: 'organizer', url: 'https://foyer.example/invitations/accept?token=sample' },
    },
  ),
  'org.member-added': account(
    'You now have access to {{ organization.name }}',
    'Welcome to {{ organization.name }}',
    ['You have been added to {{ organization.name }} on Foyer as {{ invitation.role }}.'],
    '',
    { label: 'Open Foyer', url: '{{ invitation.url }}' },
    [
      v('organization.name', 'The organisation'),
      v('invitation.role', 'The role given'),
      v('invitation.url', 'Link to Foyer'),
    ],
    { organization: { name: 'Potters’ Guild' }, invitation: { role: 'viewer', url: 'https://foyer.example/' } },
  ),
  'auth.verify-email': account(
    'Confirm your email address',
    'Confirm your email address',
    [
      'Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},',
      'Please confirm that this is your email address. The link is valid for 24 hours.',
    ],
    'If you did not sign up, ignore this message.',
    { label: 'Confirm email address', url: '{{ action.url }}' },
    [v('recipient.name', 'Name of the account'), v('action.url', 'The confirmation link')],
    { recipient: { name: 'Ada Lovelace' }, action: { url: 'https://foyer.example/verify-email?token=sample' } },
  ),
  'auth.password-reset': account(
    'Reset your password',
    'Reset your password',
    [
      'Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},',
      'Someone asked to reset the password of your account. The link is valid for one hour.',
    ],
    'If it was not you, ignore this message; your password stays as it is.',
    { label: 'Choose a new password', url: '{{ action.url }}' },
    [v('recipient.name', 'Name of the account'), v('action.url', 'The reset link')],
    { recipient: { name: 'Ada Lovelace' }, action: { url: 'https://foyer.example/reset-password?token=sample' } },
  ),
  'auth.magic-code': account(
    'Your sign-in code: {{ code }}',
    'Your sign-in code',
    ['Your sign-in code is {{ code }}.', 'It is valid for 10 minutes and can be used once.'],
    'If you did not ask for it, ignore this message.',
    null,
    [v('code', 'The six-digit code')],
    { code: '428913' },
  ),
  'auth.signup-existing': account(
    'Someone tried to sign up with your address',
    'You already have an account',
    [
      'Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},',
      'Someone tried to create an account with this email address, which already has one. Nothing was changed.',
      'If it was you: sign in instead, or choose a new password if you forgot it.',
    ],
    'If it was not you, ignore this message; your account stays as it is.',
    { label: 'Sign in', url: '{{ action.url }}' },
    [v('recipient.name', 'Name of the account'), v('action.url', 'The sign-in page')],
    { recipient: { name: 'Ada Lovelace' }, action: { url: 'https://foyer.example/login' } },
  ),
};
