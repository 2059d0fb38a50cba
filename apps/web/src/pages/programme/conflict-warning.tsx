import type { Session } from '@foyer/contracts';
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AlertIcon } from '../../components/icons.tsx';

/** Says which sessions overlap at the same location; a warning, not an error: saving stays possible. */
export function ConflictWarning({
  ids,
  sessions,
  locationName,
}: {
  ids: readonly string[];
  sessions: readonly Session[];
  locationName: string;
}) {
  const { t } = useTranslation();
  if (ids.length === 0) return null;
  const titles = ids.map((id) => sessions.find((s) => s.id === id)?.title ?? id);
  return (
    <Alert
      role="status"
      color="yellow"
      variant="light"
      icon={<AlertIcon />}
      title={t('programme.conflict.title')}
      data-testid="conflict-warning"
      // Mantine's yellow title on its own tint is too faint to read; a dark orange keeps the contrast.
      styles={{
        message: { color: 'var(--mantine-color-text)' },
        title: { color: 'light-dark(var(--mantine-color-orange-9), var(--mantine-color-yellow-3))' },
      }}
    >
      {t('programme.conflict.detail', { location: locationName, titles: titles.map((x) => `“${x}”`).join(', ') })}
    </Alert>
  );
}
