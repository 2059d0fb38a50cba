import { Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { FormAlert, FormNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { AuthCard } from './auth-card.tsx';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const validators = makeValidators(t);
  const form = useForm({ email: '' });
  const request = useMutation({ mutationFn: api.auth.requestPasswordReset });

  const submit = form.onSubmit(
    (v) => ({ email: validators.email(v.email) }),
    (v) => request.mutate(v.email.trim()),
  );

  return (
    <AuthCard
      title={t('auth.forgot.title')}
      lead={t('auth.forgot.lead')}
      footer={
        <Anchor component={Link} to="/login">
          {t('auth.forgot.back')}
        </Anchor>
      }
    >
      {request.isSuccess ? (
        // The same answer whether or not the account exists, as the server gives.
        <FormNote message={t('auth.forgot.sent', { email: request.variables })} />
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormAlert message={request.isError ? problem.text(request.error) : null} />
            <TextInput
              label={t('auth.fields.email')}
              type="email"
              autoComplete="email"
              required
              {...form.field('email')}
            />
            <Button type="submit" loading={request.isPending} fullWidth>
              {t('auth.forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
