import type { EmailTemplateType } from '@foyer/contracts';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import type { DomainEvent } from '../../platform/events/domain-events.ts';
import type { MailService } from '../../platform/mail/mail-service.ts';
import type { AuditService } from '../audit/index.ts';
import { eventOrganizers, events } from '../catalog/index.ts';
import { type EmailTemplatesService, QR_CID } from '../email/index.ts';
import { type UsersRepository, users } from '../identity/index.ts';
import { memberships, organizations } from '../organizations/index.ts';
import { type AddressConfirmations, type RegistrationCipher, registrations } from '../registration/index.ts';
import { ticketQrAttachment } from './ticket-qr.ts';

/** Registration domain events that email the registrant, with the message type each sends. */
export const REGISTRATION_MAILS = {
  'registration.confirmed': 'registration.confirmed',
  'registration.waitlisted': 'registration.waitlisted',
  'registration.promoted': 'registration.promoted',
  'registration.pending': 'registration.pending',
  'registration.declined': 'registration.declined',
  'registration.cancelled': 'registration.cancelled',
  'registration.link_renewed': 'registration.link',
} as const satisfies Record<string, EmailTemplateType>;

export type RegistrationMailEvent = keyof typeof REGISTRATION_MAILS;

interface Deps {
  templates: EmailTemplatesService;
  mail: MailService;
  registrationCipher: RegistrationCipher;
  addressConfirmations: AddressConfirmations;
  users: UsersRepository;
  audit: AuditService;
  publicUrl: string;
}

/** What a message needs of its event (not the search document, nor the rest of the row). */
const EVENT_FIELDS = {
  organizationId: events.organizationId,
  name: events.name,
  slug: events.slug,
  timezone: events.timezone,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
};
type EventRow = { [K in keyof typeof EVENT_FIELDS]: (typeof events.$inferSelect)[K] };

/**
 * Turns domain events into email: registrants hear about their
 * registration, organisers about changes to who runs an event. Runs inside
 * the durable handler's transaction; each message is keyed by the domain
 * event so a redelivery never sends it twice.
 */
export class EmailNotifications {
  constructor(private readonly d: Deps) {}

  /** Emails the registrant of a registration domain event. Addresses are decrypted only here, in memory. */
  async registrationChanged(tx: Tx, event: DomainEvent): Promise<void> {
    const type = REGISTRATION_MAILS[event.type as RegistrationMailEvent];
    const [row] = await tx
      .select()
      .from(registrations)
      .where(eq(registrations.id, String(event.payload.registrationId)));
    if (!row) return;
    const withTicket = type === 'registration.confirmed' || type === 'registration.promoted';
    // A ticket mailed after the registration was already cancelled again would mislead.
    if (withTicket && (row.status !== 'confirmed' || !row.ticketCode)) return;
    const context = await this.eventContext(tx, row.eventId);
    if (!context) return;
    await this.sendRegistrationMail(tx, type, row, context, {}, `mail:${event.eventId}`);
  }

  /** Mails a guest the link that confirms their address and completes their registration. */
  async addressConfirmationRequested(tx: Tx, event: DomainEvent): Promise<void> {
    const mail = await this.d.addressConfirmations.mailOf(tx, String(event.payload.confirmationId));
    if (!mail) return;
    const context = await this.eventContext(tx, mail.eventId);
    if (!context) return;
    const type = 'registration.address-confirmation';
    const { org, event: e } = context;
    const data = {
      ...this.eventData(context),
      recipient: { name: mail.name },
      confirmation: {
        url: `${this.d.publicUrl}/e/${org.slug}/${e.slug}/register/confirm?token=${mail.token}`,
        expiresAt: dateFormatIn(e.timezone).format(mail.expiresAt),
      },
    };
    const rendered = await this.d.templates.compose(tx, type, data, {
      organizationId: e.organizationId,
      eventId: mail.eventId,
    });
    await this.d.mail.send(
      { to: mail.email, ...rendered },
      { executor: tx, template: type, dedupeKey: `mail:${event.eventId}` },
    );
  }

  /**
   * The reminder of a confirmed registration (for the reminder job): `startsIn`
   * is e.g. "in 24 hours"; `dedupeKey` makes it once per registration and offset.
   */
  async sendReminder(tx: Tx, registrationId: string, startsIn: string, dedupeKey: string): Promise<boolean> {
    const [row] = await tx.select().from(registrations).where(eq(registrations.id, registrationId));
    if (row?.status !== 'confirmed' || !row.ticketCode) return false;
    const context = await this.eventContext(tx, row.eventId);
    if (!context) return false;
    return this.sendRegistrationMail(tx, 'registration.reminder', row, context, { reminder: { startsIn } }, dedupeKey);
  }

