import type { VersionInfo } from '@foyer/contracts';
import { Code, Paper, Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useVersionInfo } from '../../api/system-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { formatDateTime } from './format.ts';

function VersionTable({ info }: { info: VersionInfo }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows: [label: string, value: ReactNode][] = [
    [t('about.fields.version'), <Code key="v">{info.version}</Code>],
    [t('about.fields.apiVersion'), info.apiVersion],
    [t('about.fields.commit'), info.commit ? <Code key="c">{info.commit}</Code> : t('about.unknown')],
    [t('about.fields.node'), info.node],
    [t('about.fields.database'), t(`about.database.${info.database}`)],
    [t('about.fields.pubsub'), t(`about.pubsub.${info.pubsub}`)],
    [t('about.fields.mail'), t(`about.mail.${info.mail}`)],
    [
      t('about.fields.startedAt'),
      <time key="s" dateTime={info.startedAt}>
        {formatDateTime(info.startedAt, locale)}
      </time>,
    ],
  ];

  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false} verticalSpacing="sm">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w={{ base: 140, sm: 200 }}>
              {label}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function VersionCard() {
  const { t } = useTranslation();
  const query = useVersionInfo();

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="about-version">
      <Title order={2} size="h3" id="about-version" mb="sm">
        {t('about.versionHeading')}
      </Title>
      {query.isPending ? (
        <QueryLoading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <VersionTable info={query.data} />
      )}
    </Paper>
  );
}
