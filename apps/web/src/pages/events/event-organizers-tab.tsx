import type { Event } from '@foyer/contracts';
import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssignOrganizer, useEventOrganizers, useUpdateOrganizer } from '../../api/event-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { useOrg } from '../orgs/org-context.ts';
import { ORGANIZER_ROLES, ORGANIZER_STATUS_COLORS, ORGANIZER_STATUSES } from './event-labels.ts';

type OrganizerRole = (typeof ORGANIZER_ROLES)[number];
type OrganizerStatus = (typeof ORGANIZER_STATUSES)[number];

/** Who runs the event; those who may manage it assign members and change their status or role. */
export function EventOrganizersTab({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const organizers = useEventOrganizers(event.id);
  const update = useUpdateOrganizer(org.id, event.id);
  const [rowError, setRowError] = useState<string | null>(null);

  const change = (userId: string, body: { role?: OrganizerRole; status?: OrganizerStatus }) => {
    setRowError(null);
    update.mutate({ userId, ...body }, { onError: (error) => setRowError(problem.text(error)) });
  };

  return (
    <Stack gap="lg">
      {organizers.isPending ? (
        <QueryLoading />
      ) : organizers.isError ? (
        <QueryError error={organizers.error} onRetry={() => void organizers.refetch()} />
      ) : (
        <Stack gap="xs">
          <FormAlert message={rowError} />
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="organizers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('events.organizers.person')}</Table.Th>
                  <Table.Th scope="col">{t('events.organizers.role')}</Table.Th>
                  <Table.Th scope="col">{t('events.organizers.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {organizers.data.map((o) => (
                  <Table.Tr key={o.userId}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {o.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {o.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {canManage ? (
                        <NativeSelect
                          aria-label={t('events.organizers.roleOf', { name: o.name })}
                          value={o.role}
                          onChange={(e) => change(o.userId, { role: e.currentTarget.value as OrganizerRole })}
                          data={ORGANIZER_ROLES.map((r) => ({ value: r, label: t(`events.organizerRoles.${r}`) }))}
                          w={160}
                        />
                      ) : (
                        t(`events.organizerRoles.${o.role}`)
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <Badge color={ORGANIZER_STATUS_COLORS[o.status]} variant="light">
                          {t(`events.organizerStatus.${o.status}`)}
                        </Badge>
                        {canManage ? (
                          <NativeSelect
                            aria-label={t('events.organizers.statusOf', { name: o.name })}
                            value={o.status}
                            onChange={(e) => change(o.userId, { status: e.currentTarget.value as OrganizerStatus })}
                            data={ORGANIZER_STATUSES.map((s) => ({
                              value: s,
                              label: t(`events.organizerStatus.${s}`),
                            }))}
                            w={160}
                          />
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      {canManage ? <AssignOrganizerForm eventId={event.id} /> : null}
    </Stack>
  );
}

function AssignOrganizerForm({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const validators = makeValidators(t);
  const assign = useAssignOrganizer(org.id, eventId);
  const form = useForm({ email: '', role: 'co' });
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = form.onSubmit(
    (v) => ({ email: validators.email(v.email) }),
    (v) => {
      setFormError(null);
      setDone(null);
      assign.mutate(
        { email: v.email.trim(), role: v.role as OrganizerRole },
        {
          onSuccess: (organizer) => {
            form.setValues({ email: '', role: 'co' });
            setDone(t('events.organizers.assigned', { name: organizer.name }));
          },
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, { fields: ['email', 'role'] });
            form.setErrors(
              fields.email && /member/i.test(fields.email) ? { email: t('events.organizers.notMember') } : fields,
            );
            setFormError(message);
          },
        },
      );
    },
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate aria-labelledby="assign-organizer-heading">
      <Stack gap="sm" maw={640}>
        <Title order={3} size="h4" id="assign-organizer-heading">
          {t('events.organizers.assignTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('events.organizers.assignLead')}
        </Text>
        <FormAlert message={formError} />
        <Group align="flex-start" gap="sm">
          <TextInput
            type="email"
            label={t('events.organizers.email')}
            required
            autoComplete="off"
            style={{ flex: 1, minWidth: 220 }}
            {...form.field('email')}
          />
          <NativeSelect
            label={t('events.organizers.role')}
            data={ORGANIZER_ROLES.map((r) => ({ value: r, label: t(`events.organizerRoles.${r}`) }))}
            w={160}
            {...form.field('role')}
          />
          <Button type="submit" mt={25} loading={assign.isPending}>
            {t('events.organizers.assign')}
          </Button>
        </Group>
        <Text size="sm" c="light-dark(var(--mantine-color-teal-9), var(--mantine-color-teal-4))" role="status">
          {done}
        </Text>
      </Stack>
    </form>
  );
}
