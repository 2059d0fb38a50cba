import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useResendVerification } from '../api/account-queries.ts';
import { useProblem } from '../forms/problem.ts';

/** Sends the confirmation email again; says so (or why not) in a live region next to it. */
export function ResendVerificationButton({ size = 'sm' }: { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const resend = useResendVerification();
  return (
    <>
      <Button size={size} variant="default" onClick={() => resend.mutate()} loading={resend.isPending}>
        {t('verifyBanner.resend')}
      </Button>
      <Text size="sm" role="status" aria-live="polite">
        {resend.isSuccess ? t('verifyBanner.sent') : resend.isError ? problem.text(resend.error) : null}
      </Text>
    </>
  );
}
