import { Button, Container, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateOrganization } from '../../api/org-queries.ts';
import { useCurrentOrgId } from '../../auth/current-org.ts';
import { usePageTitle } from '../../components/use-page-title.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { slugify } from './slug.ts';

export function NewOrgPage() {
  const { t } = useTranslation();
  usePageTitle(t('orgs.new.title'));
  const navigate = useNavigate();
  const problem = useProblem();
  const validators = makeValidators(t);
  const [, setCurrentOrgId] = useCurrentOrgId();
  const create = useCreateOrganization();
  const form = useForm({ name: '', slug: '' });
  // The slug follows the name until someone edits it by hand.
  const [slugEdited, setSlugEdited] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = form.onSubmit(
    (v) => ({ name: validators.required(v.name), slug: validators.slug(v.slug) }),
    (v) => {
      setFormError(null);
      create.mutate(
        { name: v.name.trim(), slug: v.slug },
        {
          onSuccess: (org) => {
            setCurrentOrgId(org.id);
            navigate(`/orgs/${org.id}/members`);
          },
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

  const nameField = form.field('name');
  const slugField = form.field('slug');
  return (
    <Container size={560} py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('orgs.new.title')}</Title>
          <Text c="dimmed">{t('orgs.new.lead')}</Text>
        </Stack>
        <Paper withBorder p="lg">
          <form ref={form.formRef} onSubmit={submit} noValidate>
            <Stack gap="md">
              <FormAlert message={formError} />
              <TextInput
                label={t('orgs.fields.name')}
                required
                autoComplete="organization"
                {...nameField}
                onChange={(event) => {
                  nameField.onChange(event);
                  if (!slugEdited) form.setValue('slug', slugify(event.currentTarget.value));
                }}
              />
              <TextInput
                label={t('orgs.fields.slug')}
                description={t('orgs.fields.slugHint')}
                required
                autoCapitalize="none"
                spellCheck={false}
                {...slugField}
                onChange={(event) => {
                  setSlugEdited(true);
                  slugField.onChange(event);
                }}
              />
              <Button type="submit" loading={create.isPending} style={{ alignSelf: 'flex-start' }}>
                {t('orgs.new.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}
