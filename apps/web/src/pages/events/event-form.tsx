import type { CreateEventBody, Event } from '@foyer/contracts';
import { Group, NativeSelect, NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { FieldErrors, useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { slugify } from '../orgs/slug.ts';
import { FORMATS, KINDS, VISIBILITIES } from './event-labels.ts';
import { browserTimeZone, timeZones, utcToZoned, zonedToIso, zonedToUtc } from './zoned-time.ts';

export interface EventFormValues extends Record<string, string> {
  name: string;
  slug: string;
  kind: string;
  format: string;
  timezone: string;
  startsAt: string;
  endsAt: string;
  summary: string;
  description: string;
  priceText: string;
  visibility: string;
  capacity: string;
}

/** Form fields whose server errors (`body.<field>`) show next to the field. */
export const EVENT_FIELDS = [
  'name',
  'slug',
  'kind',
  'format',
  'timezone',
  'startsAt',
  'endsAt',
  'summary',
  'description',
  'priceText',
  'visibility',
  'capacity',
] as const;

export function emptyEventValues(): EventFormValues {
  return {
    name: '',
    slug: '',
    kind: 'conference',
    format: 'in_person',
    timezone: browserTimeZone(),
    startsAt: '',
    endsAt: '',
    summary: '',
    description: '',
    priceText: '',
    visibility: 'public',
    capacity: '',
  };
}

/** An event's values as the form edits them: dates as wall-clock time in the event's zone. */
export function eventValues(event: Event): EventFormValues {
  return {
    name: event.name,
    slug: event.slug,
    kind: event.kind,
    format: event.format,
    timezone: event.timezone,
    startsAt: utcToZoned(event.startsAt, event.timezone),
    endsAt: utcToZoned(event.endsAt, event.timezone),
    summary: event.summary,
    description: event.description,
    priceText: event.priceText ?? '',
    visibility: event.visibility,
    capacity: event.capacity === null ? '' : String(event.capacity),
  };
}

export function validateEvent(values: EventFormValues, t: TFunction): FieldErrors<EventFormValues> {
  const v = makeValidators(t);
  const starts = zonedToUtc(values.startsAt, values.timezone);
  const ends = zonedToUtc(values.endsAt, values.timezone);
  const capacity = values.capacity.trim();
  return {
    name: v.required(values.name),
    slug: v.slug(values.slug),
    startsAt: !values.startsAt ? t('validation.required') : starts ? undefined : t('events.validation.dateTime'),
    endsAt: !values.endsAt
      ? t('validation.required')
      : !ends
        ? t('events.validation.dateTime')
        : starts && ends.getTime() <= starts.getTime()
          ? t('events.validation.endsBeforeStart')
          : undefined,
    capacity:
      capacity && !(Number.isInteger(Number(capacity)) && Number(capacity) > 0)
        ? t('events.validation.capacity')
        : undefined,
  };
}

/** The request body for the values (already validated). */
export function eventBody(values: EventFormValues): z.input<typeof CreateEventBody> {
  return {
    name: values.name.trim(),
    slug: values.slug,
    kind: values.kind as Event['kind'],
    format: values.format as Event['format'],
    timezone: values.timezone,
    startsAt: zonedToIso(values.startsAt, values.timezone) ?? values.startsAt,
    endsAt: zonedToIso(values.endsAt, values.timezone) ?? values.endsAt,
    summary: values.summary.trim(),
    description: values.description,
    priceText: values.priceText.trim() || null,
    visibility: values.visibility as Event['visibility'],
    capacity: values.capacity.trim() ? Number(values.capacity) : null,
  };
}

/** Maps server `endsAt` messages such as "must be after startsAt" to our wording. */
export function eventFieldMessages(fields: Record<string, string>, t: TFunction): Record<string, string> {
  return fields.endsAt && /after/i.test(fields.endsAt)
    ? { ...fields, endsAt: t('events.validation.endsBeforeStart') }
    : fields;
}

interface EventFieldsProps {
  form: ReturnType<typeof useForm<EventFormValues>>;
  /** New events: the slug follows the name until edited by hand. */
  autoSlug?: boolean;
  readOnly?: boolean;
}

/** The fields of the create and edit forms. */
export function EventFields({ form, autoSlug = false, readOnly = false }: EventFieldsProps) {
  const { t } = useTranslation();
  const [slugEdited, setSlugEdited] = useState(!autoSlug);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(form.values.timezone) ? all : [form.values.timezone, ...all];
  }, [form.values.timezone]);
  const nameField = form.field('name');
  const slugField = form.field('slug');
  const capacityField = form.field('capacity');
  const instant = (local: string) => {
    const iso = zonedToIso(local, form.values.timezone);
    return iso ? t('events.fields.instantHint', { iso }) : t('events.fields.localHint');
  };

  return (
    <Stack gap="md">
      <TextInput
        label={t('events.fields.name')}
        required
        readOnly={readOnly}
        {...nameField}
        onChange={(event) => {
          nameField.onChange(event);
          if (!slugEdited) form.setValue('slug', slugify(event.currentTarget.value));
        }}
      />
      <TextInput
        label={t('events.fields.slug')}
        description={t('events.fields.slugHint')}
        required
        readOnly={readOnly}
        autoCapitalize="none"
        spellCheck={false}
        {...slugField}
        onChange={(event) => {
          setSlugEdited(true);
          slugField.onChange(event);
        }}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t('events.fields.kind')}
          disabled={readOnly}
          data={KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`) }))}
          {...form.field('kind')}
        />
        <NativeSelect
          label={t('events.fields.format')}
          disabled={readOnly}
          data={FORMATS.map((f) => ({ value: f, label: t(`events.formats.${f}`) }))}
          {...form.field('format')}
        />
        <NativeSelect
          label={t('events.fields.visibility')}
          disabled={readOnly}
          data={VISIBILITIES.map((v) => ({ value: v, label: t(`events.visibilities.${v}`) }))}
          {...form.field('visibility')}
        />
      </SimpleGrid>
      <NativeSelect
        label={t('events.fields.timezone')}
        description={t('events.fields.timezoneHint')}
        disabled={readOnly}
        data={zones}
        {...form.field('timezone')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          type="datetime-local"
          label={t('events.fields.startsAt')}
          description={instant(form.values.startsAt)}
          required
          readOnly={readOnly}
          {...form.field('startsAt')}
        />
        <TextInput
          type="datetime-local"
          label={t('events.fields.endsAt')}
          description={instant(form.values.endsAt)}
          required
          readOnly={readOnly}
          {...form.field('endsAt')}
        />
      </SimpleGrid>
      <Textarea
        label={t('events.fields.summary')}
        autosize
        minRows={2}
        maxLength={500}
        readOnly={readOnly}
        {...form.field('summary')}
      />
      <Textarea
        label={t('events.fields.description')}
        description={t('events.fields.descriptionHint')}
        autosize
        minRows={5}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        readOnly={readOnly}
        {...form.field('description')}
      />
      <Group grow align="flex-start">
        <TextInput
          label={t('events.fields.priceText')}
          description={t('events.fields.priceTextHint')}
          readOnly={readOnly}
          {...form.field('priceText')}
        />
        <NumberInput
          label={t('events.fields.capacity')}
          description={t('events.fields.capacityHint')}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          readOnly={readOnly}
          name="capacity"
          value={capacityField.value}
          error={capacityField.error}
          onChange={(value) => form.setValue('capacity', value === '' ? '' : String(value))}
        />
      </Group>
    </Stack>
  );
}
