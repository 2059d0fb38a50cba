import type { Tag } from '@foyer/contracts';
import { Button, Group, Paper, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTag, useDeleteTag, useTags } from '../../api/programme-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { canCreateEvents } from '../events/event-access.ts';
import { useOrg } from '../orgs/org-context.ts';

/** `/orgs/:orgId/tags`: the organization's tags, for events and sessions. */
export function TagsPage() {
  const { t } = useTranslation();
  const context = useOrg();
  const { org } = context;
  usePageTitle(`${t('orgs.nav.tags')} · ${org.name}`);
  const canManage = canCreateEvents(context);
  const problem = useProblem();
  const tags = useTags(org.id);
  const create = useCreateTag(org.id);
  const remove = useDeleteTag(org.id);
  const form = useForm({ name: '' });
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  const submit = form.onSubmit(
    (v) => ({ name: v.name.trim() ? undefined : t('validation.required') }),
    (v) =>
      create.mutate(v.name.trim(), {
        onSuccess: () => form.setValues({ name: '' }),
        onError: (error) => {
          const { fields, form: message } = problem.fields(error, { fields: ['name'] });
          form.setErrors({
            name:
              fields.name && /taken/i.test(fields.name) ? t('tags.nameTaken') : (fields.name ?? message ?? undefined),
          });
        },
      }),
  );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="tags-heading">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" id="tags-heading">
            {t('tags.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('tags.lead')}
          </Text>
        </Stack>
        {canManage ? (
          <form ref={form.formRef} onSubmit={submit} noValidate aria-label={t('tags.newTag')}>
            <Group gap="xs" align="flex-start">
              <TextInput label={t('tags.newTag')} maxLength={60} w={300} {...form.field('name')} />
              <Button type="submit" mt={25} loading={create.isPending}>
                {t('tags.create')}
              </Button>
            </Group>
          </form>
        ) : null}
        {tags.isPending ? (
          <QueryLoading />
        ) : tags.isError ? (
          <QueryError error={tags.error} onRetry={() => void tags.refetch()} />
        ) : tags.data.length === 0 ? (
          <Text size="sm" c="dimmed" py="md">
            {t('tags.empty')}
          </Text>
        ) : (
          <Table verticalSpacing="xs" data-testid="tags-table" maw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('tags.name')}</Table.Th>
                {canManage ? (
                  <Table.Th scope="col" w={120}>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tags.data.map((tag) => (
                <Table.Tr key={tag.id}>
                  <Table.Td>
                    <Text size="sm">{tag.name}</Text>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red.9"
                        aria-label={t('tags.deleteOf', { name: tag.name })}
                        onClick={() => setDeleting(tag)}
                      >
                        {t('tags.delete')}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('tags.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('tags.delete')}
        loading={remove.isPending}
        error={remove.isError ? problem.text(remove.error) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        {t('tags.deleteBody')}
      </ConfirmDialog>
    </Paper>
  );
}
