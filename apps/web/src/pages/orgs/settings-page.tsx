import { Button, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateOrganization } from '../../api/org-queries.ts';
import { usePageTitle } from '../../components/use-page-title.ts';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { useOrg } from './org-context.ts';

export function OrgSettingsPage() {
  const { t } = useTranslation();
  const { org } = useOrg();
  usePageTitle(`${t('orgs.nav.settings')} · ${org.name}`);
  const problem = useProblem();
  const validators = makeValidators(t);
  const update = useUpdateOrganization(org.id);
  const form = useForm({ name: org.name, slug: org.slug });
  const [formError, setFormError] = useState<string | null>(null);

  const submit = form.onSubmit(
    (v) => ({ name: validators.required(v.name), slug: validators.slug(v.slug) }),
    (v) => {
      setFormError(null);
      update.mutate(
        { name: v.name.trim(), slug: v.slug },
        {
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, {
              fields: ['name', 'slug'],
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
    <Paper withBorder p="lg" component="section" aria-labelledby="org-settings-heading">
      <Title order={2} size="h3" id="org-settings-heading" mb="md">
        {t('orgs.settings.title')}
      </Title>
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          <FormAlert message={formError} />
          <TextInput label={t('orgs.fields.name')} required {...form.field('name')} />
          <TextInput
            label={t('orgs.fields.slug')}
            description={t('orgs.fields.slugHint')}
            required
            autoCapitalize="none"
            spellCheck={false}
            {...form.field('slug')}
          />
          <Group gap="md">
            <Button type="submit" loading={update.isPending}>
              {t('orgs.settings.save')}
            </Button>
            <SavedNote show={update.isSuccess} message={t('orgs.settings.saved')} />
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
