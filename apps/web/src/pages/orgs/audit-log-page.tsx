import type { AuditLogFilter } from '@foyer/client';
import { Button, Center, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditLog, useMembers } from '../../api/org-queries.ts';
import { DateTime } from '../../components/date-time.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { actionLabel, actorLabel, detailsLabel, ORG_AUDIT_ACTIONS } from './audit-describe.ts';
import { useOrg } from './org-context.ts';

/** `YYYY-MM-DD` from a date input, as the start (or end) of that day in the visitor's timezone. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const { org } = useOrg();
  usePageTitle(`${t('orgs.nav.auditLog')} · ${org.name}`);
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter: AuditLogFilter = {
    ...(action ? { action } : {}),
    ...(dayBoundary(from, false) ? { from: dayBoundary(from, false) } : {}),
    ...(dayBoundary(to, true) ? { to: dayBoundary(to, true) } : {}),
  };
  const log = useAuditLog(org.id, filter);
  // Names for the ids in the log; people who left show as short ids.
  const members = useMembers(org.id);
  const people = useMemo(
    () => new Map((members.data ?? []).flatMap((m) => (m.userId ? [[m.userId, m]] : []))),
    [members.data],
  );
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const rangeInvalid = Boolean(from && to && from > to);

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="audit-heading">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" id="audit-heading">
            {t('audit.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('audit.lead')}
          </Text>
        </Stack>
        <Group align="flex-start" gap="md" role="search" aria-label={t('audit.filters')}>
          <NativeSelect
            label={t('audit.action')}
            value={action}
            onChange={(event) => setAction(event.currentTarget.value)}
            data={[
              { value: '', label: t('audit.allActions') },
              ...ORG_AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a, t) })),
            ]}
            w={260}
          />
          <TextInput
            type="date"
            label={t('audit.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            w={180}
          />
          <TextInput
            type="date"
            label={t('audit.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={rangeInvalid ? t('audit.rangeInvalid') : undefined}
            w={180}
          />
          {action || from || to ? (
            <Button
              variant="subtle"
              mt={25}
              onClick={() => {
                setAction('');
                setFrom('');
                setTo('');
              }}
            >
              {t('audit.clear')}
            </Button>
          ) : null}
        </Group>
        {log.isPending ? (
          <QueryLoading />
        ) : log.isError ? (
          <QueryError error={log.error} onRetry={() => void log.refetch()} />
        ) : entries.length === 0 ? (
          <Text c="dimmed" role="status">
            {t('audit.empty')}
          </Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" striped data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('audit.when')}</Table.Th>
                    <Table.Th scope="col">{t('audit.action')}</Table.Th>
                    <Table.Th scope="col">{t('audit.actorColumn')}</Table.Th>
                    <Table.Th scope="col">{t('audit.details.column')}</Table.Th>
                    <Table.Th scope="col">{t('audit.ip')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((entry) => (
                    <Table.Tr key={entry.id} data-action={entry.action}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <DateTime value={entry.createdAt} withSeconds />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {actionLabel(entry.action, t)}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry.action}
                        </Text>
                      </Table.Td>
                      <Table.Td>{actorLabel(entry, people, t)}</Table.Td>
                      <Table.Td>{detailsLabel(entry, people, t)}</Table.Td>
                      <Table.Td>{entry.ip ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {log.hasNextPage ? (
              <Center>
                <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                  {t('audit.loadMore')}
                </Button>
              </Center>
            ) : null}
          </>
        )}
      </Stack>
    </Paper>
  );
}
