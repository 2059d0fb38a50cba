import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { FormAlert, FormNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';

/** "Registered already, lost the email?": mails the registration a new link (older ones stop working). */
export function LostLinkForm({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.includes('@')) return setError(t('registration.lostLink.invalid'));
    setState('busy');
    setError(null);
    try {
      await api.registrations.requestLink(eventId, email.trim());
      setState('sent');
    } catch (err) {
      setError(problem.text(err));
      setState('idle');
    }
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="lost-link-heading">
      <Stack component="form" gap="sm" onSubmit={(e) => void submit(e)}>
        <Title order={2} size="h4" id="lost-link-heading">
          {t('registration.lostLink.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('registration.lostLink.lead')}
        </Text>
        <FormAlert message={error} />
        <FormNote message={state === 'sent' ? t('registration.lostLink.sent') : null} />
        <Group align="flex-end" gap="sm">
          <TextInput
            type="email"
            label={t('registration.lostLink.email')}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            autoComplete="email"
            style={{ flex: '1 1 220px' }}
          />
          <Button type="submit" variant="default" loading={state === 'busy'}>
            {t('registration.lostLink.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
