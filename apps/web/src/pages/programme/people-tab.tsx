import type { Event, Person } from '@foyer/contracts';
import { Button, Group, Modal, Stack, Table, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeletePerson, usePeople, useSavePerson } from '../../api/programme-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { useOrg } from '../orgs/org-context.ts';
import { draftsOf, type LinkDraft, LinksEditor, linkErrors, linksBody } from './links-editor.tsx';

type Editing = { person: Person | null } | null;

/** Speakers, artists and facilitators of the event, with bio, image and links. */
export function PeopleTab({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const people = usePeople(event.id);
  const remove = useDeletePerson(org.id, event.id);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Person | null>(null);
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('people.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('people.lead')}
          </Text>
        </Stack>
        {canManage ? <Button onClick={() => setEditing({ person: null })}>{t('people.add')}</Button> : null}
      </Group>
      {people.isPending ? (
        <QueryLoading />
      ) : people.isError ? (
        <QueryError error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data.length === 0 ? (
        <Text size="sm" c="dimmed" py="md">
          {t('people.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="xs" data-testid="people-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('people.fields.name')}</Table.Th>
                <Table.Th scope="col">{t('people.fields.bio')}</Table.Th>
                <Table.Th scope="col" w={90}>
                  {t('people.linksColumn')}
                </Table.Th>
                {canManage ? (
                  <Table.Th scope="col" w={160}>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.data.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {p.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={2}>
                      {p.bio || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.links.length}</Text>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          aria-label={t('people.editOf', { name: p.name })}
                          onClick={() => setEditing({ person: p })}
                        >
                          {t('people.edit')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red.9"
                          aria-label={t('people.deleteOf', { name: p.name })}
                          onClick={() => setDeleting(p)}
                        >
                          {t('people.delete')}
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
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.person ? t('people.editTitle') : t('people.newTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing ? (
          <PersonForm
            key={editing.person?.id ?? 'new'}
            eventId={event.id}
            person={editing.person}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Modal>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('people.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('people.delete')}
        loading={remove.isPending}
        error={remove.isError ? problem.text(remove.error) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        {t('people.deleteBody')}
      </ConfirmDialog>
    </Stack>
  );
}

const PERSON_FIELDS = ['name', 'bio', 'image'] as const;

function PersonForm({ eventId, person, onDone }: { eventId: string; person: Person | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const save = useSavePerson(org.id, eventId);
  const form = useForm({ name: person?.name ?? '', bio: person?.bio ?? '', image: person?.image ?? '' });
  const [links, setLinks] = useState<LinkDraft[]>(person ? draftsOf(person.links) : []);
  const [linkProblems, setLinkProblems] = useState<Record<number, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = form.onSubmit(
    (v) => ({ name: v.name.trim() ? undefined : t('validation.required') }),
    (v) => {
      const bad = linkErrors(links, t);
      setLinkProblems(bad);
      if (Object.keys(bad).length > 0) return;
      setFormError(null);
      save.mutate(
        {
          ...(person ? { id: person.id } : {}),
          name: v.name.trim(),
          bio: v.bio,
          image: v.image.trim() || null,
          links: linksBody(links),
        },
        {
          onSuccess: onDone,
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, { fields: PERSON_FIELDS });
            form.setErrors(fields);
            setFormError(message);
          },
        },
      );
    },
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate aria-label={t('people.formLabel')}>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput label={t('people.fields.name')} required data-autofocus {...form.field('name')} />
        <Textarea label={t('people.fields.bio')} autosize minRows={3} {...form.field('bio')} />
        <TextInput
          label={t('people.fields.image')}
          description={t('people.fields.imageHint')}
          {...form.field('image')}
        />
        <LinksEditor
          links={links}
          onChange={(next) => {
            setLinks(next);
            setLinkProblems({});
          }}
          errors={linkProblems}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {person ? t('people.save') : t('people.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
