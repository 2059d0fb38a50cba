import type { Event } from '@foyer/contracts';
import { Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateEvent } from '../../api/event-queries.ts';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { utcToZoned, zonedToIso } from '../events/zoned-time.ts';

/**
 * When registration opens and closes, in the event's own time zone (empty:
 * from publication, until the event ends).
 */
export function RegistrationWindowForm({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const update = useUpdateEvent(event.organizationId, event.id);
  const settings = event.registration ?? {};
  const initial = (iso: string | null | undefined) => (iso ? utcToZoned(iso, event.timezone) : '');
  const [opensAt, setOpensAt] = useState(initial(settings.opensAt));
  const [closesAt, setClosesAt] = useState(initial(settings.closesAt));
  const [error, setError] = useState<string | null>(null);
  const zone = t('registration.settings.inZone', { timezone: event.timezone });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const opens = opensAt ? zonedToIso(opensAt, event.timezone) : null;
    const closes = closesAt ? zonedToIso(closesAt, event.timezone) : null;
    if ((opensAt && !opens) || (closesAt && !closes)) return setError(t('events.validation.dateTime'));
    if (opens && closes && new Date(closes) <= new Date(opens))
      return setError(t('registration.settings.closesBeforeOpens'));
    setError(null);
    update.mutate({ registration: { ...settings, opensAt: opens, closesAt: closes } });
  };

  return (
    <Stack component="form" gap="sm" onSubmit={submit}>
      <FormAlert message={error ?? (update.isError ? problem.text(update.error) : null)} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput
          type="datetime-local"
          label={t('registration.settings.opensAt')}
          description={`${t('registration.settings.opensAtHelp')} ${zone}`}
          value={opensAt}
          onChange={(e) => setOpensAt(e.currentTarget.value)}
          readOnly={!canManage}
        />
        <TextInput
          type="datetime-local"
          label={t('registration.settings.closesAt')}
          description={`${t('registration.settings.closesAtHelp')} ${zone}`}
          value={closesAt}
          onChange={(e) => setClosesAt(e.currentTarget.value)}
          readOnly={!canManage}
        />
      </SimpleGrid>
      {canManage ? (
        <Group gap="sm">
          <Button type="submit" variant="default" loading={update.isPending}>
            {t('registration.settings.saveWindow')}
          </Button>
          <SavedNote show={update.isSuccess} message={t('registration.settings.saved')} />
        </Group>
      ) : null}
    </Stack>
  );
}
