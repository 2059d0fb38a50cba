import { FoyerApiError } from '@foyer/client';
import type { CheckInResult, Event } from '@foyer/contracts';
import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessions } from '../../api/programme-queries.ts';
import { useCheckIn, useRegistrationSummary, useUndoCheckIn } from '../../api/registration-queries.ts';
import { useProblem } from '../../forms/problem.ts';
import { useLocale } from '../../i18n/locale.ts';
import { CameraScanner, canScan } from './camera-scanner.tsx';

type Outcome =
  | { kind: 'in' | 'again'; result: CheckInResult }
  | { kind: 'invalid'; detail: string }
  | { kind: 'undone'; name: string };

const WHOLE_EVENT = 'event';
const COLORS = { in: 'green', again: 'yellow', invalid: 'red', undone: 'gray' } as const;

/** The door: type, paste or scan a ticket code; a large result anyone can read at a glance; undo. */
export function CheckInTab({ event }: { event: Event }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const problem = useProblem();
  const checkIn = useCheckIn(event.id);
  const undo = useUndoCheckIn(event.id);
  const summary = useRegistrationSummary(event.id);
  const [code, setCode] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [scanning, setScanning] = useState(false);
  // null: the event's own door; otherwise every scan enters that session.
  const [sessionId, setSessionId] = useState<string | null>(null);
  const sessions = useSessions(event.id);
  const where = sessionId ? { sessionId } : {};
  const input = useRef<HTMLInputElement>(null);

  const send = (value: string) => {
    const trimmed = value.trim();
    if (!trimmed || checkIn.isPending) return;
    checkIn.mutate(
      { code: trimmed, ...where },
      {
        onSuccess: (result) => setOutcome({ kind: result.alreadyCheckedIn ? 'again' : 'in', result }),
        onError: (error) => {
          const notTicket =
            error instanceof FoyerApiError && (error.status === 404 || error.code === 'TICKET_NOT_VALID');
          setOutcome({
            kind: 'invalid',
            detail: notTicket
              ? t(`checkIn.invalid.${error.status === 404 ? 'unknown' : 'status'}`)
              : problem.text(error),
          });
        },
        onSettled: () => {
          setCode('');
          input.current?.focus();
        },
      },
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send(code);
  };
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: event.timezone,
    }).format(new Date(iso));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('checkIn.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('checkIn.lead')}
          </Text>
        </Stack>
        {summary.data ? (
          <Text size="sm" fw={600} data-testid="checked-in-count">
            {t('checkIn.count', { checkedIn: summary.data.checkedIn, confirmed: summary.data.counts.confirmed })}
          </Text>
        ) : null}
      </Group>
      {sessions.data && sessions.data.length > 0 ? (
        <Select
          label={t('checkIn.session')}
          description={t('checkIn.sessionHint')}
          data={[
            { value: WHOLE_EVENT, label: t('checkIn.wholeEvent') },
            ...sessions.data.map((s) => ({
              value: s.id,
              label: s.startsAt ? `${s.title} · ${time(s.startsAt)}` : s.title,
            })),
          ]}
          value={sessionId ?? WHOLE_EVENT}
          onChange={(v) => {
            setSessionId(v && v !== WHOLE_EVENT ? v : null);
            setOutcome(null);
          }}
          allowDeselect={false}
          searchable
          size="md"
          w={{ base: '100%', sm: 480 }}
          data-testid="check-in-session"
        />
      ) : null}
      <Group component="form" onSubmit={submit} align="flex-end" gap="sm">
        <TextInput
          ref={input}
          label={t('checkIn.code')}
          placeholder="ABCD EFGH …"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          data-autofocus
          size="md"
          w={{ base: '100%', sm: 360 }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Button type="submit" size="md" loading={checkIn.isPending}>
          {t('checkIn.submit')}
        </Button>
        {canScan() ? (
          <Button size="md" variant="default" onClick={() => setScanning((s) => !s)}>
            {scanning ? t('checkIn.stopScan') : t('checkIn.scan')}
          </Button>
        ) : null}
      </Group>
      {scanning ? <CameraScanner onCode={send} onError={() => setScanning(false)} /> : null}
      <div role="status" aria-live="assertive">
        {outcome ? (
          <Paper
            p="xl"
            radius="md"
            bg={`${COLORS[outcome.kind]}.${outcome.kind === 'again' ? 2 : 1}`}
            c="dark.9"
            style={{ borderLeft: `12px solid var(--mantine-color-${COLORS[outcome.kind]}-7)` }}
            data-testid="check-in-result"
            data-outcome={outcome.kind}
          >
            <Stack gap="xs">
              <Text fz={{ base: 28, sm: 40 }} fw={800} lh={1.15}>
                {outcome.kind === 'in'
                  ? t('checkIn.result.in', { name: outcome.result.registration.name })
                  : outcome.kind === 'again'
                    ? t('checkIn.result.again', { time: time(outcome.result.checkedInAt) })
                    : outcome.kind === 'undone'
                      ? t('checkIn.result.undone', { name: outcome.name })
                      : t('checkIn.result.invalid')}
              </Text>
              {outcome.kind === 'again' ? (
                <Text fz="xl" fw={600}>
                  {outcome.result.registration.name}
                </Text>
              ) : null}
              {outcome.kind === 'in' || outcome.kind === 'again' ? (
                <Text size="md">{outcome.result.registration.email}</Text>
              ) : null}
              {(outcome.kind === 'in' || outcome.kind === 'again') && outcome.result.sessionId ? (
                <Text size="md" fw={600} data-testid="check-in-session-result">
                  {t('checkIn.intoSession', {
                    title: sessions.data?.find((s) => s.id === outcome.result.sessionId)?.title ?? '',
                  })}
                </Text>
              ) : null}
              {outcome.kind === 'invalid' ? <Text size="md">{outcome.detail}</Text> : null}
              {outcome.kind === 'in' || outcome.kind === 'again' ? (
                <Button
                  variant="white"
                  color="dark"
                  w="fit-content"
                  loading={undo.isPending}
                  onClick={() => {
                    const who = outcome.result.registration;
                    undo.mutate(
                      {
                        registrationId: who.id,
                        ...(outcome.result.sessionId ? { sessionId: outcome.result.sessionId } : {}),
                      },
                      { onSuccess: () => setOutcome({ kind: 'undone', name: who.name }) },
                    );
                  }}
                >
                  {t('checkIn.undo')}
                </Button>
              ) : null}
              {undo.isError ? <Text role="alert">{problem.text(undo.error)}</Text> : null}
            </Stack>
          </Paper>
        ) : null}
      </div>
    </Stack>
  );
}
