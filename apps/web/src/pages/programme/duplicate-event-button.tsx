import type { Event } from '@foyer/contracts';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDuplicateEvent } from '../../api/programme-queries.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { utcToZoned, zonedToIso, zonedToUtc } from '../events/zoned-time.ts';
import { slugify } from '../orgs/slug.ts';

/** Copies the event as a new draft (new name, address and start) and opens the copy. */
export function DuplicateEventButton({ event }: { event: Event }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        {t('programme.duplicate.button')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('programme.duplicate.title', { name: event.name })}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {opened ? <DuplicateForm event={event} onClose={() => setOpened(false)} /> : null}
      </Modal>
    </>
  );
}

function DuplicateForm({ event, onClose }: { event: Event; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const problem = useProblem();
  const validators = makeValidators(t);
  const duplicate = useDuplicateEvent(event.organizationId, event.id);
  const name = t('programme.duplicate.copyName', { name: event.name });
  const form = useForm({
    name,
    slug: slugify(name).slice(0, 60),
    startsAt: utcToZoned(event.startsAt, event.timezone),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const iso = zonedToIso(form.values.startsAt, event.timezone);

  const submit = form.onSubmit(
    (v) => ({
      name: validators.required(v.name),
      slug: validators.slug(v.slug),
      startsAt: zonedToUtc(v.startsAt, event.timezone) ? undefined : t('events.validation.dateTime'),
    }),
    (v) => {
      setFormError(null);
      duplicate.mutate(
        { name: v.name.trim(), slug: v.slug, startsAt: zonedToIso(v.startsAt, event.timezone) ?? v.startsAt },
        {
          onSuccess: (copy) => {
            onClose();
            navigate(`/orgs/${copy.organizationId}/events/${copy.id}`);
          },
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, {
              fields: ['name', 'slug', 'startsAt'],
              codes: { SLUG_TAKEN: 'slug' },
            });
            form.setErrors(fields);
            setFormError(message);
          },
        },
      );
    },
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput label={t('events.fields.name')} required {...form.field('name')} />
        <TextInput
          label={t('events.fields.slug')}
          description={t('events.fields.slugHint')}
          required
          autoCapitalize="none"
          spellCheck={false}
          {...form.field('slug')}
        />
        <TextInput
          type="datetime-local"
          label={t('programme.duplicate.startsAt')}
          description={iso ? t('events.fields.instantHint', { iso }) : t('programme.duplicate.startsAtHint')}
          required
          {...form.field('startsAt')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={duplicate.isPending} data-autofocus>
            {t('programme.duplicate.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
