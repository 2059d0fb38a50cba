import type { Event } from '@foyer/contracts';
import { Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDeleteEvent } from '../../api/event-queries.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useOrg } from '../orgs/org-context.ts';

/** Deleting asks for the event's name to be typed, since it cannot be undone. */
export function DeleteEventSection({ event }: { event: Event }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const navigate = useNavigate();
  const problem = useProblem();
  const remove = useDeleteEvent(org.id, event.id, () => navigate(`/orgs/${org.id}/events`));
  const [opened, setOpened] = useState(false);
  const [typed, setTyped] = useState('');
  const close = () => {
    setOpened(false);
    setTyped('');
    remove.reset();
  };

  return (
    <Paper withBorder p="md" style={{ borderColor: 'var(--mantine-color-red-6)' }}>
      <Stack gap="xs" align="flex-start">
        <Title order={3} size="h4">
          {t('events.delete.title')}
        </Title>
        <Text size="sm">{t('events.delete.lead')}</Text>
        <Button color="red.9" variant="outline" onClick={() => setOpened(true)}>
          {t('events.delete.open')}
        </Button>
      </Stack>
      <Modal
        opened={opened}
        onClose={close}
        title={t('events.delete.confirmTitle', { name: event.name })}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === event.name) {
              remove.mutate();
            }
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('events.delete.confirmText', { name: event.name })}</Text>
            <TextInput
              label={t('events.delete.typeName')}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              data-autofocus
            />
            <FormAlert message={remove.isError ? problem.text(remove.error) : null} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red.9" disabled={typed !== event.name} loading={remove.isPending}>
                {t('events.delete.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
