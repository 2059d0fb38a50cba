import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateEvent } from '../../api/event-queries.ts';
import { usePageTitle } from '../../components/use-page-title.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { useOrg } from '../orgs/org-context.ts';
import {
  EVENT_FIELDS,
  EventFields,
  emptyEventValues,
  eventBody,
  eventFieldMessages,
  validateEvent,
} from './event-form.tsx';

export function NewEventPage() {
  const { t } = useTranslation();
  const { org } = useOrg();
  usePageTitle(`${t('events.new.title')} · ${org.name}`);
  const navigate = useNavigate();
  const problem = useProblem();
  const create = useCreateEvent(org.id);
  const form = useForm(emptyEventValues());
  const [formError, setFormError] = useState<string | null>(null);

  const submit = form.onSubmit(
    (v) => validateEvent(v, t),
    (v) => {
      setFormError(null);
      create.mutate(eventBody(v), {
        onSuccess: (event) => navigate(`/orgs/${org.id}/events/${event.id}`),
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
    <Paper withBorder p="lg" component="section" aria-labelledby="new-event-heading">
      <Stack gap={4} mb="md">
        <Title order={2} size="h3" id="new-event-heading">
          {t('events.new.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('events.new.lead')}
        </Text>
      </Stack>
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack gap="md" maw={720}>
          <FormAlert message={formError} />
          <EventFields form={form} autoSlug />
          <Button type="submit" loading={create.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('events.new.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
