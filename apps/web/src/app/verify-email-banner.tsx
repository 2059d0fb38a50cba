import { Alert, Container, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMatch } from 'react-router';
import { useAuth } from '../auth/auth-context.tsx';
import { AlertIcon } from '../components/icons.tsx';
import { ResendVerificationButton } from './resend-verification-button.tsx';

/** Reminds a signed-in person to confirm their address, on every page but the confirmation page itself. */
export function VerifyEmailBanner() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const onVerifyPage = useMatch('/verify-email') !== null;
  if (!user || user.emailVerified || onVerifyPage) return null;
  return (
    <Container size="lg" mb="xs">
      <Alert
        color="yellow"
        variant="light"
        icon={<AlertIcon />}
        title={t('verifyBanner.title')}
        data-testid="verify-email-banner"
        styles={{ title: { color: 'var(--mantine-color-text)' }, message: { color: 'var(--mantine-color-text)' } }}
      >
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Text size="sm">{t('verifyBanner.body', { email: user.email })}</Text>
          <Group gap="sm">
            <ResendVerificationButton size="xs" />
          </Group>
        </Group>
      </Alert>
    </Container>
  );
}
