import type { TokenPair } from '@foyer/contracts';
import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';

/** The second step of signing in: the authenticator's code, or one of the recovery codes. */
export function SecondFactorForm({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: string;
  onSignedIn: (pair: TokenPair) => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const problem = useProblem();
  const validators = makeValidators(t);
  const form = useForm({ code: '' });
  const [formError, setFormError] = useState<string | null>(null);

  const complete = useMutation({
    mutationFn: api.auth.completeSecondFactor,
    onSuccess: onSignedIn,
    onError: (error) => {
      const { fields, form: message } = problem.fields(error, { fields: ['code'], codes: { INVALID_CODE: 'code' } });
      form.setErrors(fields);
      setFormError(message);
    },
  });

  const submit = form.onSubmit(
    (v) => ({ code: validators.required(v.code) }),
    (v) => {
      setFormError(null);
      complete.mutate({ challenge, code: v.code.trim() });
    },
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('auth.secondFactor.lead')}</Text>
        <FormAlert message={formError} />
        <TextInput
          label={t('auth.secondFactor.code')}
          description={t('auth.secondFactor.codeHint')}
          autoComplete="one-time-code"
          inputMode="text"
          required
          data-autofocus
          {...form.field('code')}
        />
        <Button type="submit" loading={complete.isPending} fullWidth>
          {t('auth.secondFactor.submit')}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onRestart}>
          {t('auth.secondFactor.restart')}
        </Anchor>
      </Stack>
    </form>
  );
}
