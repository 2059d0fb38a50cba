import type { AddressConfirmationSent } from '@foyer/contracts';
import { Alert, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/locale.ts';

/** "Check your inbox": the event registers guests once they open the link mailed to their address. */
export function AddressConfirmationNotice({ sent }: { sent: AddressConfirmationSent }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const until = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(sent.expiresAt),
  );
  return (
    <Stack gap="md" data-testid="address-confirmation-sent">
      <Title order={2} size="h3" tabIndex={-1} ref={heading}>
        {t('registration.confirmAddress.sentTitle')}
      </Title>
      <Alert color="blue">
        <Text size="sm">{t('registration.confirmAddress.sentBody', { email: sent.email, until })}</Text>
      </Alert>
      <Text size="sm" c="dimmed">
        {t('registration.confirmAddress.sentHint')}
      </Text>
    </Stack>
  );
}
