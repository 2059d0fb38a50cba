import type { Event, Location, Person, Session, Tag } from '@foyer/contracts';
import {
  Button,
  Checkbox,
  Drawer,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateSession, useUpdateSession } from '../../api/programme-queries.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { zonedToIso } from '../events/zoned-time.ts';
import { useOrg } from '../orgs/org-context.ts';
import { ConflictWarning } from './conflict-warning.tsx';
import { conflictsOf } from './session-schedule.ts';
import {
  idList,
  newSessionValues,
  SESSION_FIELDS,
  SESSION_KINDS,
  sessionBody,
  sessionFieldMessages,
  sessionValues,
  validateSession,
} from './session-values.ts';

export interface ProgrammeData {
  sessions: Session[];
  people: Person[];
  locations: Location[];
  tags: Tag[];
}

interface SessionDrawerProps {
  event: Event;
  /** The session to edit; null for a new one. */
  session: Session | null;
  opened: boolean;
  onClose: () => void;
  data: ProgrammeData;
}

/** Every field of a session, in a drawer beside the table; warns about clashes at the location before saving. */
export function SessionDrawer({ event, session, opened, onClose, data }: SessionDrawerProps) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={session ? t('programme.form.editTitle') : t('programme.form.newTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? (
        <SessionForm key={session?.id ?? 'new'} event={event} session={session} onDone={onClose} data={data} />
      ) : null}
    </Drawer>
  );
}

function SessionForm({
  event,
  session,
  onDone,
  data,
}: {
  event: Event;
  session: Session | null;
  onDone: () => void;
  data: ProgrammeData;
}) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const zone = event.timezone;
  const form = useForm(session ? sessionValues(session, zone) : newSessionValues(event));
  const create = useCreateSession(org.id, event.id);
  const update = useUpdateSession(org.id, event.id);
  const [formError, setFormError] = useState<string | null>(null);
  const v = form.values;
  const clashes = conflictsOf(
    {
      id: session?.id ?? '',
      startsAt: v.startsAt ? zonedToIso(v.startsAt, zone) : null,
      endsAt: v.endsAt ? zonedToIso(v.endsAt, zone) : null,
      locationId: v.locationId || null,
    },
    data.sessions,
  );
  const locationName = data.locations.find((l) => l.id === v.locationId)?.name ?? '';
  const capacityField = form.field('capacity');
  const instant = (local: string) => {
    const iso = local ? zonedToIso(local, zone) : null;
    return iso ? t('events.fields.instantHint', { iso }) : t('programme.form.timeHint', { zone });
  };

  const submit = form.onSubmit(
    (values) => validateSession(values, event, t),
    (values) => {
      setFormError(null);
      const body = sessionBody(values, zone);
      const onError = (error: unknown) => {
        const { fields, form: message } = problem.fields(error, { fields: SESSION_FIELDS });
        form.setErrors(sessionFieldMessages(fields, t));
        setFormError(message);
      };
      if (session) update.mutate({ id: session.id, ...body }, { onSuccess: onDone, onError });
      else create.mutate(body, { onSuccess: onDone, onError });
    },
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate aria-label={t('programme.form.label')}>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput label={t('programme.fields.title')} required data-autofocus {...form.field('title')} />
        <SimpleGrid cols={2}>
          <NativeSelect
            label={t('programme.fields.kind')}
            data={SESSION_KINDS.map((k) => ({ value: k, label: t(`programme.kinds.${k}`) }))}
            {...form.field('kind')}
          />
          <NativeSelect
            label={t('programme.fields.location')}
            data={[
              { value: '', label: t('programme.noLocation') },
              ...data.locations.map((l) => ({ value: l.id, label: l.name })),
            ]}
            {...form.field('locationId')}
          />
        </SimpleGrid>
        <SimpleGrid cols={2}>
          <TextInput
            type="datetime-local"
            label={t('programme.fields.startsAt')}
            description={instant(v.startsAt)}
            {...form.field('startsAt')}
          />
          <TextInput
            type="datetime-local"
            label={t('programme.fields.endsAt')}
            description={instant(v.endsAt)}
            {...form.field('endsAt')}
          />
        </SimpleGrid>
        <ConflictWarning ids={clashes} sessions={data.sessions} locationName={locationName} />
        <Checkbox
          label={t('programme.fields.isScheduled')}
          description={t('programme.fields.isScheduledHint')}
          checked={v.isScheduled === 'true'}
          error={form.errors.isScheduled}
          onChange={(e) => form.setValue('isScheduled', String(e.currentTarget.checked))}
        />
        <MultiSelect
          label={t('programme.fields.people')}
          placeholder={data.people.length ? t('programme.form.pick') : t('programme.form.noPeople')}
          data={data.people.map((p) => ({ value: p.id, label: p.name }))}
          value={idList(v.personIds)}
          onChange={(ids) => form.setValue('personIds', ids.join(','))}
          error={form.errors.personIds}
          searchable
          clearable
          hidePickedOptions
        />
        <MultiSelect
          label={t('programme.fields.tags')}
          placeholder={data.tags.length ? t('programme.form.pick') : t('programme.form.noTags')}
          data={data.tags.map((tag) => ({ value: tag.id, label: tag.name }))}
          value={idList(v.tagIds)}
          onChange={(ids) => form.setValue('tagIds', ids.join(','))}
          error={form.errors.tagIds}
          searchable
          clearable
          hidePickedOptions
        />
        <Textarea
          label={t('programme.fields.description')}
          description={t('events.fields.descriptionHint')}
          autosize
          minRows={4}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          {...form.field('description')}
        />
        <NumberInput
          label={t('programme.fields.capacity')}
          description={t('programme.fields.capacityHint')}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          name="capacity"
          value={capacityField.value}
          error={capacityField.error}
          onChange={(value) => form.setValue('capacity', value === '' ? '' : String(value))}
        />
        <TextInput
          type="url"
          label={t('programme.fields.streamUrl')}
          placeholder="https://"
          {...form.field('streamUrl')}
        />
        <TextInput
          type="url"
          label={t('programme.fields.meetingUrl')}
          placeholder="https://"
          {...form.field('meetingUrl')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {session ? t('programme.form.save') : t('programme.form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
