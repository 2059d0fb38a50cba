import { Anchor, Container, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMyRegistration } from '../../api/registration-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { eventDates } from '../events/event-labels.ts';
import { RegistrationConfirmation } from '../registrations/registration-confirmation.tsx';

/** `/account/registrations/:registrationId`: one of my registrations, with the ticket's code and QR when confirmed. */
export function TicketPage() {
  const { t, i18n } = useTranslation();
  const { registrationId = '' } = useParams();
  const one = useMyRegistration(registrationId);
  usePageTitle(one.data ? t('registration.ticket.pageTitle', { event: one.data.event.name }) : null);

  return (
    <Container size="sm" py="xl">
      <Stack gap="md">
        <Anchor component={Link} to="/account/registrations" size="sm">
          {t('registration.mine.back')}
        </Anchor>
        {one.isPending ? (
          <QueryLoading />
        ) : one.isError ? (
          <QueryError error={one.error} onRetry={() => void one.refetch()} />
        ) : (
          <Paper withBorder p="lg">
            <Stack gap="xs">
              <Text size="xl" fw={700} component="h1" m={0}>
                {one.data.event.name}
              </Text>
              <Text size="sm" c="dimmed">
                {eventDates(
                  one.data.event.startsAt,
                  one.data.event.endsAt,
                  one.data.event.timezone,
                  i18n.resolvedLanguage ?? 'en',
                )}
              </Text>
              <RegistrationConfirmation registration={one.data} eventName={one.data.event.name} />
            </Stack>
          </Paper>
        )}
      </Stack>
    </Container>
  );
}
