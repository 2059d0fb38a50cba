import { FoyerApiError } from '@foyer/client';
import { Alert, Badge, Button, Container, FileInput, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCertificateVerification, useCheckCertificatePdf } from '../../api/certificate-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { formatShortCode } from './certificates-section.tsx';

const STATUS_COLOR = { valid: 'green', expired: 'gray', revoked: 'red', superseded: 'yellow' } as const;

/** The public verification page a certificate's QR code and link open: is this certificate real, and valid? */
export function VerifyCertificatePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  usePageTitle(t('certificates.verifyTitle'));
  const verification = useCertificateVerification(code);
  const locale = useLocale();
  const day = (iso: string, timeZone?: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  const notFound = verification.error instanceof FoyerApiError && [404, 422].includes(verification.error.status);
  const v = verification.data;

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Title order={1} size="h2">
          {t('certificates.verifyTitle')}
        </Title>
        {verification.isPending ? (
          <QueryLoading />
        ) : notFound ? (
          <Alert color="red" data-testid="verification-unknown">
            {t('certificates.unknownCode')}
          </Alert>
        ) : verification.isError ? (
          <QueryError error={verification.error} onRetry={() => void verification.refetch()} />
        ) : v ? (
          <Paper withBorder p="lg" radius="md" data-testid="verification">
            <Stack gap="sm">
              <Group justify="space-between">
                <Text size="sm" ff="monospace">
                  {formatShortCode(v.shortCode)}
                </Text>
                <Badge size="lg" variant="light" color={STATUS_COLOR[v.status]} data-testid="verification-status">
                  {t(`certificates.status.${v.status}`)}
                </Badge>
              </Group>
              <Text size="xl" fw={700} data-testid="verification-holder">
                {v.holderName}
              </Text>
              <Text>
                {t('certificates.attended', {
                  event: v.event.name,
                  dates:
                    day(v.event.startsAt, v.event.timezone) === day(v.event.endsAt, v.event.timezone)
                      ? day(v.event.startsAt, v.event.timezone)
                      : `${day(v.event.startsAt, v.event.timezone)} – ${day(v.event.endsAt, v.event.timezone)}`,
                })}
              </Text>
              {v.credits.value !== null && (
                <Text fw={600}>
                  {t('certificates.credits', { value: v.credits.value, type: v.credits.type ?? 'CPD' })}
                </Text>
              )}
              <Text size="sm" c="dimmed">
                {t('certificates.issuedBy', { issuer: v.issuer, date: day(v.issuedAt) })}
              </Text>
              <Text size="sm" c="dimmed">
                {v.expiresAt ? t('certificates.validUntil', { date: day(v.expiresAt) }) : t('certificates.noExpiry')}
              </Text>
              {v.revocation && (
                <Alert color="red">{t('certificates.revokedBecause', { reason: v.revocation.reason })}</Alert>
              )}
              {v.supersededBy && (
                <Alert color="yellow">
                  {t('certificates.supersededBy', { code: formatShortCode(v.supersededBy) })}
                </Alert>
              )}
            </Stack>
          </Paper>
        ) : null}
        <CodeForm />
        <PdfCheck />
      </Stack>
    </Container>
  );
}

/** Checks another code, as printed on a certificate. */
function CodeForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) void navigate(`/verify/${encodeURIComponent(code.trim())}`);
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('certificates.otherCode')}
          placeholder="7K3M9-QX2TB"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          maxLength={64}
          style={{ flex: 1 }}
        />
        <Button type="submit">{t('certificates.check')}</Button>
      </Group>
    </form>
  );
}

/** Checks a PDF file against the one issued: any change, however small, shows. */
function PdfCheck() {
  const { t } = useTranslation();
  const check = useCheckCertificatePdf();
  const result = check.data;
  return (
    <Stack gap="xs">
      <FileInput
        label={t('certificates.checkPdf')}
        description={t('certificates.checkPdfHint')}
        accept="application/pdf"
        onChange={(file) => file && check.mutate(file)}
      />
      {check.isError && <Alert color="red">{check.error.message}</Alert>}
      {result && (
        <Alert
          color={result.result === 'authentic' ? 'green' : result.result === 'modified' ? 'red' : 'gray'}
          data-testid="pdf-check-result"
        >
          {result.result === 'authentic'
            ? t('certificates.pdfAuthentic', { code: formatShortCode(result.certificate?.shortCode ?? '') })
            : result.result === 'modified'
              ? t('certificates.pdfModified', { code: formatShortCode(result.certificate?.shortCode ?? '') })
              : t('certificates.pdfUnknown')}
        </Alert>
      )}
    </Stack>
  );
}
