import type { User } from '@foyer/contracts';
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useChangePassword } from '../../api/account-queries.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';

const EMPTY = { currentPassword: '', newPassword: '', confirm: '' };

export function PasswordCard({ user }: { user: User }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const validators = makeValidators(t);
  const change = useChangePassword();
  const form = useForm(EMPTY);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = form.onSubmit(
    (v) => ({
      currentPassword: validators.required(v.currentPassword),
      newPassword: validators.newPassword(v.newPassword),
      confirm: validators.sameAs(v.confirm, v.newPassword),
    }),
    (v) => {
      setFormError(null);
      change.mutate(
        { currentPassword: v.currentPassword, newPassword: v.newPassword },
        {
          onSuccess: () => form.setValues(EMPTY),
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, {
              fields: ['currentPassword', 'newPassword'],
              // Here a wrong password can only be the current one.
              codes: { INVALID_CREDENTIALS: 'currentPassword', WEAK_PASSWORD: 'newPassword' },
              rename: { password: 'newPassword' },
            });
            form.setErrors(fields);
            setFormError(message);
          },
        },
      );
    },
  );

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="account-password">
      <Title order={2} size="h3" id="account-password" mb="xs">
        {t('account.password.title')}
      </Title>
      {!user.hasPassword ? (
        <Text size="sm">
          {t('account.password.none')}{' '}
          <Anchor component={Link} to="/forgot-password">
            {t('account.password.setOne')}
          </Anchor>
        </Text>
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate>
          <Stack gap="md" maw={420}>
            <Text size="sm" c="dimmed">
              {t('account.password.lead')}
            </Text>
            <FormAlert message={formError} />
            <PasswordField
              label={t('auth.fields.currentPassword')}
              autoComplete="current-password"
              required
              {...form.field('currentPassword')}
            />
            <PasswordField
              label={t('auth.fields.newPassword')}
              description={t('auth.passwordHint')}
              autoComplete="new-password"
              required
              {...form.field('newPassword')}
            />
            <PasswordField
              label={t('auth.fields.confirmPassword')}
              autoComplete="new-password"
              required
              {...form.field('confirm')}
            />
            <Group gap="md">
              <Button type="submit" loading={change.isPending}>
                {t('account.password.submit')}
              </Button>
              <SavedNote show={change.isSuccess} message={t('account.password.changed')} />
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
