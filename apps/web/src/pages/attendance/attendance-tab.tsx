import type { AttendanceSummary, Event } from '@foyer/contracts';
import { Badge, Button, Divider, Group, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAttendance } from '../../api/attendance-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { CertificatesSection } from '../certificates/certificates-section.tsx';
import { effectiveRule } from './attendance-rule.ts';
import { LedgerDialog } from './ledger-dialog.tsx';
import { OverrideDialog } from './override-dialog.tsx';
import { RuleText } from './rule-text.tsx';

/** The console's Attendance tab: everyone's minutes and results by the event's rule, overrides and the ledger. */
export function AttendanceTab({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const list = useAttendance(event.id);
  const [overriding, setOverriding] = useState<AttendanceSummary | null>(null);
  const [ledgerOf, setLedgerOf] = useState<AttendanceSummary | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="lg">
      <Stack gap={2}>
        <Title order={3} size="h4">
          {t('attendance.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('attendance.lead')}
        </Text>
        <Text size="sm" data-testid="attendance-rule">
          <Text span fw={600}>
            {t('attendance.ruleLabel')}
          </Text>{' '}
          <RuleText rule={effectiveRule(event.cpd)} />
        </Text>
      </Stack>
      {list.isPending ? (
        <QueryLoading />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="md">
          {t('attendance.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" data-testid="attendance-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('attendance.columns.name')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('attendance.columns.minutes')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('attendance.columns.sessions')}
                </Table.Th>
                <Table.Th scope="col">{t('attendance.columns.attended')}</Table.Th>
                <Table.Th scope="col">{t('attendance.columns.eligible')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.registrationId} data-testid="attendance-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {row.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {row.email}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" data-testid="attendance-minutes">
                    <Text size="sm">{t('attendance.minutes', { count: row.totalMinutes })}</Text>
                    <Text size="xs" c="dimmed">
                      {t('attendance.percent', { percent: Math.round(row.percent) })}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{row.sessionsAttended}</Text>
                  </Table.Td>
                  <Table.Td data-testid="attendance-attended">
                    <ResultBadge
                      value={row.attended}
                      overridden={row.override?.attended != null}
                      reason={row.override?.reason}
                    />
                  </Table.Td>
                  <Table.Td data-testid="attendance-eligible">
                    <ResultBadge
                      value={row.eligible}
                      overridden={row.override?.eligible != null}
                      reason={row.override?.reason}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="subtle"
                        aria-label={t('attendance.ledgerOf', { name: row.name })}
                        onClick={() => setLedgerOf(row)}
                      >
                        {t('attendance.ledger')}
                      </Button>
                      {canManage ? (
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={t('attendance.overrideOf', { name: row.name })}
                          onClick={() => setOverriding(row)}
                        >
                          {t('attendance.override')}
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage ? (
        <Button
          variant="default"
          w="fit-content"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('attendance.more')}
        </Button>
      ) : null}
      {overriding ? (
        <OverrideDialog eventId={event.id} summary={overriding} onClose={() => setOverriding(null)} />
      ) : null}
      {ledgerOf ? (
        <LedgerDialog event={event} summary={ledgerOf} canManage={canManage} onClose={() => setLedgerOf(null)} />
      ) : null}
      <Divider />
      <CertificatesSection event={event} canManage={canManage} />
    </Stack>
  );
}

/** Yes/no, marked when an organiser overrode the rule (the reason shows on hover and to screen readers). */
export function ResultBadge({ value, overridden, reason }: { value: boolean; overridden: boolean; reason?: string }) {
  const { t } = useTranslation();
  const badge = (
    <Badge color={value ? 'teal' : 'gray'} variant={overridden ? 'outline' : 'light'}>
      {value ? t('attendance.yes') : t('attendance.no')}
    </Badge>
  );
  if (!overridden) return badge;
  return (
    <Stack gap={2} align="flex-start">
      {badge}
      <Tooltip label={reason} multiline maw={280} withinPortal>
        <Text size="xs" c="orange.9" data-testid="override-note">
          {t('attendance.overridden')}
          {reason ? `: ${reason}` : ''}
        </Text>
      </Tooltip>
    </Stack>
  );
}
