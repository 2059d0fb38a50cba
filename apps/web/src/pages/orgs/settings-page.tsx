import { FoyerApiError } from '@foyer/client';
import { Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateOrganization } from '../../api/org-queries.ts';
import { usePageTitle } from '../../components/use-page-title.ts';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { useOrg } from './org-context.ts';

/** Whether members must sign in with a second factor; saved as soon as it is switched. */
function SecondFactorSetting() {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const update = useUpdateOrganization(org.id);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="org-security-heading">
      <Title order={2} size="h3" id="org-security-heading" mb="xs">
        {t('orgs.settings.securityTitle')}
      </Title>
      <Stack gap="sm" maw={560}>
        <Text size="sm" c="dimmed">
          {t('orgs.settings.secondFactorLead')}
        </Text>
        <FormAlert
          message={
            update.error instanceof FoyerApiError && update.error.code === 'SECOND_FACTOR_REQUIRED'
              ? t('orgs.settings.secondFactorFirst')
              : update.isError
                ? problem.text(update.error)
                : null
          }
        />
        <Switch
          checked={org.requireSecondFactor}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ requireSecondFactor: e.currentTarget.checked })}
          label={t('orgs.settings.requireSecondFactor')}
          description={t('orgs.settings.requireSecondFactorHelp')}
        />
        <SavedNote show={update.isSuccess} message={t('orgs.settings.saved')} />
      </Stack>
    </Paper>
  );
}

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
    <Stack gap="lg">
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
      <SecondFactorSetting />
    </Stack>
  );
}
