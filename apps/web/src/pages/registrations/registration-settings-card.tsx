import type { Event, RegistrationSettings } from '@foyer/contracts';
import { Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useUpdateEvent } from '../../api/event-queries.ts';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { RegistrationWindowForm } from './registration-window-form.tsx';

type Settings = z.infer<typeof RegistrationSettings>;
type Toggle = 'guestsAllowed' | 'confirmAddress' | 'approvalRequired' | 'waitlistEnabled' | 'waitlistAutoPromote';

/** What an unset setting means on the server (see registration rules). */
const DEFAULTS: Record<Toggle, boolean> = {
  guestsAllowed: true,
  confirmAddress: false,
  approvalRequired: false,
  waitlistEnabled: false,
  waitlistAutoPromote: true,
};
const TOGGLES: Toggle[] = [
  'guestsAllowed',
  'confirmAddress',
  'approvalRequired',
  'waitlistEnabled',
  'waitlistAutoPromote',
];

/** Who may register and how: each switch is saved as soon as it is flipped. */
export function RegistrationSettingsCard({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const update = useUpdateEvent(event.organizationId, event.id);
  const settings: Settings = event.registration ?? {};
  // What was just switched shows at once; a refusal switches it back.
  const [flipped, setFlipped] = useState<Partial<Record<Toggle, boolean>>>({});
  const value = (key: Toggle) => flipped[key] ?? settings[key] ?? DEFAULTS[key];
  const disabled = (key: Toggle) =>
    !canManage ||
    update.isPending ||
    (key === 'confirmAddress' && !value('guestsAllowed')) ||
    (key === 'waitlistAutoPromote' && !value('waitlistEnabled'));
  const flip = (key: Toggle, on: boolean) => {
    setFlipped({ [key]: on });
    update.mutate({ registration: { ...settings, [key]: on } }, { onSettled: () => setFlipped({}) });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="registration-settings-heading">
      <Stack gap="sm">
        <Title order={4} size="h5" id="registration-settings-heading">
          {t('registration.settings.title')}
        </Title>
        <FormAlert message={update.isError ? problem.text(update.error) : null} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          {TOGGLES.map((key) => (
            <Switch
              key={key}
              checked={value(key)}
              disabled={disabled(key)}
              onChange={(e) => flip(key, e.currentTarget.checked)}
              label={t(`registration.settings.${key}`)}
              description={t(`registration.settings.${key}Help`)}
            />
          ))}
        </SimpleGrid>
        {canManage ? null : (
          <Text size="sm" c="dimmed">
            {t('registration.settings.readOnly')}
          </Text>
        )}
        <SavedNote show={update.isSuccess} message={t('registration.settings.saved')} />
        <RegistrationWindowForm event={event} canManage={canManage} />
      </Stack>
    </Paper>
  );
}
