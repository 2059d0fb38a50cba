import type { AuthSession } from '@foyer/contracts';
import { Badge, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevokeSession, useSessions } from '../../api/account-queries.ts';
import { api } from '../../api/client.ts';
import { useLeave } from '../../auth/auth-context.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { useProblem } from '../../forms/problem.ts';
import type { LoginNotice } from '../auth/login-page.tsx';
import { describeUserAgent } from './user-agent.ts';

/** This device first, then the most recently used. */
function byRecentUse(sessions: AuthSession[]): AuthSession[] {
  return [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt),
  );
}

function useDeviceName() {
  const { t } = useTranslation();
  return (session: AuthSession) => {
    const { browser, os } = describeUserAgent(session.userAgent);
    if (browser && os) return t('account.sessions.device', { browser, os });
    return browser ?? os ?? t('account.sessions.unknownDevice');
  };
}

function SessionRow({ session, onRevoke }: { session: AuthSession; onRevoke: (s: AuthSession) => void }) {
  const { t } = useTranslation();
  const deviceName = useDeviceName();
  const name = deviceName(session);
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={500}>
        <Stack gap={4} align="flex-start">
          <span>{name}</span>
          {session.current ? (
            <Badge variant="light" size="sm">
              {t('account.sessions.current')}
            </Badge>
          ) : null}
        </Stack>
      </Table.Th>
      <Table.Td>{session.ip ?? '—'}</Table.Td>
      <Table.Td>
        <DateTime value={session.lastUsedAt} />
      </Table.Td>
      <Table.Td>
        <DateTime value={session.createdAt} />
      </Table.Td>
      <Table.Td ta="end">
        {session.current ? null : (
          <Button
            size="xs"
            variant="default"
            onClick={() => onRevoke(session)}
            aria-label={t('account.sessions.revokeNamed', { device: name })}
          >
            {t('account.sessions.revoke')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function SessionsCard() {
  const { t } = useTranslation();
  const problem = useProblem();
  const leave = useLeave();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const deviceName = useDeviceName();
  const [revoking, setRevoking] = useState<AuthSession | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const logoutAll = useMutation({
    mutationFn: api.auth.logoutAll,
    onSuccess: () => leave('/login', { notice: 'signedOutEverywhere' } satisfies LoginNotice),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="account-sessions">
      <Title order={2} size="h3" id="account-sessions" mb="xs">
        {t('account.sessions.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('account.sessions.lead')}
      </Text>
      {sessions.isPending ? (
        <QueryLoading />
      ) : sessions.isError ? (
        <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Stack gap="md">
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" data-testid="sessions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('account.sessions.deviceColumn')}</Table.Th>
                  <Table.Th scope="col">{t('account.sessions.ip')}</Table.Th>
                  <Table.Th scope="col">{t('account.sessions.lastUsed')}</Table.Th>
                  <Table.Th scope="col">{t('account.sessions.created')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {byRecentUse(sessions.data).map((s) => (
                  <SessionRow key={s.id} session={s} onRevoke={setRevoking} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Button variant="default" c="var(--mantine-color-error)" onClick={() => setConfirmAll(true)}>
              {t('account.sessions.logoutAll')}
            </Button>
          </Group>
        </Stack>
      )}
      <ConfirmDialog
        opened={revoking !== null}
        title={t('account.sessions.revokeTitle')}
        confirmLabel={t('account.sessions.revoke')}
        loading={revoke.isPending}
        error={revoke.isError ? problem.text(revoke.error) : null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        {revoking ? t('account.sessions.revokeBody', { device: deviceName(revoking) }) : null}
      </ConfirmDialog>
      <ConfirmDialog
        opened={confirmAll}
        title={t('account.sessions.logoutAllTitle')}
        confirmLabel={t('account.sessions.logoutAll')}
        loading={logoutAll.isPending}
        error={logoutAll.isError ? problem.text(logoutAll.error) : null}
        onClose={() => setConfirmAll(false)}
        onConfirm={() => logoutAll.mutate()}
      >
        {t('account.sessions.logoutAllBody')}
      </ConfirmDialog>
    </Paper>
  );
}
