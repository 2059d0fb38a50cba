import type { Location } from '@foyer/contracts';
import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteLocation, useLocations } from '../../api/programme-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useProblem } from '../../forms/problem.ts';
import { canCreateEvents } from '../events/event-access.ts';
import { useOrg } from '../orgs/org-context.ts';
import { LocationForm } from './location-form.tsx';

/** `/orgs/:orgId/locations`: the organization's venues, reused by every event's sessions. */
export function LocationsPage() {
  const { t } = useTranslation();
  const context = useOrg();
  const { org } = context;
  usePageTitle(`${t('orgs.nav.locations')} · ${org.name}`);
  const canManage = canCreateEvents(context);
  const problem = useProblem();
  const locations = useLocations(org.id);
  const remove = useDeleteLocation(org.id);
  const [editing, setEditing] = useState<{ location: Location | null } | null>(null);
  const [deleting, setDeleting] = useState<Location | null>(null);
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="locations-heading">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={2} size="h3" id="locations-heading">
              {t('locations.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('locations.lead')}
            </Text>
          </Stack>
          {canManage ? <Button onClick={() => setEditing({ location: null })}>{t('locations.add')}</Button> : null}
        </Group>
        {locations.isPending ? (
          <QueryLoading />
        ) : locations.isError ? (
          <QueryError error={locations.error} onRetry={() => void locations.refetch()} />
        ) : locations.data.length === 0 ? (
          <Text size="sm" c="dimmed" py="md">
            {t('locations.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="locations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('locations.fields.name')}</Table.Th>
                  <Table.Th scope="col">{t('locations.address')}</Table.Th>
                  <Table.Th scope="col">{t('locations.features')}</Table.Th>
                  {canManage ? (
                    <Table.Th scope="col" w={160}>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {locations.data.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {l.name}
                      </Text>
                      {l.description ? (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {l.description}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{addressLine(l) || '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {l.accessible ? (
                          <Badge variant="light" color="teal">
                            {t('locations.fields.accessible')}
                          </Badge>
                        ) : null}
                        {l.openAir ? (
                          <Badge variant="light" color="blue">
                            {t('locations.fields.openAir')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    {canManage ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            aria-label={t('locations.editOf', { name: l.name })}
                            onClick={() => setEditing({ location: l })}
                          >
                            {t('locations.edit')}
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red.9"
                            aria-label={t('locations.deleteOf', { name: l.name })}
                            onClick={() => setDeleting(l)}
                          >
                            {t('locations.delete')}
                          </Button>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.location ? t('locations.editTitle') : t('locations.newTitle')}
        size="xl"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing ? (
          <LocationForm
            key={editing.location?.id ?? 'new'}
            orgId={org.id}
            location={editing.location}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Modal>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('locations.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('locations.delete')}
        loading={remove.isPending}
        error={remove.isError ? problem.text(remove.error) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        {t('locations.deleteBody')}
      </ConfirmDialog>
    </Paper>
  );
}

/** "Hafenstraße 1, 20457 Hamburg, DE". */
function addressLine(l: Location): string {
  const p = l.place;
  return [p.street, [p.zip, p.town].filter(Boolean).join(' '), p.country].filter(Boolean).join(', ');
}
