import type { PublicEvent, SessionWithIncludes } from '@foyer/contracts';
import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublicSessions } from '../../api/public-queries.ts';
import { useLocale } from '../../i18n/locale.ts';
import { timeRange } from '../public/programme-days.ts';
import { publicPaths } from '../public/public-paths.ts';
import { nowAndNext } from './now-next.ts';

/** The current time, updated every half minute (enough for a programme). */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function Line({
  label,
  sessions,
  event,
  path,
}: {
  label: string;
  sessions: SessionWithIncludes[];
  event: PublicEvent;
  path: string;
}) {
  const locale = useLocale();
  if (sessions.length === 0) return null;
  return (
    <Group gap="xs" align="baseline" wrap="nowrap">
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" w={48} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Stack gap={0}>
        {sessions.map((s) => (
          <Text size="sm" key={s.id}>
            <Anchor component={Link} to={publicPaths.session(path, s.id)}>
              {s.title}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              {s.startsAt ? timeRange(s.startsAt, s.endsAt, event.timezone, locale) : null}
              {s.location ? ` · ${s.location.name}` : null}
            </Text>
          </Text>
        ))}
      </Stack>
    </Group>
  );
}

/** "Now" and "Next" from the event's programme, kept current while the page is open. */
export function NowNextPanel({ event, path }: { event: PublicEvent; path: string }) {
  const { t } = useTranslation();
  const sessions = usePublicSessions(path);
  const now = useNow();
  if (!sessions.data) return null;
  const { now: running, next } = nowAndNext(sessions.data, now);
  if (running.length === 0 && next.length === 0) return null;
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={t('stage.nowNext.title')}>
      <Stack gap={6}>
        <Line label={t('stage.nowNext.now')} sessions={running} event={event} path={path} />
        <Line label={t('stage.nowNext.next')} sessions={next} event={event} path={path} />
      </Stack>
    </Paper>
  );
}
