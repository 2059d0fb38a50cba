import { Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AlertIcon } from './icons.tsx';

/**
 * What people see instead of a blank page when rendering fails. It links home
 * with a plain <a> because it may be shown outside the router.
 */
export function CrashFallback() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="md">
      <Paper withBorder p="xl" maw={560} role="alert">
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" c="var(--mantine-color-error)">
            <AlertIcon size={28} />
            <Title order={1} size="h2" c="var(--mantine-color-bright)">
              {t('crash.title')}
            </Title>
          </Group>
          <Text>{t('crash.body')}</Text>
          <Group>
            <Button onClick={() => window.location.reload()}>{t('crash.reload')}</Button>
            <Button component="a" href="/" variant="default">
              {t('crash.home')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
