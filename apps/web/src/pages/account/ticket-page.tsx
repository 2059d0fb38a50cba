import { Anchor, Container, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMyRegistration } from '../../api/registration-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { RegistrationConfirmation } from '../registrations/registration-confirmation.tsx';
import { RegistrationCard } from './registration-card.tsx';

/** `/account/registrations/:registrationId`: one of my registrations, with the ticket's code and QR when confirmed. */
export function TicketPage() {
  const { t } = useTranslation();
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
          <RegistrationCard registration={one.data}>
            <RegistrationConfirmation registration={one.data} eventName={one.data.event.name} />
          </RegistrationCard>
        )}
      </Stack>
    </Container>
  );
}
