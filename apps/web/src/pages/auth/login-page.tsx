import type { SignInAnswer, TokenPair } from '@foyer/contracts';
import { Anchor, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../auth/auth-context.tsx';
import { safeNext, withNext } from '../../auth/redirect.ts';
import { FormNote } from '../../forms/form-alert.tsx';
import { AuthCard } from './auth-card.tsx';
import { CodeLoginForm } from './code-login-form.tsx';
import { PasswordLoginForm } from './password-login-form.tsx';
import { SecondFactorForm } from './second-factor-form.tsx';

/** Set by pages that send people here after ending their session (password reset, sign out everywhere). */
export interface LoginNotice {
  notice?: 'passwordReset' | 'signedOutEverywhere';
}

export function LoginPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const next = safeNext(params.get('next'));
  const notice = (useLocation().state as LoginNotice | null)?.notice;
  const method = params.get('method') === 'code' ? 'code' : 'password';
  // Set when the password (or emailed code) was right and the account asks for its second factor.
  const [challenge, setChallenge] = useState<string | null>(null);

  if (auth.status === 'signedIn') return <Navigate to={next ?? '/'} replace />;

  const signedIn = (pair: TokenPair) => {
    auth.signIn(pair);
    navigate(next ?? '/', { replace: true });
  };
  const firstStepDone = (answer: SignInAnswer) => {
    if ('challenge' in answer) setChallenge(answer.challenge);
    else signedIn(answer);
  };

  return (
    <AuthCard
      title={t('auth.login.title')}
      footer={
        <>
          {t('auth.login.noAccount')}{' '}
          <Anchor component={Link} to={withNext('/signup', next)}>
            {t('auth.signup.link')}
          </Anchor>
        </>
      }
    >
      {notice ? <FormNote message={t(`auth.login.notice.${notice}`)} /> : null}
      {challenge ? (
        <SecondFactorForm challenge={challenge} onSignedIn={signedIn} onRestart={() => setChallenge(null)} />
      ) : (
        <Tabs
          value={method}
          onChange={(value) => {
            const nextParams = new URLSearchParams(params);
            if (value === 'code') nextParams.set('method', 'code');
            else nextParams.delete('method');
            setParams(nextParams, { replace: true, state: null });
          }}
          keepMounted={false}
        >
          <Tabs.List grow mb="lg">
            <Tabs.Tab value="password">{t('auth.login.withPassword')}</Tabs.Tab>
            <Tabs.Tab value="code">{t('auth.login.withCode')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="password">
            <PasswordLoginForm onSignedIn={firstStepDone} />
          </Tabs.Panel>
          <Tabs.Panel value="code">
            <CodeLoginForm onSignedIn={firstStepDone} />
          </Tabs.Panel>
        </Tabs>
      )}
    </AuthCard>
  );
}
