import type { Registration } from '@foyer/contracts';
import { Alert, Badge, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS } from './registration-labels.ts';
import { TicketQr } from './ticket-qr.tsx';

/** "4F2K 9QXA …": the ticket code in groups of four, easier to read out and type at the door. */
export function groupedCode(code: string): string {
  return code.match(/.{1,4}/g)?.join(' ') ?? code;
}

/**
 * What a registration means for its attendee: the ticket (code and QR) when
 * confirmed, the place on the waiting list, or that an organiser decides.
 */
export function RegistrationConfirmation({
  registration,
  eventName,
  headingOrder = 2,
}: {
  registration: Registration;
  eventName: string;
  headingOrder?: 2 | 3;
}) {
  const { t } = useTranslation();
  const r = registration;
  return (
    <Stack gap="md" data-testid="registration-confirmation">
      <Group gap="sm">
        <Title order={headingOrder} size="h3" tabIndex={-1} id="registration-result">
          {t(`registration.confirmation.title.${r.status}`)}
        </Title>
        <Badge color={STATUS_COLORS[r.status]} variant="light" data-testid="registration-status">
          {t(`registration.status.${r.status}`)}
        </Badge>
      </Group>
      <Text>{t(`registration.confirmation.lead.${r.status}`, { event: eventName, name: r.name, email: r.email })}</Text>
      {r.status === 'confirmed' && r.ticketCode ? (
        <Stack gap="xs" align="flex-start">
          <TicketQr code={r.ticketCode} label={t('registration.ticket.qrLabel', { code: r.ticketCode })} />
          <Text size="sm" fw={600}>
            {t('registration.ticket.code')}
          </Text>
          <Code fz="lg" data-testid="ticket-code" data-code={r.ticketCode}>
            {groupedCode(r.ticketCode)}
          </Code>
          <Text size="sm" c="dimmed">
            {t('registration.ticket.hint')}
          </Text>
        </Stack>
      ) : null}
      {r.status === 'waitlisted' && r.position ? (
        <Alert color="yellow" variant="light" styles={{ message: { color: 'var(--mantine-color-text)' } }}>
          <Text fw={600} data-testid="waitlist-position">
            {t('registration.confirmation.position', { position: r.position })}
          </Text>
          <Text size="sm">{t('registration.confirmation.waitlistHint')}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}
