import type { User } from '@foyer/contracts';
import { Button, Group, NativeSelect, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateMe } from '../../api/account-queries.ts';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { isLanguage, LANGUAGES } from '../../i18n/detect-language.ts';
import { setLanguage } from '../../i18n/i18n.ts';

function timeZones(): string[] {
  // Every current browser lists them; the fallback keeps very old ones usable.
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
}

export function ProfileCard({ user }: { user: User }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const validators = makeValidators(t);
  const update = useUpdateMe();
  const form = useForm({ name: user.name, locale: user.locale ?? '', timezone: user.timezone ?? '' });
  const [formError, setFormError] = useState<string | null>(null);
  const zones = useMemo(timeZones, []);
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const submit = form.onSubmit(
    (v) => ({ name: validators.required(v.name) }),
    (v) => {
      setFormError(null);
      update.mutate(
        { name: v.name.trim(), locale: v.locale || null, timezone: v.timezone || null },
        {
          onSuccess: (saved) => {
            if (isLanguage(saved.locale)) setLanguage(saved.locale);
          },
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, { fields: ['name', 'locale', 'timezone'] });
            form.setErrors(fields);
            setFormError(message);
          },
        },
      );
    },
  );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="account-profile">
      <Title order={2} size="h3" id="account-profile" mb="md">
        {t('account.profile.title')}
      </Title>
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormAlert message={formError} />
          <TextInput label={t('auth.fields.name')} autoComplete="name" required maw={420} {...form.field('name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NativeSelect
              label={t('account.profile.language')}
              data={[
                { value: '', label: t('account.profile.languageDefault') },
                ...LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) })),
              ]}
              {...form.field('locale')}
            />
            <Select
              label={t('account.profile.timezone')}
              description={t('account.profile.timezoneHint', { zone: browserZone })}
              placeholder={t('account.profile.timezoneNone')}
              data={zones}
              searchable
              clearable
              nothingFoundMessage={t('account.profile.timezoneNotFound')}
              value={form.values.timezone || null}
              onChange={(value) => form.setValue('timezone', value ?? '')}
              error={form.errors.timezone}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <Group gap="md">
            <Button type="submit" loading={update.isPending}>
              {t('account.profile.save')}
            </Button>
            <SavedNote show={update.isSuccess} message={t('account.profile.saved')} />
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
