import { EVENT_TRANSITIONS, type Event, type EventStatus } from '@foyer/contracts';
import { Badge, Button, Group, List, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangeEventStatus, useEventHistory } from '../../api/event-queries.ts';
import { DateTime } from '../../components/date-time.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useOrg } from '../orgs/org-context.ts';
import { STATUS_COLORS } from './event-labels.ts';

/** Current status, the changes allowed from it (each confirmed), and the history. */
export function EventStatusTab({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const history = useEventHistory(event.id);
  const change = useChangeEventStatus(org.id, event.id);
  const [target, setTarget] = useState<EventStatus | null>(null);
  const [reason, setReason] = useState('');
  const next = EVENT_TRANSITIONS[event.status];
  const close = () => {
    setTarget(null);
    setReason('');
    change.reset();
  };

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('events.statusTab.current')}
        </Title>
        <Group gap="sm">
          <Badge size="lg" color={STATUS_COLORS[event.status]} variant="light">
            {t(`events.status.${event.status}`)}
          </Badge>
          <Text size="sm" c="dimmed">
            {t(`events.statusHelp.${event.status}`)}
          </Text>
        </Group>
      </Stack>
      {canManage ? (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('events.statusTab.next')}
          </Title>
          {next.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('events.statusTab.final')}
            </Text>
          ) : (
            <Group gap="sm">
              {next.map((status) => (
                <Button
                  key={status}
                  variant={status === 'cancelled' ? 'outline' : 'filled'}
                  color={status === 'cancelled' ? 'red.9' : undefined}
                  onClick={() => setTarget(status)}
                >
                  {t(`events.statusActions.${status}`)}
                </Button>
              ))}
            </Group>
          )}
        </Stack>
      ) : null}
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('events.statusTab.history')}
        </Title>
        {history.isPending ? (
          <QueryLoading />
        ) : history.isError ? (
          <QueryError error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          <List spacing="sm" listStyleType="none" data-testid="status-history" pl={0}>
            {[...history.data].reverse().map((item) => (
              <List.Item key={item.id}>
                <Group gap="xs" wrap="wrap">
                  <Text size="sm" c="dimmed" component="span">
                    <DateTime value={item.at} />
                  </Text>
                  <Text size="sm" component="span">
                    {item.from
                      ? t('events.statusTab.changed', {
                          from: t(`events.status.${item.from}`),
                          to: t(`events.status.${item.to}`),
                        })
                      : t('events.statusTab.created', { to: t(`events.status.${item.to}`) })}
                  </Text>
                  {item.reason ? (
                    <Text size="sm" fs="italic" component="span">
                      “{item.reason}”
                    </Text>
                  ) : null}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
      <Modal
        opened={target !== null}
        onClose={close}
        title={target ? t(`events.statusActions.${target}`) : ''}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {target ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              change.mutate(
                { status: target, ...(reason.trim() ? { reason: reason.trim() } : {}) },
                { onSuccess: close },
              );
            }}
          >
            <Stack gap="md">
              <Text size="sm">
                {t('events.statusTab.confirm', {
                  name: event.name,
                  from: t(`events.status.${event.status}`),
                  to: t(`events.status.${target}`),
                })}{' '}
                {t(`events.statusHelp.${target}`)}
              </Text>
              <Textarea
                label={t('events.statusTab.reason')}
                description={t('events.statusTab.reasonHint')}
                value={reason}
                maxLength={1000}
                autosize
                minRows={2}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <FormAlert message={change.isError ? problem.text(change.error) : null} />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={close}>
                  {t('common.cancel')}
                </Button>
                <Button
                  type="submit"
                  color={target === 'cancelled' ? 'red.9' : undefined}
                  loading={change.isPending}
                  data-autofocus
                >
                  {t(`events.statusActions.${target}`)}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Modal>
    </Stack>
  );
}
