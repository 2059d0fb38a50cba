import { Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { PasswordCard } from './password-card.tsx';
import { ProfileCard } from './profile-card.tsx';
import { RequirementKeysCard } from './requirement-keys-card.tsx';
import { SecondFactorCard } from './second-factor-card.tsx';
import { SessionsCard } from './sessions-card.tsx';

export function AccountPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  usePageTitle(t('account.title'));
  if (!user) return null;

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('account.title')}</Title>
          <Text c="dimmed">{t('account.lead', { email: user.email })}</Text>
        </Stack>
        <ProfileCard user={user} />
        <RequirementKeysCard />
        <PasswordCard user={user} />
        <SecondFactorCard user={user} />
        <SessionsCard />
      </Stack>
    </Container>
  );
}
