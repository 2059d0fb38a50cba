import type { MyRegistration } from '@foyer/contracts';
import { Anchor, Badge, Button, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCancelMyRegistration, useMyRegistrations } from '../../api/registration-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useProblem } from '../../forms/problem.ts';
import { useLocale } from '../../i18n/locale.ts';
import { MyCertificatesSection } from '../certificates/my-certificates-section.tsx';
import { eventDates } from '../events/event-labels.ts';
import { isCancellable, STATUS_COLORS } from '../registrations/registration-labels.ts';

/** `/account/registrations`: the signed-in person's registrations, newest first, with ticket and cancel. */
export function MyRegistrationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('registration.mine.title'));
  const list = useMyRegistrations();
  const cancel = useCancelMyRegistration();
  const problem = useProblem();
  const [cancelling, setCancelling] = useState<MyRegistration | null>(null);
  const close = () => {
    setCancelling(null);
    cancel.reset();
  };

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('registration.mine.title')}</Title>
          <Text c="dimmed">{t('registration.mine.lead')}</Text>
        </Stack>
        {list.isPending ? (
          <QueryLoading />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <Text c="dimmed">{t('registration.mine.empty')}</Text>
        ) : (
          <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {list.data.map((r) => (
              <MyRegistrationItem key={r.id} registration={r} onCancel={() => setCancelling(r)} />
            ))}
          </Stack>
        )}
        <MyCertificatesSection />
      </Stack>
      <ConfirmDialog
        opened={cancelling !== null}
        title={t('registration.mine.cancelTitle')}
        confirmLabel={t('registration.mine.cancelConfirm')}
        loading={cancel.isPending}
        error={cancel.isError ? problem.text(cancel.error) : null}
        onClose={close}
        onConfirm={() => cancelling && cancel.mutate(cancelling.id, { onSuccess: close })}
      >
        {cancelling ? t('registration.mine.cancelBody', { event: cancelling.event.name }) : null}
      </ConfirmDialog>
    </Container>
  );
}

function MyRegistrationItem({ registration: r, onCancel }: { registration: MyRegistration; onCancel: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Paper withBorder p="md" component="li" data-testid="my-registration">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={600}>{r.event.name}</Text>
            <Badge color={STATUS_COLORS[r.status]} variant="light">
              {t(`registration.status.${r.status}`)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {eventDates(r.event.startsAt, r.event.endsAt, r.event.timezone, locale)}
          </Text>
          {r.status === 'waitlisted' && r.position ? (
            <Text size="sm">{t('registration.confirmation.position', { position: r.position })}</Text>
          ) : null}
        </Stack>
        <Group gap="xs">
          <Anchor component={Link} to={`/account/registrations/${r.id}`} size="sm">
            {r.status === 'confirmed' ? t('registration.mine.ticket') : t('registration.mine.details')}
          </Anchor>
          {isCancellable(r.status) ? (
            <Button size="xs" variant="default" color="red" onClick={onCancel}>
              {t('registration.mine.cancel')}
            </Button>
          ) : null}
        </Group>
      </Group>
    </Paper>
  );
}
