import { FoyerApiError } from '@foyer/client';
import type { Registration } from '@foyer/contracts';
import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useProblem } from '../../forms/problem.ts';
import { RegistrationConfirmation } from '../registrations/registration-confirmation.tsx';
import { useEventContext } from './event-context.ts';
import { publicPaths } from './public-paths.ts';

/**
 * `/e/:orgSlug/:eventSlug/register/confirm?token=…`: the link of an
 * address confirmation mail. Registering takes a click, not the page load:
 * mail scanners that open every link must not register anyone.
 */
export function ConfirmAddressPage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const { event, path } = useEventContext();
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  usePageTitle(t('registration.confirmAddress.pageTitle', { event: event.name }));
  const confirm = useMutation<Registration, unknown>({ mutationFn: () => api.registrations.confirmAddress(token) });

  if (confirm.data) {
    return (
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <Stack gap="md">
          <RegistrationConfirmation registration={confirm.data} eventName={event.name} />
          <Text size="sm">{t('registration.confirmation.guestHint')}</Text>
        </Stack>
      </Paper>
    );
  }
  const code = confirm.error instanceof FoyerApiError ? confirm.error.code : null;
  const invalid = token === '' || code === 'NOT_FOUND' || code === 'VALIDATION_FAILED';
  const expired = code === 'LINK_EXPIRED';
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3">
          {t('registration.confirmAddress.title')}
        </Title>
        {invalid ? (
          <Alert color="red" title={t('registration.confirmAddress.invalidTitle')}>
            {t('registration.confirmAddress.invalidBody')}
          </Alert>
        ) : expired ? (
          <Alert color="yellow" title={t('registration.confirmAddress.expiredTitle')}>
            {t('registration.confirmAddress.expiredBody')}
          </Alert>
        ) : (
          <>
            <Text>{t('registration.confirmAddress.lead', { event: event.name })}</Text>
            {confirm.error ? (
              <Alert color="red" role="alert">
                {problem.text(confirm.error)}
              </Alert>
            ) : null}
            <Button
              onClick={() => confirm.mutate()}
              loading={confirm.isPending}
              w={{ base: '100%', sm: 'fit-content' }}
            >
              {t('registration.confirmAddress.confirm')}
            </Button>
          </>
        )}
        {invalid || expired ? (
          <Anchor component={Link} to={publicPaths.register(path)}>
            {t('registration.confirmAddress.registerAgain')}
          </Anchor>
        ) : null}
      </Stack>
    </Paper>
  );
}
