import { Anchor, Button, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useLeave } from '../../auth/auth-context.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { AuthCard } from './auth-card.tsx';
import type { LoginNotice } from './login-page.tsx';

/** Landing page of the emailed link `/reset-password?token=…`. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useSearchParams()[0].get('token') ?? '';
  const leave = useLeave();
  const problem = useProblem();
  const validators = makeValidators(t);
  const form = useForm({ password: '', confirm: '' });
  const [formError, setFormError] = useState<string | null>(null);

  const reset = useMutation({
    mutationFn: api.auth.confirmPasswordReset,
    onSuccess: () => {
      // The server signed out every session of the account, this browser's included.
      leave('/login', { notice: 'passwordReset' } satisfies LoginNotice);
    },
    onError: (error) => {
      const { fields, form: message } = problem.fields(error, {
        fields: ['password'],
        codes: { WEAK_PASSWORD: 'password' },
      });
      form.setErrors(fields);
      setFormError(message);
    },
  });

  const submit = form.onSubmit(
    (v) => ({ password: validators.newPassword(v.password), confirm: validators.sameAs(v.confirm, v.password) }),
    (v) => {
      setFormError(null);
      reset.mutate({ token, password: v.password });
    },
  );

  return (
    <AuthCard title={t('auth.reset.title')} lead={token ? t('auth.reset.lead') : undefined}>
      {!token ? (
        <Stack gap="md" align="flex-start">
          <FormAlert message={t('auth.reset.missingToken')} />
          <Anchor component={Link} to="/forgot-password">
            {t('auth.reset.again')}
          </Anchor>
        </Stack>
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormAlert message={formError} />
            <PasswordField
              label={t('auth.fields.newPassword')}
              description={t('auth.passwordHint')}
              autoComplete="new-password"
              required
              {...form.field('password')}
            />
            <PasswordField
              label={t('auth.fields.confirmPassword')}
              autoComplete="new-password"
              required
              {...form.field('confirm')}
            />
            <Button type="submit" loading={reset.isPending} fullWidth>
              {t('auth.reset.submit')}
            </Button>
            {formError ? (
              <Anchor component={Link} to="/forgot-password" size="sm">
                {t('auth.reset.again')}
              </Anchor>
            ) : null}
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
