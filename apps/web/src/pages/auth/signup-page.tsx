import { FoyerApiError } from '@foyer/client';
import { Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { safeNext, withNext } from '../../auth/redirect.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { FormAlert, FormNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { chosenLanguage } from '../../i18n/i18n.ts';
import { AuthCard } from './auth-card.tsx';

export function SignupPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const next = safeNext(useSearchParams()[0].get('next'));
  const problem = useProblem();
  const validators = makeValidators(t);
  const form = useForm({ name: '', email: '', password: '' });
  const [formError, setFormError] = useState<string | null>(null);

  const [sentTo, setSentTo] = useState<string | null>(null);

  // Sign-up answers alike for a new address and one that has an account (whose owner is mailed instead),
  // so it cannot be used to find out who has one. A new account then signs in with the password just chosen.
  const signup = useMutation({
    mutationFn: async (body: { name: string; email: string; password: string; locale?: string }) => {
      await api.auth.signup(body);
      try {
        return await api.auth.login({ email: body.email, password: body.password });
      } catch (error) {
        if (error instanceof FoyerApiError && error.code === 'INVALID_CREDENTIALS') return null;
        throw error;
      }
    },
    onSuccess: (pair, body) => {
      // A challenge: the address had an account (with a second factor) and this was its password.
      if (!pair || 'challenge' in pair) {
        setSentTo(body.email);
        return;
      }
      auth.signIn(pair);
      navigate(next ?? '/', { replace: true });
    },
    onError: (error) => {
      const { fields, form: message } = problem.fields(error, {
        fields: ['name', 'email', 'password'],
        codes: { WEAK_PASSWORD: 'password' },
      });
      form.setErrors(fields);
      setFormError(message);
    },
  });

  if (auth.status === 'signedIn' && !signup.isPending && !signup.isSuccess)
    return <Navigate to={next ?? '/'} replace />;

  const submit = form.onSubmit(
    (v) => ({
      name: validators.required(v.name),
      email: validators.email(v.email),
      password: validators.newPassword(v.password),
    }),
    (v) => {
      setFormError(null);
      setSentTo(null);
      // Only a language picked on purpose becomes the account's; otherwise each browser keeps its own.
      const locale = chosenLanguage();
      signup.mutate({
        name: v.name.trim(),
        email: v.email.trim(),
        password: v.password,
        ...(locale ? { locale } : {}),
      });
    },
  );

  return (
    <AuthCard
      title={t('auth.signup.title')}
      lead={t('auth.signup.lead')}
      footer={
        <>
          {t('auth.signup.haveAccount')}{' '}
          <Anchor component={Link} to={withNext('/login', next)}>
            {t('auth.login.link')}
          </Anchor>
        </>
      }
    >
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormAlert message={formError} />
          <FormNote message={sentTo ? t('auth.signup.sent', { email: sentTo }) : null} />
          <TextInput label={t('auth.fields.name')} autoComplete="name" required {...form.field('name')} />
          <TextInput
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            required
            {...form.field('email')}
          />
          <PasswordField
            label={t('auth.fields.password')}
            description={t('auth.passwordHint')}
            autoComplete="new-password"
            required
            {...form.field('password')}
          />
          <Button type="submit" loading={signup.isPending} fullWidth>
            {t('auth.signup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
