import type { SignInAnswer } from '@foyer/contracts';
import { Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';

export function PasswordLoginForm({ onSignedIn }: { onSignedIn: (answer: SignInAnswer) => void }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const validators = makeValidators(t);
  const form = useForm({ email: '', password: '' });
  const [formError, setFormError] = useState<string | null>(null);

  const login = useMutation({
    mutationFn: api.auth.login,
    onSuccess: onSignedIn,
    // Wrong email and wrong password are one answer on purpose, so it belongs to the form, not a field.
    onError: (error) => {
      const { fields, form: message } = problem.fields(error, { fields: ['email', 'password'] });
      form.setErrors(fields);
      setFormError(message);
    },
  });

  const submit = form.onSubmit(
    (v) => ({ email: validators.email(v.email), password: validators.required(v.password) }),
    (v) => {
      setFormError(null);
      login.mutate({ email: v.email.trim(), password: v.password });
    },
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput
          label={t('auth.fields.email')}
          type="email"
          autoComplete="username"
          required
          {...form.field('email')}
        />
        <Stack gap={4}>
          <PasswordField
            label={t('auth.fields.password')}
            autoComplete="current-password"
            required
            {...form.field('password')}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('auth.login.forgot')}
            </Anchor>
          </Group>
        </Stack>
        <Button type="submit" loading={login.isPending} fullWidth>
          {t('auth.login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
