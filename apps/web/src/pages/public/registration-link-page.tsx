import { Alert, Button, Container } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useCancelByLink, useRegistrationByLink } from '../../api/registration-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useProblem } from '../../forms/problem.ts';
import { RegistrationCard } from '../account/registration-card.tsx';
import { RegistrationConfirmation } from '../registrations/registration-confirmation.tsx';
import { isCancellable } from '../registrations/registration-labels.ts';

/**
 * `/registrations/:registrationId?token=…`: a registration opened from the
 * link in its emails — no account needed. Shows the ticket (when confirmed)
 * and lets the guest cancel.
 */
export function RegistrationLinkPage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const { registrationId = '' } = useParams();
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  const one = useRegistrationByLink(registrationId, token);
  const cancel = useCancelByLink(registrationId, token);
  const [confirming, setConfirming] = useState(false);
  usePageTitle(one.data ? t('registration.ticket.pageTitle', { event: one.data.event.name }) : null);

  const close = () => {
    setConfirming(false);
    cancel.reset();
  };

  return (
    <Container size="sm" py="xl">
      {token === '' ? (
        <Alert color="red" title={t('registration.link.noToken')}>
          {t('registration.link.noTokenBody')}
        </Alert>
      ) : one.isPending ? (
        <QueryLoading />
      ) : one.isError ? (
        <QueryError error={one.error} onRetry={() => void one.refetch()} />
      ) : (
        <RegistrationCard registration={one.data}>
          {cancel.isSuccess ? (
            <Alert color="teal" title={t('registration.link.cancelled')} data-testid="cancelled-by-link">
              {t('registration.link.cancelledBody', { event: one.data.event.name })}
            </Alert>
          ) : (
            <>
              <RegistrationConfirmation registration={one.data} eventName={one.data.event.name} />
              {isCancellable(one.data.status) ? (
                <Button variant="light" color="red" onClick={() => setConfirming(true)} style={{ alignSelf: 'start' }}>
                  {t('registration.mine.cancel')}
                </Button>
              ) : null}
            </>
          )}
        </RegistrationCard>
      )}
      <ConfirmDialog
        opened={confirming}
        title={t('registration.mine.cancelTitle')}
        confirmLabel={t('registration.mine.cancelConfirm')}
        loading={cancel.isPending}
        error={cancel.isError ? problem.text(cancel.error) : null}
        onClose={close}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: () => setConfirming(false) })}
      >
        {one.data ? t('registration.mine.cancelBody', { event: one.data.event.name }) : null}
      </ConfirmDialog>
    </Container>
  );
}
