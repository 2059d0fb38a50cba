import type { Event } from '@foyer/contracts';
import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblem } from '../../forms/problem.ts';
import { downloadRegistrationsCsv } from './export-csv.ts';

/** Downloads the event's registrations (with answers) as CSV. */
export function ExportCsvButton({ event }: { event: Event }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadRegistrationsCsv(event.id, `${event.slug}-registrations.csv`);
    } catch (err) {
      setError(problem.text(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4} align="flex-end">
      <Button variant="default" onClick={() => void run()} loading={busy}>
        {t('registration.console.exportCsv')}
      </Button>
      {error ? (
        <Text size="xs" c="red.8" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
