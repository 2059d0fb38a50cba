import type { Event } from '@foyer/contracts';
import { Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateEvent } from '../../api/event-queries.ts';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { useOrg } from '../orgs/org-context.ts';
import { DeleteEventSection } from './delete-event-section.tsx';
import { EventCoverPicker } from './event-cover-picker.tsx';
import { EVENT_FIELDS, EventFields, eventBody, eventFieldMessages, eventValues, validateEvent } from './event-form.tsx';

/** The event's fields: an edit form for those who run it, read-only for everyone else. */
export function EventOverviewTab({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const update = useUpdateEvent(org.id, event.id);
  const form = useForm(eventValues(event));
  const [formError, setFormError] = useState<string | null>(null);

  const submit = form.onSubmit(
    (v) => validateEvent(v, t),
    (v) => {
      setFormError(null);
      update.mutate(eventBody(v), {
        onSuccess: (saved) => form.setValues(eventValues(saved)),
        onError: (error) => {
          const { fields, form: message } = problem.fields(error, {
            fields: EVENT_FIELDS,
            codes: { SLUG_TAKEN: 'slug' },
          });
          form.setErrors(eventFieldMessages(fields, t));
          setFormError(message);
        },
      });
    },
  );

  return (
    <Stack gap="xl">
      <form ref={form.formRef} onSubmit={submit} noValidate aria-label={t('events.detail.tabs.overview')}>
        <Stack gap="md" maw={720}>
          <FormAlert message={formError} />
          <EventFields form={form} readOnly={!canManage} />
          {canManage ? (
            <Group gap="md">
              <Button type="submit" loading={update.isPending}>
                {t('events.detail.save')}
              </Button>
              <SavedNote show={update.isSuccess} message={t('events.detail.saved')} />
            </Group>
          ) : null}
        </Stack>
      </form>
      <EventCoverPicker orgId={org.id} eventId={event.id} canManage={canManage} />
      {canManage ? <DeleteEventSection event={event} /> : null}
    </Stack>
  );
}
