import type { Event } from '@foyer/contracts';
import { Button, Notification, Portal } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertIcon } from '../../components/icons.tsx';
import { useProblem } from '../../forms/problem.ts';
import { downloadEventYaml } from './export-yaml.ts';

const TOAST_MS = 8000;

/** Downloads the event as YAML (event-as-code); a failure shows as a toast that closes by itself. */
export function ExportYamlButton({ event }: { event: Event }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [error]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadEventYaml(event.id, `${event.slug}.yaml`);
    } catch (err) {
      setError(problem.text(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="default" onClick={() => void run()} loading={busy}>
        {t('programme.export.button')}
      </Button>
      {error ? (
        <Portal>
          <Notification
            role="alert"
            color="red"
            icon={<AlertIcon />}
            title={t('programme.export.failed')}
            onClose={() => setError(null)}
            closeButtonProps={{ 'aria-label': t('common.close') }}
            style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 400, maxWidth: 420 }}
            withBorder
          >
            {error}
          </Notification>
        </Portal>
      ) : null}
    </>
  );
}
