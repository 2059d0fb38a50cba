import { Button, Card, Container, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../components/use-page-title.ts';

const KINDS = ['festivals', 'conferences', 'workshops', 'courses', 'venues'] as const;

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(null);

  return (
    <Container size="lg" py="xl">
      <Stack gap="xl">
        <Stack gap="md" maw={720}>
          <Title order={1} fz={{ base: 32, sm: 44 }} lh={1.15}>
            {t('home.title')}
          </Title>
          <Text size="lg">{t('home.lead')}</Text>
          <Button component={Link} to="/events" size="md" style={{ alignSelf: 'flex-start' }}>
            {t('public.home.browse')}
          </Button>
        </Stack>

        <section aria-labelledby="home-kinds">
          <Title order={2} size="h3" id="home-kinds" mb="md">
            {t('home.kindsHeading')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
            {KINDS.map((kind) => (
              <Card key={kind} withBorder padding="lg">
                <Title order={3} size="h4" mb="xs">
                  {t(`home.kinds.${kind}.title`)}
                </Title>
                <Text size="sm" c="dimmed">
                  {t(`home.kinds.${kind}.body`)}
                </Text>
              </Card>
            ))}
            <Card padding="lg" bg="var(--mantine-primary-color-light)">
              <Title order={3} size="h4" mb="xs">
                {t('home.selfHostedTitle')}
              </Title>
              <Text size="sm" mb="md">
                {t('home.selfHosted')}
              </Text>
              <Button
                component={Link}
                to="/about"
                variant="filled"
                size="sm"
                mt="auto"
                style={{ alignSelf: 'flex-start' }}
              >
                {t('home.aboutLink')}
              </Button>
            </Card>
          </SimpleGrid>
        </section>
      </Stack>
    </Container>
  );
}
