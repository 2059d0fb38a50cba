import { FoyerApiError } from '@foyer/client';
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { AlertIcon } from './icons.tsx';

export function QueryLoading({ label }: { label?: string }) {
  const { t } = useTranslation();
  const text = label ?? t('query.loading');
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden="true" />
        <Text size="sm" c="dimmed">
          {text}
        </Text>
      </Stack>
    </Center>
  );
}

/** Turns whatever a query threw into words: the server's problem document when there is one. */
function describe(error: unknown, t: TFunction): { title: string; detail: string } {
  if (error instanceof FoyerApiError) return { title: error.problem.title, detail: error.problem.detail };
  // fetch() rejects with a TypeError when the network fails; anything else is an answer we could not parse.
  if (error instanceof TypeError) return { title: t('query.errorTitle'), detail: t('query.networkError') };
  return { title: t('query.errorTitle'), detail: t('query.unexpected') };
}

export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { title, detail } = describe(error, t);
  const requestId = error instanceof FoyerApiError ? error.problem.requestId : undefined;

  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      icon={<AlertIcon />}
      title={title}
      // Mantine's red title on its own tint is below 4.5:1 in light mode; use the darkest red there.
      styles={{ title: { color: 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-3))' } }}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{detail}</Text>
        {requestId ? (
          <Text size="xs" c="dimmed">
            {t('query.requestId')}: <code>{requestId}</code>
          </Text>
        ) : null}
        {onRetry ? (
          <Button size="xs" variant="default" onClick={onRetry}>
            {t('query.retry')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
