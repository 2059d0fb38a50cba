import type { EventDetail } from '@foyer/contracts';
import { Button, Chip, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTag, useReplaceEventLinks, useReplaceEventTags, useTags } from '../../api/programme-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useOrg } from '../orgs/org-context.ts';
import { draftsOf, type LinkDraft, LinksEditor, linkErrors, linksBody } from './links-editor.tsx';

/** The event's tags (picked from the organization's, or created here) and its links. */
export function EventTagsLinksTab({ event, canManage }: { event: EventDetail; canManage: boolean }) {
  return (
    <Stack gap="xl">
      <EventTags event={event} canManage={canManage} />
      <EventLinks event={event} canManage={canManage} />
    </Stack>
  );
}

function EventTags({ event, canManage }: { event: EventDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const tags = useTags(org.id);
  const replace = useReplaceEventTags(org.id, event.id);
  const create = useCreateTag(org.id);
  const [picked, setPicked] = useState<string[]>(event.tags.map((tag) => tag.id));
  const [newName, setNewName] = useState('');
  const [createError, setCreateError] = useState<string | null>(null);

  const addTag = () => {
    const name = newName.trim();
    if (!name) return;
    setCreateError(null);
    create.mutate(name, {
      onSuccess: (tag) => {
        setNewName('');
        setPicked((current) => [...current, tag.id]);
      },
      onError: (error) =>
        setCreateError(problem.fields(error, { fields: ['name'] }).fields.name ?? problem.text(error)),
    });
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="event-tags-heading">
      <Title order={3} size="h4" id="event-tags-heading">
        {t('tags.eventTitle')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('tags.eventLead')}
      </Text>
      {tags.isPending ? (
        <QueryLoading />
      ) : tags.isError ? (
        <QueryError error={tags.error} onRetry={() => void tags.refetch()} />
      ) : tags.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tags.empty')}
        </Text>
      ) : (
        <Chip.Group multiple value={picked} onChange={canManage ? setPicked : () => {}}>
          <Group gap="xs" data-testid="event-tag-picker">
            {tags.data.map((tag) => (
              <Chip key={tag.id} value={tag.id} disabled={!canManage}>
                {tag.name}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {canManage ? (
        <>
          <Group gap="xs" align="flex-start">
            <TextInput
              label={t('tags.newTag')}
              value={newName}
              maxLength={60}
              error={createError}
              onChange={(e) => {
                setNewName(e.currentTarget.value);
                setCreateError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addTag();
                }
              }}
              w={260}
            />
            <Button variant="default" mt={25} onClick={addTag} loading={create.isPending}>
              {t('tags.create')}
            </Button>
          </Group>
          <FormAlert message={replace.isError ? problem.text(replace.error) : null} />
          <Group gap="md">
            <Button onClick={() => replace.mutate(picked)} loading={replace.isPending}>
              {t('tags.saveEventTags')}
            </Button>
            <SavedNote show={replace.isSuccess} message={t('events.detail.saved')} />
          </Group>
        </>
      ) : null}
    </Stack>
  );
}

function EventLinks({ event, canManage }: { event: EventDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const replace = useReplaceEventLinks(org.id, event.id);
  const [links, setLinks] = useState<LinkDraft[]>(draftsOf(event.links));
  const [errors, setErrors] = useState<Record<number, string>>({});

  const save = () => {
    const bad = linkErrors(links, t);
    setErrors(bad);
    if (Object.keys(bad).length === 0) replace.mutate(linksBody(links));
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="event-links-heading" maw={720}>
      <Title order={3} size="h4" id="event-links-heading">
        {t('programme.links.eventTitle')}
      </Title>
      <LinksEditor
        links={links}
        readOnly={!canManage}
        showTitle={false}
        errors={errors}
        onChange={(next) => {
          setLinks(next);
          setErrors({});
        }}
      />
      {canManage ? (
        <>
          <FormAlert message={replace.isError ? problem.text(replace.error) : null} />
          <Group gap="md">
            <Button onClick={save} loading={replace.isPending}>
              {t('programme.links.save')}
            </Button>
            <SavedNote show={replace.isSuccess} message={t('events.detail.saved')} />
          </Group>
        </>
      ) : null}
    </Stack>
  );
}
