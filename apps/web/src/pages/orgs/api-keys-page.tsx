import type { ApiKey } from '@foyer/contracts';
import { Badge, Button, Code, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiKeys, useRevokeApiKey } from '../../api/org-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { PlusIcon } from '../../components/icons.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useProblem } from '../../forms/problem.ts';
import { CreateApiKeyModal } from './create-api-key-modal.tsx';
import { useOrg } from './org-context.ts';
import { scopeKey } from './scopes.ts';

function KeysTable({ keys, onRevoke }: { keys: ApiKey[]; onRevoke: (key: ApiKey) => void }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" data-testid="api-keys-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('apiKeys.name')}</Table.Th>
            <Table.Th scope="col">{t('apiKeys.prefix')}</Table.Th>
            <Table.Th scope="col">{t('apiKeys.scopes')}</Table.Th>
            <Table.Th scope="col">{t('apiKeys.createdAt')}</Table.Th>
            <Table.Th scope="col">{t('apiKeys.lastUsed')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => (
            <Table.Tr key={key.id}>
              <Table.Th scope="row" fw={500}>
                {key.name}
              </Table.Th>
              <Table.Td>
                <Code>{key.prefix}…</Code>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {key.scopes.map((scope) => (
                    <Badge key={scope} variant="light" radius="sm" tt="none" c="var(--mantine-color-text)">
                      {t(`apiKeys.scope.${scopeKey(scope)}.label`)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <DateTime value={key.createdAt} />
              </Table.Td>
              <Table.Td>{key.lastUsedAt ? <DateTime value={key.lastUsedAt} /> : t('apiKeys.never')}</Table.Td>
              <Table.Td ta="end">
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => onRevoke(key)}
                  aria-label={t('apiKeys.revokeNamed', { name: key.name })}
                >
                  {t('apiKeys.revoke')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ApiKeysPage() {
  const { t } = useTranslation();
  const { org } = useOrg();
  usePageTitle(`${t('orgs.nav.apiKeys')} · ${org.name}`);
  const problem = useProblem();
  const keys = useApiKeys(org.id);
  const revoke = useRevokeApiKey(org.id);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="api-keys-heading">
      <Group justify="space-between" align="flex-start" mb="md" gap="md">
        <Stack gap={4} maw={640}>
          <Title order={2} size="h3" id="api-keys-heading">
            {t('apiKeys.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('apiKeys.lead')}
          </Text>
        </Stack>
        <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
          {t('apiKeys.create')}
        </Button>
      </Group>
      {keys.isPending ? (
        <QueryLoading />
      ) : keys.isError ? (
        <QueryError error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <Text c="dimmed">{t('apiKeys.empty')}</Text>
      ) : (
        <KeysTable keys={keys.data} onRevoke={setRevoking} />
      )}
      <CreateApiKeyModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={revoking !== null}
        title={t('apiKeys.revokeTitle')}
        confirmLabel={t('apiKeys.revoke')}
        loading={revoke.isPending}
        error={revoke.isError ? problem.text(revoke.error) : null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        {revoking ? t('apiKeys.revokeBody', { name: revoking.name }) : null}
      </ConfirmDialog>
    </Paper>
  );
}
