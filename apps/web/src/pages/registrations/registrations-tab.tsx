import type { Event, Registration, RegistrationStatus, RegistrationSummary } from '@foyer/contracts';
import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Decision,
  useDecide,
  usePromoteNext,
  useRegistrationSummary,
  useRegistrations,
} from '../../api/registration-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useLocale } from '../../i18n/locale.ts';
import { ExportCsvButton } from './export-csv-button.tsx';
import { ImportCsv } from './import-csv.tsx';
import { REGISTRATION_STATUSES, STATUS_COLORS } from './registration-labels.ts';
import { RegistrationSettingsCard } from './registration-settings-card.tsx';
import { SendLinkButton } from './send-link-button.tsx';

/** Which decisions fit a registration in each status (the server refuses the rest). */
const DECISIONS: Record<RegistrationStatus, Decision[]> = {
  pending: ['approve', 'decline', 'cancel'],
  waitlisted: ['promote', 'decline', 'cancel'],
  confirmed: ['cancel'],
  cancelled: [],
  declined: [],
};

/** The console's Registrations tab: summary tiles, the filtered list with decisions, CSV export and import. */
export function RegistrationsTab({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<RegistrationStatus | ''>('');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const summary = useRegistrationSummary(event.id);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('registration.console.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('registration.console.lead')}
          </Text>
        </Stack>
        <Group gap="xs">
          <ExportCsvButton event={event} />
          {canManage ? <PromoteNextButton eventId={event.id} summary={summary.data} /> : null}
        </Group>
      </Group>
      {summary.isError ? <QueryError error={summary.error} onRetry={() => void summary.refetch()} /> : null}
      {summary.data ? <SummaryTiles summary={summary.data} /> : null}
      <RegistrationSettingsCard event={event} canManage={canManage} />
      <Group
        component="form"
        role="search"
        gap="sm"
        align="flex-end"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(search.trim());
        }}
      >
        <Select
          label={t('registration.console.statusFilter')}
          data={[
            { value: '', label: t('registration.console.allStatuses') },
            ...REGISTRATION_STATUSES.map((s) => ({ value: s, label: t(`registration.status.${s}`) })),
          ]}
          value={status}
          onChange={(value) => setStatus((value ?? '') as RegistrationStatus | '')}
          allowDeselect={false}
          w={180}
        />
        <TextInput
          type="search"
          label={t('registration.console.search')}
          placeholder={t('registration.console.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={260}
        />
        <Button type="submit" variant="default">
          {t('registration.console.searchButton')}
        </Button>
      </Group>
      <RegistrationTable eventId={event.id} status={status} q={q} canManage={canManage} />
      {canManage ? <ImportCsv eventId={event.id} /> : null}
    </Stack>
  );
}

function SummaryTiles({ summary }: { summary: RegistrationSummary }) {
  const { t } = useTranslation();
  const tiles = [
    ['confirmed', summary.counts.confirmed],
    ['waitlisted', summary.counts.waitlisted],
    ['pending', summary.counts.pending],
    ['cancelled', summary.counts.cancelled],
    ['capacity', summary.capacity ?? t('registration.console.unlimited')],
    ['remaining', summary.remaining ?? '—'],
    ['checkedIn', summary.checkedIn],
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm" data-testid="registration-summary">
      {tiles.map(([key, value]) => (
        <Paper key={key} withBorder p="sm" data-testid={`tile-${key}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(`registration.console.tiles.${key}`)}
          </Text>
          <Text size="xl" fw={700}>
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function PromoteNextButton({ eventId, summary }: { eventId: string; summary: RegistrationSummary | undefined }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const promote = usePromoteNext(eventId);
  return (
    <Stack gap={4} align="flex-end">
      <Button
        variant="default"
        disabled={!summary || summary.counts.waitlisted === 0}
        loading={promote.isPending}
        onClick={() => promote.mutate(undefined)}
      >
        {t('registration.console.promoteNext')}
      </Button>
      {promote.isError ? (
        <Text size="xs" c="red.8" role="alert">
          {problem.text(promote.error)}
        </Text>
      ) : null}
    </Stack>
  );
}

function RegistrationTable(props: { eventId: string; status: RegistrationStatus | ''; q: string; canManage: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const problem = useProblem();
  const { eventId, status, q, canManage } = props;
  const list = useRegistrations(eventId, { ...(status ? { status } : {}), ...(q ? { q } : {}) });
  const decide = useDecide(eventId);
  const [pending, setPending] = useState<{ registration: Registration; decision: Decision } | null>(null);
  const close = () => {
    setPending(null);
    decide.reset();
  };
  if (list.isPending) return <QueryLoading />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const rows = list.data.pages.flatMap((p) => p.items);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Stack gap="sm">
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="md">
          {t('registration.console.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" data-testid="registrations-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('registration.console.columns.name')}</Table.Th>
                <Table.Th scope="col">{t('registration.console.columns.email')}</Table.Th>
                <Table.Th scope="col">{t('registration.console.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('registration.console.columns.registered')}</Table.Th>
                {canManage ? (
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="registration-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {r.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.email}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[r.status]} variant="light">
                      {t(`registration.status.${r.status}`)}
                      {r.status === 'waitlisted' && r.position ? ` #${r.position}` : ''}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {date.format(new Date(r.createdAt))}
                    </Text>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {DECISIONS[r.status].map((decision) => (
                          <Button
                            key={decision}
                            size="xs"
                            variant={decision === 'cancel' || decision === 'decline' ? 'subtle' : 'light'}
                            color={decision === 'cancel' || decision === 'decline' ? 'red' : undefined}
                            aria-label={t(`registration.console.actionOf.${decision}`, { name: r.name })}
                            onClick={() => setPending({ registration: r, decision })}
                          >
                            {t(`registration.console.actions.${decision}`)}
                          </Button>
                        ))}
                        {r.status !== 'declined' ? <SendLinkButton registration={r} /> : null}
                      </Group>
                    </Table.Td>
                  ) : null}
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
          {t('registration.console.more')}
        </Button>
      ) : null}
      <ConfirmDialog
        opened={pending !== null}
        title={
          pending ? t(`registration.console.confirm.${pending.decision}`, { name: pending.registration.name }) : ''
        }
        confirmLabel={pending ? t(`registration.console.actions.${pending.decision}`) : ''}
        loading={decide.isPending}
        error={decide.isError ? problem.text(decide.error) : null}
        onClose={close}
        onConfirm={() =>
          pending && decide.mutate({ id: pending.registration.id, decision: pending.decision }, { onSuccess: close })
        }
      >
        {pending
          ? t(`registration.console.confirmBody.${pending.decision}`, { name: pending.registration.name })
          : null}
      </ConfirmDialog>
    </Stack>
  );
}
