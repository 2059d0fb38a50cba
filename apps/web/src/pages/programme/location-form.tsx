import type { CreateLocationBody, Location } from '@foyer/contracts';
import { Button, Checkbox, Group, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useSaveLocation } from '../../api/programme-queries.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { type FieldErrors, useForm } from '../../forms/use-form.ts';
import { draftsOf, type LinkDraft, LinksEditor, linkErrors, linksBody } from './links-editor.tsx';

interface LocationValues extends Record<string, string> {
  name: string;
  description: string;
  accessible: string;
  openAir: string;
  street: string;
  streetAddition: string;
  zip: string;
  town: string;
  country: string;
  lat: string;
  lon: string;
  placeDescription: string;
}

const LOCATION_FIELDS = Object.keys(values(null));

function values(location: Location | null): LocationValues {
  const place = location?.place;
  const text = (value: string | null | undefined) => value ?? '';
  return {
    name: text(location?.name),
    description: text(location?.description),
    accessible: String(location?.accessible ?? false),
    openAir: String(location?.openAir ?? false),
    street: text(place?.street),
    streetAddition: text(place?.streetAddition),
    zip: text(place?.zip),
    town: text(place?.town),
    country: text(place?.country),
    lat: place?.lat == null ? '' : String(place.lat),
    lon: place?.lon == null ? '' : String(place.lon),
    placeDescription: text(place?.description),
  };
}

function validate(v: LocationValues, t: TFunction): FieldErrors<LocationValues> {
  const coordinate = (value: string, limit: number) => {
    if (!value.trim()) return undefined;
    const n = Number(value.replace(',', '.'));
    return Number.isFinite(n) && Math.abs(n) <= limit ? undefined : t('locations.validation.coordinate', { limit });
  };
  return {
    name: v.name.trim() ? undefined : t('validation.required'),
    country:
      !v.country.trim() || /^[A-Za-z]{2}$/.test(v.country.trim()) ? undefined : t('locations.validation.country'),
    lat: coordinate(v.lat, 90),
    lon: coordinate(v.lon, 180),
  };
}

function body(v: LocationValues): z.input<typeof CreateLocationBody> {
  const text = (value: string) => value.trim() || null;
  const number = (value: string) => (value.trim() ? Number(value.replace(',', '.')) : null);
  return {
    name: v.name.trim(),
    description: v.description,
    accessible: v.accessible === 'true',
    openAir: v.openAir === 'true',
    place: {
      street: text(v.street),
      streetAddition: text(v.streetAddition),
      zip: text(v.zip),
      town: text(v.town),
      country: text(v.country.toUpperCase()),
      lat: number(v.lat),
      lon: number(v.lon),
      description: text(v.placeDescription),
    },
  };
}

/** Create or edit a location with its place (address, coordinates) and links. */
export function LocationForm({
  orgId,
  location,
  onDone,
}: {
  orgId: string;
  location: Location | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const problem = useProblem();
  const save = useSaveLocation(orgId);
  const form = useForm(values(location));
  const [links, setLinks] = useState<LinkDraft[]>(location ? draftsOf(location.links) : []);
  const [linkProblems, setLinkProblems] = useState<Record<number, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const check = (name: 'accessible' | 'openAir') => ({
    checked: form.values[name] === 'true',
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => form.setValue(name, String(e.currentTarget.checked)),
  });

  const submit = form.onSubmit(
    (v) => validate(v, t),
    (v) => {
      const bad = linkErrors(links, t);
      setLinkProblems(bad);
      if (Object.keys(bad).length > 0) return;
      setFormError(null);
      save.mutate(
        { ...(location ? { id: location.id } : {}), ...body(v), links: linksBody(links) },
        {
          onSuccess: onDone,
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, {
              fields: LOCATION_FIELDS,
              // Place fields arrive as `body.place.town`; the place's own description is renamed here.
              rename: Object.fromEntries(
                ['street', 'streetAddition', 'zip', 'town', 'country', 'lat', 'lon'].map((f) => [`place.${f}`, f]),
              ),
            });
            form.setErrors(
              fields.name && /taken/i.test(fields.name) ? { ...fields, name: t('locations.nameTaken') } : fields,
            );
            setFormError(message);
          },
        },
      );
    },
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate aria-label={t('locations.formLabel')}>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput label={t('locations.fields.name')} required data-autofocus {...form.field('name')} />
        <Textarea label={t('locations.fields.description')} autosize minRows={1} {...form.field('description')} />
        <Group gap="xl">
          <Checkbox label={t('locations.fields.accessible')} {...check('accessible')} />
          <Checkbox label={t('locations.fields.openAir')} {...check('openAir')} />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('locations.fields.street')} {...form.field('street')} />
          <TextInput label={t('locations.fields.streetAddition')} {...form.field('streetAddition')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          <TextInput label={t('locations.fields.zip')} {...form.field('zip')} />
          <TextInput label={t('locations.fields.town')} {...form.field('town')} />
          <TextInput
            label={t('locations.fields.country')}
            placeholder="DE"
            title={t('locations.fields.countryHint')}
            maxLength={2}
            {...form.field('country')}
          />
          <TextInput label={t('locations.fields.lat')} inputMode="decimal" {...form.field('lat')} />
          <TextInput label={t('locations.fields.lon')} inputMode="decimal" {...form.field('lon')} />
        </SimpleGrid>
        <Textarea
          label={t('locations.fields.placeDescription')}
          description={t('locations.fields.placeDescriptionHint')}
          autosize
          minRows={1}
          {...form.field('placeDescription')}
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
            {location ? t('locations.save') : t('locations.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
