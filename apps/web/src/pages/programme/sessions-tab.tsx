import type { Event, Session } from '@foyer/contracts';
import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteSession, useUpdateSession } from '../../api/programme-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { useLocale } from '../../i18n/locale.ts';
import { zonedToIso } from '../events/zoned-time.ts';
import { useOrg } from '../orgs/org-context.ts';
import { ConflictWarning } from './conflict-warning.tsx';
import { type ProgrammeData, SessionDrawer } from './session-drawer.tsx';
import { conflictsOf, groupByDay, locationConflicts } from './session-schedule.ts';
import {
  SESSION_FIELDS,
  SESSION_KINDS,
  sessionBody,
  sessionFieldMessages,
  sessionValues,
  validateSession,
} from './session-values.ts';
import { useProgrammeData } from './use-programme-data.ts';

type Drawer = { session: Session | null } | null;

/** The programme of an event: sessions by day in the event's zone, edited inline or in a drawer. */
export function SessionsTab({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const programme = useProgrammeData(event);
  const [drawer, setDrawer] = useState<Drawer>(null);

  if (programme.error) return <QueryError error={programme.error} onRetry={programme.refetch} />;
  const data = programme.data;
  if (!data) return <QueryLoading />;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('programme.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('programme.lead', { count: data.sessions.length, zone: event.timezone })}
          </Text>
        </Stack>
        {canManage ? <Button onClick={() => setDrawer({ session: null })}>{t('programme.add')}</Button> : null}
      </Group>
      <SessionsTable event={event} data={data} canManage={canManage} onDetails={(s) => setDrawer({ session: s })} />
      {canManage ? (
        <SessionDrawer
          event={event}
          session={drawer?.session ?? null}
          opened={drawer !== null}
          onClose={() => setDrawer(null)}
          data={data}
        />
      ) : null}
    </Stack>
  );
}

function SessionsTable({
  event,
  data,
  canManage,
  onDetails,
}: {
  event: Event;
  data: ProgrammeData;
  canManage: boolean;
  onDetails: (session: Session) => void;
}) {
  const { t } = useTranslation();
  const language = useLocale();
  const { org } = useOrg();
  const problem = useProblem();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Session | null>(null);
  const remove = useDeleteSession(org.id, event.id);
  const days = useMemo(() => groupByDay(data.sessions, event.timezone), [data.sessions, event.timezone]);
  const conflicts = useMemo(() => locationConflicts(data.sessions), [data.sessions]);
  const clock = new Intl.DateTimeFormat(language, { timeZone: event.timezone, timeStyle: 'short' });
  const dayTitle = new Intl.DateTimeFormat(language, { timeZone: 'UTC', dateStyle: 'full' });
  const nameOf = (id: string | null) => data.locations.find((l) => l.id === id)?.name ?? '';
  const peopleOf = (s: Session) =>
    s.personIds.map((id) => data.people.find((p) => p.id === id)?.name ?? '').filter(Boolean);
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  if (data.sessions.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md">
        {t('programme.empty')}
      </Text>
    );
  }

  return (
    <Stack gap="sm">
      {conflicts.size > 0 ? (
        <Text size="sm" c="light-dark(var(--mantine-color-yellow-9), var(--mantine-color-yellow-4))" fw={500}>
          {t('programme.conflict.summary', { count: conflicts.size })}
        </Text>
      ) : null}
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" data-testid="sessions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={130}>
                {t('programme.columns.time')}
              </Table.Th>
              <Table.Th scope="col">{t('programme.columns.title')}</Table.Th>
              <Table.Th scope="col" w={130}>
                {t('programme.columns.kind')}
              </Table.Th>
              <Table.Th scope="col" w={170}>
                {t('programme.columns.location')}
              </Table.Th>
              {canManage ? (
                <Table.Th scope="col" w={200}>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {days.map(({ day, sessions }) => (
              <Fragment key={day ?? 'unscheduled'}>
                <Table.Tr>
                  <Table.Th
                    scope="colgroup"
                    colSpan={canManage ? 5 : 4}
                    bg="var(--mantine-color-default-hover)"
                    data-testid="session-day"
                  >
                    {day ? dayTitle.format(new Date(`${day}T12:00:00Z`)) : t('programme.unscheduled')}
                  </Table.Th>
                </Table.Tr>
                {sessions.map((s) =>
                  editing === s.id ? (
                    <InlineEditRow key={s.id} event={event} session={s} data={data} onDone={() => setEditing(null)} />
                  ) : (
                    <Table.Tr key={s.id} data-testid="session-row">
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {s.startsAt && s.endsAt
                            ? `${clock.format(new Date(s.startsAt))} – ${clock.format(new Date(s.endsAt))}`
                            : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {s.title}
                        </Text>
                        {peopleOf(s).length ? (
                          <Text size="xs" c="dimmed">
                            {peopleOf(s).join(', ')}
                          </Text>
                        ) : null}
                        {conflicts.has(s.id) ? (
                          <Badge color="orange.9" variant="outline" size="sm" mt={4}>
                            {t('programme.conflict.badge')}
                          </Badge>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`programme.kinds.${s.kind}`)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{nameOf(s.locationId) || '—'}</Text>
                      </Table.Td>
                      {canManage ? (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              aria-label={t('programme.editInlineOf', { title: s.title })}
                              onClick={() => setEditing(s.id)}
                            >
                              {t('programme.editInline')}
                            </Button>
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              aria-label={t('programme.detailsOf', { title: s.title })}
                              onClick={() => onDetails(s)}
                            >
                              {t('programme.details')}
                            </Button>
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              color="red.9"
                              aria-label={t('programme.deleteOf', { title: s.title })}
                              onClick={() => setDeleting(s)}
                            >
                              {t('programme.delete')}
                            </Button>
                          </Group>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ),
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('programme.deleteTitle', { title: deleting?.title ?? '' })}
        confirmLabel={t('programme.delete')}
        loading={remove.isPending}
        error={remove.isError ? problem.text(remove.error) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        {t('programme.deleteBody')}
      </ConfirmDialog>
    </Stack>
  );
}

/** Title, times, kind and location edited in place; the rest stays as it is. */
function InlineEditRow({
  event,
  session,
  data,
  onDone,
}: {
  event: Event;
  session: Session;
  data: ProgrammeData;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const update = useUpdateSession(org.id, event.id);
  const form = useForm(sessionValues(session, event.timezone));
  const [rowError, setRowError] = useState<string | null>(null);
  const submit = form.onSubmit(
    (v) => validateSession(v, event, t),
    (v) => {
      setRowError(null);
      const { title, kind, startsAt, endsAt, locationId } = sessionBody(v, event.timezone);
      update.mutate(
        { id: session.id, title, kind, startsAt, endsAt, locationId },
        {
          onSuccess: onDone,
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, { fields: SESSION_FIELDS });
            form.setErrors(sessionFieldMessages(fields, t));
            setRowError(message);
          },
        },
      );
    },
  );
  const v = form.values;
  const clashes = conflictsOf(
    {
      id: session.id,
      startsAt: v.startsAt ? zonedToIso(v.startsAt, event.timezone) : null,
      endsAt: v.endsAt ? zonedToIso(v.endsAt, event.timezone) : null,
      locationId: v.locationId || null,
    },
    data.sessions,
  );
  return (
    <Table.Tr data-testid="session-inline-edit">
      <Table.Td colSpan={5}>
        <form ref={form.formRef} onSubmit={submit} noValidate aria-label={t('programme.inlineLabel')}>
          <Stack gap="xs">
            <FormAlert message={rowError} />
            <Group gap="xs" align="flex-start" wrap="wrap">
              <TextInput
                size="xs"
                aria-label={t('programme.fields.title')}
                style={{ flex: 1, minWidth: 180 }}
                data-autofocus
                {...form.field('title')}
              />
              <TextInput
                size="xs"
                type="datetime-local"
                aria-label={t('programme.fields.startsAt')}
                w={190}
                {...form.field('startsAt')}
              />
              <TextInput
                size="xs"
                type="datetime-local"
                aria-label={t('programme.fields.endsAt')}
                w={190}
                {...form.field('endsAt')}
              />
              <NativeSelect
                size="xs"
                aria-label={t('programme.fields.kind')}
                w={130}
                data={SESSION_KINDS.map((k) => ({ value: k, label: t(`programme.kinds.${k}`) }))}
                {...form.field('kind')}
              />
              <NativeSelect
                size="xs"
                aria-label={t('programme.fields.location')}
                w={160}
                data={[
                  { value: '', label: t('programme.noLocation') },
                  ...data.locations.map((l) => ({ value: l.id, label: l.name })),
                ]}
                {...form.field('locationId')}
              />
            </Group>
            <ConflictWarning
              ids={clashes}
              sessions={data.sessions}
              locationName={data.locations.find((l) => l.id === v.locationId)?.name ?? ''}
            />
            <Group gap="xs" justify="flex-end">
              <Button size="xs" variant="default" onClick={onDone}>
                {t('common.cancel')}
              </Button>
              <Button size="xs" type="submit" loading={update.isPending}>
                {t('programme.form.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Table.Td>
    </Table.Tr>
  );
}
