import { Container, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../components/use-page-title.ts';
import { ReadinessCard } from './about/readiness-card.tsx';
import { VersionCard } from './about/version-card.tsx';

export function AboutPage() {
  const { t } = useTranslation();
  usePageTitle(t('about.title'));

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('about.title')}</Title>
          <Text c="dimmed">{t('about.lead')}</Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <VersionCard />
          <ReadinessCard />
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
