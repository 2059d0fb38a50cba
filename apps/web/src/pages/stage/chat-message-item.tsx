import type { ChatMessage, ChatParticipantRef } from '@foyer/contracts';
import { Button, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/locale.ts';
import { ChatText } from './chat-text.tsx';

/** What the person at this browser may do with a message. */
export interface MessageActions {
  me: ChatParticipantRef | null;
  canWrite: boolean;
  moderator: boolean;
  onReply(message: ChatMessage): void;
  onDelete(message: ChatMessage): void;
  onMute(message: ChatMessage, minutes: number): void;
  onBan(message: ChatMessage): void;
}

const MUTE_MINUTES = [5, 60, 24 * 60];

function Body({ message }: { message: ChatMessage }) {
  const { t } = useTranslation();
  if (message.deletedAt)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {message.deletedBy === 'moderator' ? t('stage.chat.removedByModerator') : t('stage.chat.deleted')}
      </Text>
    );
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      <ChatText message={message} />
      {message.editedAt ? (
        <Text span size="xs" c="dimmed">
          {' '}
          {t('stage.chat.edited')}
        </Text>
      ) : null}
    </Text>
  );
}

/** One message: author, time, text, and the actions the person may take on it. */
export function ChatMessageItem({
  message,
  actions,
  reply,
}: {
  message: ChatMessage;
  actions: MessageActions;
  reply?: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const mine = actions.me !== null && actions.me.kind === message.author.kind && actions.me.id === message.author.id;
  const live = message.deletedAt === null;
  const time = new Date(message.createdAt);
  return (
    <Stack
      gap={2}
      component="article"
      aria-label={t('stage.chat.messageBy', { name: message.author.name })}
      pl={reply ? 'md' : 0}
    >
      <Group gap={6} wrap="nowrap" align="baseline">
        <Text size="sm" fw={600} truncate>
          {message.author.name}
        </Text>
        {message.author.kind === 'guest' ? (
          <Text size="xs" c="dimmed">
            {t('stage.chat.guest')}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
          {time.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}
        </Text>
      </Group>
      <Body message={message} />
      {live ? (
        <Group gap={4}>
          {actions.canWrite && !reply ? (
            <Button size="compact-xs" variant="subtle" onClick={() => actions.onReply(message)}>
              {t('stage.chat.reply')}
            </Button>
          ) : null}
          {mine || actions.moderator ? (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => actions.onDelete(message)}>
              {t('stage.chat.delete')}
            </Button>
          ) : null}
          {actions.moderator && !mine ? (
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <Button size="compact-xs" variant="subtle" color="gray">
                  {t('stage.chat.moderate', { name: message.author.name })}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {MUTE_MINUTES.map((minutes) => (
                  <Menu.Item key={minutes} onClick={() => actions.onMute(message, minutes)}>
                    {minutes >= 60
                      ? t('stage.chat.muteHours', { count: minutes / 60 })
                      : t('stage.chat.muteMinutes', { count: minutes })}
                  </Menu.Item>
                ))}
                <Menu.Item color="red" onClick={() => actions.onBan(message)}>
                  {t('stage.chat.ban')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}

/** A thread: its first message and the replies under it. */
export function ChatThread({
  message,
  replies,
  actions,
}: {
  message: ChatMessage;
  replies: ChatMessage[];
  actions: MessageActions;
}) {
  return (
    <Paper component="li" p={6} withBorder={false} style={{ listStyle: 'none' }}>
      <ChatMessageItem message={message} actions={actions} />
      {replies.length > 0 ? (
        <Stack
          component="ul"
          gap={4}
          mt={4}
          p={0}
          style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}
        >
          {replies.map((r) => (
            <li key={r.id} style={{ listStyle: 'none' }}>
              <ChatMessageItem message={r} actions={actions} reply />
            </li>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}
