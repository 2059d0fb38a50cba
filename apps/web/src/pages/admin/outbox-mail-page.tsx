import { Anchor, Badge, Code, Group, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMail } from '../../api/email-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { withCidPlaceholders } from '../emails/inline-images.ts';
import { MAIL_STATUS_COLORS } from './outbox-labels.ts';
import { RequirePlatformAdmin } from './require-platform-admin.tsx';

/** `/admin/mail/:mailId`: one message as it was sent, its headers and attachments. */
export function OutboxMailPage() {
  return (
    <RequirePlatformAdmin>
      <MailDetail />
    </RequirePlatformAdmin>
  );
}

function MailDetail() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { mailId = '' } = useParams();
  const mail = useMail(mailId);
  usePageTitle(mail.data?.subject ?? t('outbox.title'));
  if (mail.isPending) return <QueryLoading />;
  if (mail.isError) return <QueryError error={mail.error} onRetry={() => void mail.refetch()} />;
  const m = mail.data;
  const time = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso)) : '—';
  const facts: [string, string][] = [
    [t('outbox.from'), m.from],
    [t('outbox.to'), m.to.join(', ')],
    [t('outbox.replyTo'), m.replyTo ?? '—'],
    [t('outbox.template'), m.template ?? '—'],
    [t('outbox.transport'), m.transport],
    [t('outbox.attempts'), String(m.attempts)],
    [t('outbox.created'), time(m.createdAt)],
    [t('outbox.sent'), time(m.sentAt)],
    [t('outbox.messageId'), m.providerMessageId ?? '—'],
  ];

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/admin/mail" size="sm">
        {t('outbox.back')}
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1} size="h2" data-testid="mail-subject">
          {m.subject}
        </Title>
        <Badge color={MAIL_STATUS_COLORS[m.status]} variant="light" size="lg">
          {t(`outbox.statuses.${m.status}`)}
        </Badge>
      </Group>
      {m.error ? (
        <Text c="red.8" role="alert">
          {t('outbox.lastError', { attempts: m.attempts, error: m.error })}
        </Text>
      ) : null}
      <Paper withBorder>
        <Table>
          <Table.Tbody>
            {facts.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={180}>{label}</Table.Th>
                <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Tabs defaultValue={m.html ? 'html' : 'text'}>
        <Tabs.List>
          {m.html ? <Tabs.Tab value="html">{t('emails.html')}</Tabs.Tab> : null}
          <Tabs.Tab value="text">{t('emails.text')}</Tabs.Tab>
          <Tabs.Tab value="headers">{t('outbox.headers')}</Tabs.Tab>
          <Tabs.Tab value="attachments">{t('outbox.attachments', { count: m.attachments.length })}</Tabs.Tab>
        </Tabs.List>
        {m.html ? (
          <Tabs.Panel value="html" pt="sm">
            {/* No permission at all: whatever the message carries cannot run or navigate here. */}
            <iframe
              sandbox=""
              srcDoc={withCidPlaceholders(m.html)}
              title={t('outbox.htmlFrame')}
              style={{
                width: '100%',
                height: 640,
                display: 'block',
                boxSizing: 'border-box',
                border: '1px solid var(--mantine-color-default-border)',
              }}
              data-testid="mail-html"
            />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="text" pt="sm">
          <Code block>{m.text}</Code>
        </Tabs.Panel>
        <Tabs.Panel value="headers" pt="sm">
          <Table>
            <Table.Tbody>
              {Object.entries(m.headers).map(([name, value]) => (
                <Table.Tr key={name}>
                  <Table.Th w={220}>
                    <Code>{name}</Code>
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
        <Tabs.Panel value="attachments" pt="sm">
          {m.attachments.length === 0 ? (
            <Text c="dimmed">{t('outbox.noAttachments')}</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('outbox.filename')}</Table.Th>
                  <Table.Th>{t('outbox.contentType')}</Table.Th>
                  <Table.Th>cid</Table.Th>
                  <Table.Th>{t('outbox.size')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {m.attachments.map((a) => (
                  <Table.Tr key={`${a.filename}-${a.cid ?? ''}`}>
                    <Table.Td>{a.filename}</Table.Td>
                    <Table.Td>{a.contentType}</Table.Td>
                    <Table.Td>{a.cid ?? '—'}</Table.Td>
                    <Table.Td>
                      {new Intl.NumberFormat(locale, {
                        style: 'unit',
                        unit: 'byte',
                        notation: 'compact',
                      }).format(a.size)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
