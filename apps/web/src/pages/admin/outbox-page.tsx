import type { MailStatus } from '@foyer/contracts';
import { Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOutbox } from '../../api/email-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { MAIL_STATUS_COLORS, MAIL_STATUSES } from './outbox-labels.ts';
import { RequirePlatformAdmin } from './require-platform-admin.tsx';

/** `/admin/mail`: every message the platform sent or tried to, for platform admins. */
export function OutboxPage() {
  return (
    <RequirePlatformAdmin>
      <Outbox />
    </RequirePlatformAdmin>
  );
}

function Outbox() {
  const { t } = useTranslation();
  const locale = useLocale();
  usePageTitle(t('outbox.title'));
  const [status, setStatus] = useState<MailStatus | null>(null);
  const [to, setTo] = useState('');
  const [debouncedTo] = useDebouncedValue(to.trim(), 400);
  const outbox = useOutbox({ ...(status ? { status } : {}), ...(debouncedTo ? { to: debouncedTo } : {}) });
  const time = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso)) : '—';
  const rows = outbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="lg">
      <Stack gap={2}>
        <Title order={1}>{t('outbox.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('outbox.lead')}
        </Text>
      </Stack>
      <Group align="flex-end" gap="sm">
        <Select
          label={t('outbox.status')}
          placeholder={t('outbox.anyStatus')}
          data={MAIL_STATUSES.map((s) => ({ value: s, label: t(`outbox.statuses.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as MailStatus | null)}
          clearable
          w={200}
        />
        <TextInput
          label={t('outbox.to')}
          placeholder="someone@example.org"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          type="email"
          w={300}
          data-testid="outbox-to"
        />
      </Group>
      {outbox.isPending ? (
        <QueryLoading />
      ) : outbox.isError ? (
        <QueryError error={outbox.error} onRetry={() => void outbox.refetch()} />
      ) : rows.length === 0 ? (
        <Text c="dimmed">{t('outbox.empty')}</Text>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover data-testid="outbox-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('outbox.to')}</Table.Th>
                  <Table.Th>{t('outbox.subject')}</Table.Th>
                  <Table.Th>{t('outbox.template')}</Table.Th>
                  <Table.Th>{t('outbox.status')}</Table.Th>
                  <Table.Th>{t('outbox.created')}</Table.Th>
                  <Table.Th>{t('outbox.sent')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{m.to.join(', ')}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/mail/${m.id}`}>
                        {m.subject}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {m.template ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td miw={140}>
                      <Stack gap={2} align="flex-start">
                        <Badge color={MAIL_STATUS_COLORS[m.status]} variant="light" style={{ flexShrink: 0 }}>
                          {t(`outbox.statuses.${m.status}`)}
                        </Badge>
                        {m.error ? (
                          <Text size="xs" c="red.8" maw={260} lineClamp={2} title={m.error}>
                            {t('outbox.lastError', { attempts: m.attempts, error: m.error })}
                          </Text>
                        ) : null}
                      </Stack>
                    </Table.Td>
                    <Table.Td>{time(m.createdAt)}</Table.Td>
                    <Table.Td>{time(m.sentAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {outbox.hasNextPage ? (
        <Button
          variant="default"
          w="fit-content"
          loading={outbox.isFetchingNextPage}
          onClick={() => void outbox.fetchNextPage()}
        >
          {t('outbox.more')}
        </Button>
      ) : null}
    </Stack>
  );
}
