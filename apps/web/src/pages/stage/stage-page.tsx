import type { ChatParticipantRef, PublicEvent, Stage } from '@foyer/contracts';
import { Anchor, Badge, Container, Grid, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePublicEvent } from '../../api/public-queries.ts';
import { acquireRealtime, realtime } from '../../api/realtime.ts';
import { stageKeys, useStage, useStageGuest } from '../../api/stage-queries.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { EventWhen } from '../public/event-layout.tsx';
import { publicPaths } from '../public/public-paths.ts';
import { Loaded, PublicNotFound } from '../public/public-states.tsx';
import { EmbedPlayer, isEmbedded } from './embed-player.tsx';
import { NowNextPanel } from './now-next-panel.tsx';
import { StageChat } from './stage-chat.tsx';
import { useStageChat } from './use-stage-chat.ts';
import { VideoPlayer } from './video-player.tsx';

/** Organizers' changes to the stage reach open pages as `stage.updated` on the event's channel. */
function useStageUpdates(eventId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const release = acquireRealtime();
    const channel = realtime.subscribe(`event:${eventId}`);
    const off = channel.on('message', (frame) => {
      if (frame.event === 'stage.updated') void queryClient.invalidateQueries({ queryKey: stageKeys.all });
    });
    return () => {
      off();
      realtime.unsubscribe(`event:${eventId}`);
      release();
    };
  }, [eventId, queryClient]);
}

function Player({ player, label, startMuted }: { player: Stage['player']; label: string; startMuted?: boolean }) {
  return isEmbedded(player) ? (
    <EmbedPlayer player={player} label={label} />
  ) : (
    <VideoPlayer player={player} label={label} startMuted={startMuted} />
  );
}

function StageView({ event, stage, path }: { event: PublicEvent; stage: Stage; path: string }) {
  const { t } = useTranslation();
  const { user, status } = useAuth();
  const signedIn = status === 'signedIn';
  const mode = stage.chat.mode;
  const guest = useStageGuest(event.id, mode === 'guests' && !signedIn).data ?? null;
  const me: ChatParticipantRef | null = user
    ? { kind: 'user', id: user.id }
    : guest && !signedIn
      ? { kind: 'guest', id: guest.id }
      : null;
  const moderator = stage.canModerate;
  const chat = useStageChat(mode === 'off' ? null : stage.chat.channelId, me);
  const [second, setSecond] = useState(false);
  useStageUpdates(event.id);

  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, md: mode === 'off' ? 12 : 8 }}>
        <Stack gap="sm">
          <Player player={stage.player} label={t('stage.player.label', { event: event.name })} />
          <Group justify="space-between" gap="xs">
            {chat.viewers !== null ? (
              <Text size="sm" c="dimmed" role="status">
                {t('stage.viewers', { count: chat.viewers })}
              </Text>
            ) : (
              <span />
            )}
            {stage.secondStream ? (
              <Switch
                checked={second}
                onChange={(e) => setSecond(e.currentTarget.checked)}
                label={t('stage.secondStream', { label: stage.secondStream.label })}
              />
            ) : null}
          </Group>
          {second && stage.secondStream ? (
            <Player player={stage.secondStream} label={stage.secondStream.label} startMuted />
          ) : null}
          <NowNextPanel event={event} path={path} />
        </Stack>
      </Grid.Col>
      {mode === 'off' ? null : (
        <Grid.Col span={{ base: 12, md: 4 }} mih={{ base: 420, md: 0 }} h={{ base: '70vh', md: 'auto' }}>
          <StageChat
            eventId={event.id}
            mode={mode}
            chat={chat}
            me={me}
            guest={signedIn ? null : guest}
            moderator={moderator}
          />
        </Grid.Col>
      )}
    </Grid>
  );
}

/** `/e/:orgSlug/:eventSlug/stage`: the one-page stage, a player with the live chat beside it (below on phones). */
export function StagePage() {
  const { t } = useTranslation();
  const { orgSlug = '', eventSlug = '' } = useParams();
  const path = `${orgSlug}/${eventSlug}`;
  const event = usePublicEvent(path);
  const stage = useStage(path);
  usePageTitle(event.data ? t('stage.pageTitle', { event: event.data.name }) : null);
  const notFound = (
    <PublicNotFound
      order={1}
      title={t('public.notFound.event')}
      backTo={publicPaths.events}
      backLabel={t('public.notFound.toEvents')}
    />
  );

  return (
    <Container size="xl" py="md">
      <Loaded query={event} notFound={notFound}>
        {(data) => (
          <Stack gap="md">
            <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
              <Stack gap={2}>
                <Anchor component={Link} to={publicPaths.event(path)} size="sm">
                  {t('stage.toEvent')}
                </Anchor>
                <Group gap="xs" align="center">
                  <Title order={1} fz={{ base: 22, sm: 28 }} lh={1.2}>
                    {data.name}
                  </Title>
                  {data.status === 'live' ? (
                    <Badge color="red" variant="filled">
                      {t('public.event.live')}
                    </Badge>
                  ) : null}
                </Group>
                <EventWhen event={data} />
              </Stack>
            </Group>
            <Loaded
              query={stage}
              notFound={
                <PublicNotFound
                  title={t('stage.notFound')}
                  backTo={publicPaths.event(path)}
                  backLabel={t('stage.toEvent')}
                />
              }
            >
              {(s) => <StageView event={data} stage={s} path={path} />}
            </Loaded>
          </Stack>
        )}
      </Loaded>
    </Container>
  );
}
