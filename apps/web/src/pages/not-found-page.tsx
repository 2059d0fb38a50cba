import { Button, Code, Container, Stack, Text, Title } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { usePageTitle } from '../components/use-page-title.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  usePageTitle(t('notFound.title'));

  return (
    <Container size="sm" py="xl">
      <Stack gap="md" align="flex-start">
        <Text fw={700} fz={64} lh={1} c="dimmed" aria-hidden="true">
          404
        </Text>
        <Title order={1}>{t('notFound.title')}</Title>
        <Text>
          <Trans i18nKey="notFound.body" values={{ path: pathname }} components={{ code: <Code /> }} />
        </Text>
        <Button component={Link} to="/">
          {t('notFound.home')}
        </Button>
      </Stack>
    </Container>
  );
}
