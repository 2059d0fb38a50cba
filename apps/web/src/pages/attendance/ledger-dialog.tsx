import type { AttendanceSummary, Event } from '@foyer/contracts';
import { Badge, Button, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordAttendance, useRegistrationAttendance } from '../../api/attendance-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useLocale } from '../../i18n/locale.ts';
import { utcToZoned, zonedToIso } from '../events/zoned-time.ts';
import { ResultBadge } from './attendance-tab.tsx';
import { RuleText } from './rule-text.tsx';

/** One registration's ledger: the rule, the result, every entry; organisers can record an entry by hand. */
export function LedgerDialog(props: {
  event: Event;
  summary: AttendanceSummary;
  canManage: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { event, summary } = props;
  const detail = useRegistrationAttendance(event.id, summary.registrationId);
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: event.timezone,
  });
  const current = detail.data?.summary ?? summary;

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('attendance.ledgerTitle', { name: summary.name })}
      size="xl"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {detail.isPending ? (
        <QueryLoading />
      ) : detail.isError ? (
        <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <Stack gap="md" data-testid="attendance-ledger">
          <Text size="sm">
            <Text span fw={600}>
              {t('attendance.ruleLabel')}
            </Text>{' '}
            <RuleText rule={detail.data.rule} />
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Fact label={t('attendance.columns.minutes')}>
              {t('attendance.minutes', { count: current.totalMinutes })}
            </Fact>
            <Fact label={t('attendance.columns.sessions')}>{current.sessionsAttended}</Fact>
            <Fact label={t('attendance.columns.attended')}>
              <ResultBadge
                value={current.attended}
                overridden={current.override?.attended != null}
                reason={current.override?.reason}
              />
            </Fact>
            <Fact label={t('attendance.columns.eligible')}>
              <ResultBadge
                value={current.eligible}
                overridden={current.override?.eligible != null}
                reason={current.override?.reason}
              />
            </Fact>
          </SimpleGrid>
          <Title order={3} size="h5">
            {t('attendance.entries.title')}
          </Title>
          {detail.data.entries.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('attendance.entries.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing={4} data-testid="attendance-entries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('attendance.entries.source')}</Table.Th>
                    <Table.Th scope="col">{t('attendance.entries.time')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('attendance.columns.minutes')}
                    </Table.Th>
                    <Table.Th scope="col">{t('attendance.entries.note')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {detail.data.entries.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>
                        <Badge variant="light" color="gray" tt="none">
                          {t(`attendance.sources.${entry.source}`)}
                        </Badge>
                        {entry.sessionId ? (
                          <Text size="xs" c="dimmed">
                            {t('attendance.entries.session')}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{time.formatRange(new Date(entry.startedAt), new Date(entry.endedAt))}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm">{entry.minutes}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{entry.note}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {props.canManage && summary.status === 'confirmed' ? (
            <RecordForm event={event} registrationId={summary.registrationId} />
          ) : null}
        </Stack>
      )}
    </Modal>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" mt={4}>
        {children}
      </Text>
    </Paper>
  );
}

/** A manual ledger entry; the times are the event's wall clock and default to the whole event. */
function RecordForm({ event, registrationId }: { event: Event; registrationId: string }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const record = useRecordAttendance(event.id);
  const [from, setFrom] = useState(utcToZoned(event.startsAt, event.timezone));
  const [to, setTo] = useState(utcToZoned(event.endsAt, event.timezone));
  const [note, setNote] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const startedAt = from ? zonedToIso(from, event.timezone) : null;
    const endedAt = to ? zonedToIso(to, event.timezone) : null;
    record.mutate(
      {
        registrationId,
        ...(startedAt ? { startedAt } : {}),
        ...(endedAt ? { endedAt } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: () => setNote('') },
    );
  };

  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-labelledby="record-attendance">
      <Stack gap="sm">
        <Title order={3} size="h5" id="record-attendance">
          {t('attendance.record.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('attendance.record.hint', { zone: event.timezone })}
        </Text>
        <FormAlert message={record.isError ? problem.text(record.error) : null} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            type="datetime-local"
            label={t('attendance.record.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label={t('attendance.record.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <TextInput
            label={t('attendance.record.note')}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" variant="light" loading={record.isPending}>
            {t('attendance.record.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
