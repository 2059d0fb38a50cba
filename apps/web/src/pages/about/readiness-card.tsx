import type { Readiness } from '@foyer/contracts';
import { Group, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReadiness } from '../../api/system-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { StatusBadge } from './status-badge.tsx';

function ReadinessDetails({ readiness }: { readiness: Readiness }) {
  const { t } = useTranslation();

  return (
    <>
      <Group gap="sm" mb="md" data-testid="readiness-overall">
        <Text fw={600}>{t('about.overall')}</Text>
        <StatusBadge ok={readiness.status === 'ready'} label={t(`about.status.${readiness.status}`)} size="lg" />
      </Group>
      {readiness.checks.length === 0 ? (
        <Text c="dimmed">{t('about.noChecks')}</Text>
      ) : (
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('about.checkName')}</Table.Th>
              <Table.Th scope="col">{t('about.checkStatus')}</Table.Th>
              <Table.Th scope="col">{t('about.checkDetail')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {readiness.checks.map((check) => (
              <Table.Tr key={check.name}>
                <Table.Th scope="row" fw={500}>
                  {check.name}
                </Table.Th>
                <Table.Td>
                  <StatusBadge ok={check.ok} label={check.ok ? t('about.check.ok') : t('about.check.failing')} />
                </Table.Td>
                <Table.Td c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {check.detail ?? '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

export function ReadinessCard() {
  const { t } = useTranslation();
  const query = useReadiness();

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="about-readiness">
      <Title order={2} size="h3" id="about-readiness" mb="sm">
        {t('about.readinessHeading')}
      </Title>
      {query.isPending ? (
        <QueryLoading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ReadinessDetails readiness={query.data} />
      )}
    </Paper>
  );
}
