import type { Certificate, Event, IssueCertificatesResult } from '@foyer/contracts';
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  downloadCertificatePdf,
  useCertificates,
  useIssueCertificates,
  useRevokeCertificate,
} from '../../api/certificate-queries.ts';
import { DateTime } from '../../components/date-time.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';

const STATUS_COLOR: Record<Certificate['status'], string> = {
  valid: 'green',
  expired: 'gray',
  revoked: 'red',
  superseded: 'yellow',
};

/** `7K3M9QX2TB` → `7K3M9-QX2TB`, as the PDF prints it. */
export const formatShortCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/** Certificates of the event, under its attendance: issue to all eligible, download, revoke. */
export function CertificatesSection({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const list = useCertificates(event.id);
  const issue = useIssueCertificates(event.id);
  const [result, setResult] = useState<IssueCertificatesResult | null>(null);
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  if (!event.cpd.certificatesEnabled) {
    return (
      <Stack gap={2} data-testid="certificates-section">
        <Title order={3} size="h4">
          {t('certificates.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('certificates.disabled')}
        </Text>
      </Stack>
    );
  }

  const issueAll = () =>
    issue.mutate(crypto.randomUUID(), {
      onSuccess: (r) => setResult(r),
    });

  return (
    <Stack gap="md" data-testid="certificates-section">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('certificates.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('certificates.lead')}
          </Text>
        </Stack>
        {canManage && (
          <Button onClick={issueAll} loading={issue.isPending} data-testid="issue-certificates">
            {t('certificates.issueAll')}
          </Button>
        )}
      </Group>
      <FormAlert message={issue.isError ? problem.text(issue.error) : null} />
      {result && (
        <Alert color={result.issuedCount > 0 ? 'green' : 'gray'} data-testid="issue-result">
          <Text size="sm">
            {t('certificates.issued', { issued: result.issuedCount, skipped: result.skippedCount })}
          </Text>
          {result.skipped.length > 0 && (
            <Text size="xs" c="dimmed">
              {Object.entries(
                result.skipped.reduce<Record<string, number>>((acc, s) => {
                  acc[s.reason] = (acc[s.reason] ?? 0) + 1;
                  return acc;
                }, {}),
              )
                .map(([reason, n]) => `${t(`certificates.reasons.${reason as 'cancelled'}`)}: ${n}`)
                .join(' · ')}
            </Text>
          )}
        </Alert>
      )}
      {list.isPending ? (
        <QueryLoading />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="md">
          {t('certificates.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" data-testid="certificates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('certificates.columns.holder')}</Table.Th>
                <Table.Th scope="col">{t('certificates.columns.code')}</Table.Th>
                <Table.Th scope="col">{t('certificates.columns.issued')}</Table.Th>
                <Table.Th scope="col">{t('certificates.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id} data-testid="certificate-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {c.holderName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {formatShortCode(c.shortCode)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      <DateTime value={c.issuedAt} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[c.status]} variant="light">
                      {t(`certificates.status.${c.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        disabled={!c.pdfReady}
                        onClick={() => void downloadCertificatePdf(c.id, c.shortCode)}
                      >
                        {c.pdfReady ? t('certificates.pdf') : t('certificates.rendering')}
                      </Button>
                      <Button size="compact-sm" variant="subtle" component="a" href={`/verify/${c.verificationCode}`}>
                        {t('certificates.verify')}
                      </Button>
                      {canManage && c.status === 'valid' && (
                        <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(c)}>
                          {t('certificates.revoke')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('certificates.more')}
        </Button>
      )}
      {revoking && <RevokeDialog eventId={event.id} certificate={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

function RevokeDialog(props: { eventId: string; certificate: Certificate; onClose: () => void }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const revoke = useRevokeCertificate(props.eventId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('certificates.reasonRequired'));
      return;
    }
    revoke.mutate({ id: props.certificate.id, reason: reason.trim() }, { onSuccess: props.onClose });
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('certificates.revokeTitle', { name: props.certificate.holderName })}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('certificates.revokeLead')}
          </Text>
          <FormAlert message={revoke.isError ? problem.text(revoke.error) : null} />
          <Textarea
            label={t('certificates.reason')}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            error={error}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={revoke.isPending}>
              {t('certificates.revoke')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
