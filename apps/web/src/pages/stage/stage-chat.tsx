import type { ChatGuest, ChatMessage, ChatParticipantRef, StageChatMode } from '@foyer/contracts';
import { Alert, Anchor, Badge, Box, Group, Loader, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../api/client.ts';
import { reidentify } from '../../api/realtime.ts';
import { stageKeys } from '../../api/stage-queries.ts';
import { withNext } from '../../auth/redirect.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { ChatComposer } from './chat-composer.tsx';
import { chatErrorText } from './chat-error-text.ts';
import { ChatThread, type MessageActions } from './chat-message-item.tsx';
import { GuestNameForm } from './guest-name-form.tsx';
import type { useStageChat } from './use-stage-chat.ts';

type StageChatState = ReturnType<typeof useStageChat>;

function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** The list of messages; follows new ones while the reader is at the bottom. */
function MessageList({ chat, actions }: { chat: StageChatState; actions: MessageActions }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = chat.threads.reduce((n, thread) => n + 1 + thread.replies.length, 0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls when the number of messages changes.
  useEffect(() => {
    const el = box.current;
    if (el && atBottom.current)
      el.scrollTo({ top: el.scrollHeight, behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }, [count]);
  return (
    <Box
      ref={box}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
      style={{ overflowY: 'auto', flex: 1, minHeight: 240 }}
      tabIndex={0}
      aria-label={t('stage.chat.messages')}
    >
      {chat.loading ? (
        <Group justify="center" py="md">
          <Loader size="sm" aria-label={t('query.loading')} />
        </Group>
      ) : chat.threads.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="md">
          {t('stage.chat.empty')}
        </Text>
      ) : (
        <Stack component="ol" gap={2} p={0} m={0}>
          {chat.threads.map(({ message, replies }) => (
            <ChatThread key={message.id} message={message} replies={replies} actions={actions} />
          ))}
        </Stack>
      )}
    </Box>
  );
}

function SanctionNotice({ chat }: { chat: StageChatState }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sanction = chat.sanction;
  if (!sanction) return null;
  const text =
    sanction.kind === 'ban'
      ? t('stage.chat.banned')
      : sanction.until
        ? t('stage.chat.mutedUntil', {
            time: new Date(sanction.until).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
          })
        : t('stage.chat.muted');
  return (
    <Alert role="alert" color="orange" variant="light" title={t('stage.chat.sanctionTitle')}>
      {text}
    </Alert>
  );
}

/**
 * The stage's live chat: messages and threads, the way in (a guest name,
 * or signing in where the chat takes accounts only), writing, and the
 * organizers' moderation on each message.
 */
export function StageChat({
  eventId,
  mode,
  chat,
  me,
  guest,
  moderator,
}: {
  eventId: string;
  mode: Exclude<StageChatMode, 'off'>;
  chat: StageChatState;
  me: ChatParticipantRef | null;
  guest: ChatGuest | null;
  moderator: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const readOnly = (chat.settings?.readOnly ?? false) && !moderator;
  const canWrite = me !== null && chat.sanction === null && !readOnly && chat.refused === null;

  const act = async (work: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await work();
    } catch (err) {
      setActionError(chatErrorText(err, t, locale));
    }
  };
  const participant = (m: ChatMessage) => ({ kind: m.author.kind, id: m.author.id });
  const actions: MessageActions = {
    me,
    canWrite,
    moderator,
    onReply: setReplyTo,
    onDelete: (m) => void act(() => chat.remove(m.id)),
    onMute: (m, minutes) => void act(() => api.chat.mute(eventId, { participant: participant(m), minutes })),
    onBan: (m) => void act(() => api.chat.ban(eventId, { participant: participant(m) })),
  };
  const joined = (g: ChatGuest) => {
    queryClient.setQueryData(stageKeys.guest(eventId), g);
    reidentify();
  };

  return (
    <Paper withBorder p="sm" radius="md" h="100%" component="section" aria-labelledby="stage-chat-title">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" id="stage-chat-title">
            {t('stage.chat.title')}
          </Title>
          {chat.connection === 'connecting' && !chat.loading ? (
            <Badge color="yellow" variant="light" role="status">
              {t('stage.chat.reconnecting')}
            </Badge>
          ) : null}
        </Group>
        <VisuallyHidden aria-live="polite" aria-atomic="true">
          {chat.announcement}
        </VisuallyHidden>
        {chat.refused && chat.refused.code !== 'CHAT_BANNED' ? (
          <Alert color="red" variant="light" role="alert">
            {chatErrorText(chat.refused, t, locale)}
          </Alert>
        ) : null}
        <MessageList chat={chat} actions={actions} />
        <FormAlert message={actionError} />
        <SanctionNotice chat={chat} />
        {readOnly ? (
          <Text size="sm" c="dimmed">
            {t('stage.chat.readOnly')}
          </Text>
        ) : me ? (
          <>
            {guest ? (
              <Text size="xs" c="dimmed">
                {t('stage.guest.chattingAs', { name: guest.name })}
              </Text>
            ) : null}
            <ChatComposer
              replyTo={replyTo}
              onCancelReply={() => setReplyTo(null)}
              send={chat.send}
              disabled={!canWrite}
            />
          </>
        ) : mode === 'guests' ? (
          <GuestNameForm eventId={eventId} onJoined={joined} />
        ) : (
          <Text size="sm">
            <Anchor component={Link} to={withNext('/login', location.pathname)}>
              {t('stage.chat.signInToChat')}
            </Anchor>
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
