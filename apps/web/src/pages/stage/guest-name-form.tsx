import type { ChatGuest } from '@foyer/contracts';
import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../api/client.ts';
import { withNext } from '../../auth/redirect.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { chatErrorText } from './chat-error-text.ts';

const NAME_MAX = 40;

/** Joining the stage chat as a guest: a display name, no account; or sign in instead. */
export function GuestNameForm({ eventId, onJoined }: { eventId: string; onJoined(guest: ChatGuest): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const location = useLocation();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError(t('stage.guest.nameRequired'));
    setBusy(true);
    setError(null);
    try {
      onJoined(await api.chat.joinAsGuest(eventId, name.trim()));
    } catch (err) {
      setError(chatErrorText(err, t, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack component="form" gap="xs" onSubmit={(e) => void submit(e)}>
      <Text size="sm">{t('stage.guest.lead')}</Text>
      <FormAlert message={error} />
      <TextInput
        label={t('stage.guest.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        maxLength={NAME_MAX}
        autoComplete="nickname"
        required
      />
      <Group justify="space-between">
        <Anchor component={Link} to={withNext('/login', location.pathname)} size="sm">
          {t('stage.guest.signInInstead')}
        </Anchor>
        <Button type="submit" size="xs" loading={busy}>
          {t('stage.guest.join')}
        </Button>
      </Group>
    </Stack>
  );
}
