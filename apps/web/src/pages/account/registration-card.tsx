import type { MyRegistration } from '@foyer/contracts';
import { Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useLocale } from '../../i18n/locale.ts';
import { eventDates } from '../events/event-labels.ts';

/** A registration's card: its event's name and dates, then `children` (the ticket, actions). */
export function RegistrationCard({ registration, children }: { registration: MyRegistration; children: ReactNode }) {
  const locale = useLocale();
  const { event } = registration;
  return (
    <Paper withBorder p="lg">
      <Stack gap="xs">
        <Text size="xl" fw={700} component="h1" m={0}>
          {event.name}
        </Text>
        <Text size="sm" c="dimmed">
          {eventDates(event.startsAt, event.endsAt, event.timezone, locale)}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}
