import type { SignInAnswer } from '@foyer/contracts';
import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { FormAlert, FormNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';

/** Passwordless sign-in in two steps: ask for a code by email, then type it in. */
export function CodeLoginForm({ onSignedIn }: { onSignedIn: (answer: SignInAnswer) => void }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const validators = makeValidators(t);
  const form = useForm({ email: '', code: '' });
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  // Step two replaces the form; put the focus where the person types next.
  useEffect(() => {
    if (sentTo) codeInput.current?.focus();
  }, [sentTo]);

  const request = useMutation({
    mutationFn: api.auth.requestMagicCode,
    onSuccess: (_answer, email) => {
      setSentTo(email);
      form.setValue('code', '');
    },
    onError: (error) => setFormError(problem.text(error)),
  });
  const verify = useMutation({
    mutationFn: api.auth.verifyMagicCode,
    onSuccess: onSignedIn,
    onError: (error) => {
      const { fields, form: message } = problem.fields(error, { fields: ['code'], codes: { INVALID_CODE: 'code' } });
      form.setErrors(fields);
      setFormError(message);
    },
  });

  if (!sentTo) {
    const submit = form.onSubmit(
      (v) => ({ email: validators.email(v.email) }),
      (v) => {
        setFormError(null);
        request.mutate(v.email.trim());
      },
    );
    return (
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('auth.code.intro')}</Text>
          <FormAlert message={formError} />
          <TextInput
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            required
            {...form.field('email')}
          />
          <Button type="submit" loading={request.isPending} fullWidth>
            {t('auth.code.send')}
          </Button>
        </Stack>
      </form>
    );
  }

  const submit = form.onSubmit(
    (v) => ({ code: validators.code(v.code) }),
    (v) => {
      setFormError(null);
      verify.mutate({ email: sentTo, code: v.code.trim() });
    },
  );
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormNote message={t('auth.code.sent', { email: sentTo })} />
        <FormAlert message={formError} />
        <TextInput
          label={t('auth.fields.code')}
          description={t('auth.code.hint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          ref={codeInput}
          styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
          {...form.field('code')}
        />
        <Button type="submit" loading={verify.isPending} fullWidth>
          {t('auth.code.submit')}
        </Button>
        <Stack gap={4} align="center">
          <Button variant="subtle" size="compact-sm" onClick={() => request.mutate(sentTo)} loading={request.isPending}>
            {t('auth.code.resend')}
          </Button>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => {
              setSentTo(null);
              setFormError(null);
            }}
          >
            {t('auth.code.otherEmail')}
          </Button>
        </Stack>
      </Stack>
    </form>
  );
}