  /**
   * Tells the event's other organisers and the organisation's admins and
   * owners (and, on assignment, the person assigned) that an organizer was
   * assigned or changed status; audited with the number of recipients.
   */
  async organizerChanged(tx: Tx, event: DomainEvent): Promise<void> {
    const type: EmailTemplateType =
      event.type === 'event.organizer_assigned' ? 'organizer.assigned' : 'organizer.status_changed';
    const eventId = String(event.payload.eventId);
    const subjectUserId = String(event.payload.userId);
    if (type === 'organizer.status_changed' && event.payload.from === event.payload.to) return; // a role change only
    const context = await this.eventContext(tx, eventId);
    if (!context) return;
    const [subject] = await tx
      .select({ o: eventOrganizers, u: users })
      .from(eventOrganizers)
      .innerJoin(users, eq(users.id, eventOrganizers.userId))
      .where(and(eq(eventOrganizers.eventId, eventId), eq(eventOrganizers.userId, subjectUserId)));
    if (!subject) return;
    const coOrganizers = await tx
      .select({ u: users })
      .from(eventOrganizers)
      .innerJoin(users, eq(users.id, eventOrganizers.userId))
      .where(and(eq(eventOrganizers.eventId, eventId), ne(eventOrganizers.userId, subjectUserId)));
    const admins = await tx
      .select({ u: users })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.organizationId, context.event.organizationId),
          inArray(memberships.role, ['admin', 'owner']),
        ),
      );
    const recipients = new Map<string, { name: string; email: string }>();
    const people = [...coOrganizers, ...admins, ...(type === 'organizer.assigned' ? [subject] : [])];
    for (const { u } of people) {
      if (u.id === subjectUserId && type !== 'organizer.assigned') continue;
      recipients.set(u.id, { name: u.name, email: this.d.users.email(u) });
    }
    const base = {
      ...this.eventData(context),
      organizer: {
        name: subject.u.name,
        role: subject.o.role,
        status: type === 'organizer.assigned' ? subject.o.status : String(event.payload.to),
        previousStatus: type === 'organizer.assigned' ? null : String(event.payload.from),
      },
      console: { url: `${this.d.publicUrl}/orgs/${context.event.organizationId}/events/${eventId}` },
    };
    const scope = { organizationId: context.event.organizationId, eventId };
    for (const [userId, person] of recipients) {
      const rendered = await this.d.templates.compose(tx, type, { ...base, recipient: { name: person.name } }, scope);
      await this.d.mail.send(
        { to: person.email, ...rendered },
        { executor: tx, template: type, dedupeKey: `mail:${event.eventId}:${userId}` },
      );
    }
    await this.d.audit.record(tx, {
      actor: { type: 'system', id: null },
      organizationId: context.event.organizationId,
      action: 'email.organizers_notified',
      target: { type: 'user', id: subjectUserId },
      metadata: { eventId, type, recipients: recipients.size, domainEventId: event.eventId },
    });
  }

  private async sendRegistrationMail(
    tx: Tx,
    type: EmailTemplateType,
    row: typeof registrations.$inferSelect,
    context: { event: EventRow; org: { name: string; slug: string } },
    extra: Record<string, unknown>,
    dedupeKey: string,
  ): Promise<boolean> {
    const withTicket = Boolean(row.ticketCode) && row.status === 'confirmed';
    const data = {
      ...this.eventData(context),
      recipient: { name: this.d.registrationCipher.name(row) },
      registration: {
        status: row.status,
        position: row.status === 'waitlisted' ? row.waitlistPosition : null,
        ticketCode: withTicket ? row.ticketCode : null,
        url: `${this.d.publicUrl}/account/registrations/${row.id}`,
        linkUrl: `${this.d.publicUrl}/registrations/${row.id}?token=${this.d.registrationCipher.linkToken(row, linkValidUntil(context.event))}`,
      },
      ticket: { qrCid: QR_CID },
      ...extra,
    };
    const rendered = await this.d.templates.compose(tx, type, data, {
      organizationId: row.organizationId,
      eventId: row.eventId,
    });
    const { queued } = await this.d.mail.send(
      {
        to: this.d.registrationCipher.email(row),
        ...rendered,
        ...(withTicket ? { attachments: [await ticketQrAttachment(row.ticketCode!)] } : {}),
      },
      { executor: tx, template: type, dedupeKey },
    );
    return queued;
  }

  private async eventContext(tx: Tx, eventId: string) {
    const [found] = await tx
      .select({ event: EVENT_FIELDS, org: { name: organizations.name, slug: organizations.slug } })
      .from(events)
      .innerJoin(organizations, eq(organizations.id, events.organizationId))
      .where(eq(events.id, eventId));
    return found ?? null;
  }

  private eventData({ event, org }: { event: EventRow; org: { name: string; slug: string } }) {
    const format = dateFormatIn(event.timezone);
    return {
      event: {
        name: event.name,
        startsAt: format.format(event.startsAt),
        endsAt: format.format(event.endsAt),
        timezone: event.timezone,
        url: `${this.d.publicUrl}/e/${org.slug}/${event.slug}`,
      },
      organization: { name: org.name },
    };
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Building a DateTimeFormat costs more than rendering the rest of a message; events share a few timezones. */
function dateFormatIn(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone });
    dateFormats.set(timeZone, format);
  }
  return format;
}

/** A registration's link works until 30 days after its event ends: long enough for certificates and questions after. */
const LINK_DAYS_AFTER_EVENT = 30;
function linkValidUntil(event: { endsAt: Date | string }): Date {
  return new Date(new Date(event.endsAt).getTime() + LINK_DAYS_AFTER_EVENT * 86_400_000);
}
