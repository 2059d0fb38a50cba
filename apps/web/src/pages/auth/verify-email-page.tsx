import { Button, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { accountKeys } from '../../api/query-keys.ts';
import { ResendVerificationButton } from '../../app/resend-verification-button.tsx';
import { useAuth } from '../../auth/auth-context.tsx';
import { QueryLoading } from '../../components/query-state.tsx';
import { FormAlert, FormNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { AuthCard } from './auth-card.tsx';

/** Landing page of the emailed link `/verify-email?token=…`: confirms at once, no click needed. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const token = useSearchParams()[0].get('token') ?? '';
  const auth = useAuth();
  const queryClient = useQueryClient();
  const problem = useProblem();
  const verify = useMutation({
    mutationFn: api.auth.verifyEmail,
    onSuccess: (user) => {
      // Only update the cache when the confirmed account is the one signed in here.
      if (auth.user?.id === user.id) queryClient.setQueryData(accountKeys.me, user);
    },
  });
  // The token is single use: send it once even if React runs the effect twice.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    verify.mutate(token);
  }, [token, verify]);

  const continueButton = (
    <Button component={Link} to={auth.status === 'signedIn' ? '/' : '/login'}>
      {auth.status === 'signedIn' ? t('auth.verify.continue') : t('auth.login.link')}
    </Button>
  );

  return (
    <AuthCard title={t('auth.verify.title')}>
      {!token ? (
        <FormAlert message={t('auth.verify.missingToken')} />
      ) : verify.isSuccess ? (
        <Stack gap="md" align="flex-start">
          <FormNote message={t('auth.verify.done', { email: verify.data.email })} />
          {continueButton}
        </Stack>
      ) : verify.isError ? (
        <Stack gap="md" align="flex-start">
          <FormAlert message={problem.text(verify.error)} />
          {auth.user && !auth.user.emailVerified ? <ResendVerificationButton /> : null}
        </Stack>
      ) : (
        <QueryLoading label={t('auth.verify.checking')} />
      )}
    </AuthCard>
  );
}
