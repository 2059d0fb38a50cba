import type { Registration } from '@foyer/contracts';
import { Button, Tooltip } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useProblem } from '../../forms/problem.ts';

/** Mails the registrant a new link to their registration (older links stop working): for "I lost the email". */
export function SendLinkButton({ registration }: { registration: Registration }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const send = useMutation({ mutationFn: () => api.registrations.sendNewLink(registration.id) });
  const label = send.isSuccess
    ? t('registration.console.linkSent')
    : send.isError
      ? problem.text(send.error)
      : t('registration.console.sendLink');
  return (
    <Tooltip label={t('registration.console.sendLinkHelp')} withinPortal>
      <Button
        size="xs"
        variant="subtle"
        color={send.isError ? 'red' : 'gray'}
        loading={send.isPending}
        disabled={send.isSuccess}
        aria-label={t('registration.console.sendLinkOf', { name: registration.name })}
        onClick={() => send.mutate()}
      >
        {label}
      </Button>
    </Tooltip>
  );
}
