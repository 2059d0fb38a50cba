import type { EventStatus } from '@foyer/contracts';
import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useEvents } from '../../api/event-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { useOrg } from '../orgs/org-context.ts';
import { canCreateEvents } from './event-access.ts';
import { eventDates, STATUS_COLORS, STATUSES } from './event-labels.ts';

/** The organization's events in every status, filtered by status, with a cursor "load more". */
export function EventsPage() {
  const { t } = useTranslation();
  const language = useLocale();
  const context = useOrg();
  const { org } = context;
  usePageTitle(`${t('orgs.nav.events')} · ${org.name}`);
  const [status, setStatus] = useState<EventStatus | ''>('');
  const events = useEvents(org.id, status);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="events-heading">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={2} size="h3" id="events-heading">
              {t('events.list.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('events.list.lead')}
            </Text>
          </Stack>
          {canCreateEvents(context) ? (
            <Button component={Link} to={`/orgs/${org.id}/events/new`}>
              {t('events.list.new')}
            </Button>
          ) : null}
        </Group>
        <SegmentedControl
          aria-label={t('events.list.filter')}
          value={status || 'all'}
          onChange={(value) => setStatus(value === 'all' ? '' : (value as EventStatus))}
          data={[
            { value: 'all', label: t('events.list.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(`events.status.${s}`) })),
          ]}
          style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
        />
        {events.isPending ? (
          <QueryLoading />
        ) : events.isError ? (
          <QueryError error={events.error} onRetry={() => void events.refetch()} />
        ) : items.length === 0 ? (
          <Text c="dimmed" role="status">
            {status ? t('events.list.emptyStatus', { status: t(`events.status.${status}`) }) : t('events.list.empty')}
          </Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" striped data-testid="events-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('events.fields.name')}</Table.Th>
                    <Table.Th scope="col">{t('events.list.when')}</Table.Th>
                    <Table.Th scope="col">{t('events.list.statusColumn')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((event) => (
                    <Table.Tr key={event.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/orgs/${org.id}/events/${event.id}`} fw={500}>
                          {event.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {t(`events.kinds.${event.kind}`)} · {t(`events.formats.${event.format}`)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{eventDates(event.startsAt, event.endsAt, event.timezone, language)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[event.status]} variant="light">
                          {t(`events.status.${event.status}`)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {events.hasNextPage ? (
              <Center>
                <Button
                  variant="default"
                  onClick={() => void events.fetchNextPage()}
                  loading={events.isFetchingNextPage}
                >
                  {t('events.list.loadMore')}
                </Button>
              </Center>
            ) : null}
          </>
        )}
      </Stack>
    </Paper>
  );
}
