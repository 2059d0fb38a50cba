import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { downloadCertificatePdf, useMyCertificates } from '../../api/certificate-queries.ts';
import { formatShortCode } from './certificates-section.tsx';

const STATUS_COLOR = { valid: 'green', expired: 'gray', revoked: 'red', superseded: 'yellow' } as const;

/** The signed-in person's certificates, under their registrations; nothing at all while they have none. */
export function MyCertificatesSection() {
  const { t } = useTranslation();
  const list = useMyCertificates();
  if (!list.data || list.data.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="my-certificates">
      <Title order={2} size="h3">
        {t('certificates.mine')}
      </Title>
      {list.data.map((c) => (
        <Paper key={c.id} withBorder p="md" radius="md">
          <Group justify="space-between" wrap="wrap">
            <Stack gap={2}>
              <Text fw={600}>{c.eventName}</Text>
              <Text size="sm" c="dimmed" ff="monospace">
                {formatShortCode(c.shortCode)}
              </Text>
            </Stack>
            <Group gap="xs">
              <Badge color={STATUS_COLOR[c.status]} variant="light">
                {t(`certificates.status.${c.status}`)}
              </Badge>
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
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
