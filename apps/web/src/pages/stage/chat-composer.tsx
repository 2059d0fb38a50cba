import { CHAT_MESSAGE_MAX_LENGTH, type ChatMessage } from '@foyer/contracts';
import { Button, CloseButton, Group, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { chatErrorText } from './chat-error-text.ts';

/** Writing a message (or a reply in a thread): Enter sends, Shift+Enter breaks the line. */
export function ChatComposer({
  replyTo,
  onCancelReply,
  send,
  disabled,
}: {
  replyTo: ChatMessage | null;
  onCancelReply(): void;
  send(text: string, replyTo?: string): Promise<unknown>;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    setError(null);
    try {
      await send(body, replyTo?.id);
      setText('');
      onCancelReply();
    } catch (err) {
      setError(chatErrorText(err, t, locale));
    } finally {
      setSending(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <Stack component="form" gap={6} onSubmit={(e) => void submit(e)}>
      {replyTo ? (
        <Group gap={4} justify="space-between" wrap="nowrap">
          <Text size="xs" c="dimmed" truncate>
            {t('stage.chat.replyingTo', { name: replyTo.author.name })}
          </Text>
          <CloseButton size="sm" aria-label={t('stage.chat.cancelReply')} onClick={onCancelReply} />
        </Group>
      ) : null}
      <FormAlert message={error} />
      <Textarea
        label={replyTo ? t('stage.chat.replyLabel') : t('stage.chat.messageLabel')}
        placeholder={t('stage.chat.placeholder')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        maxLength={CHAT_MESSAGE_MAX_LENGTH}
        autosize
        minRows={1}
        maxRows={5}
        disabled={disabled}
      />
      <Group justify="flex-end">
        <Button type="submit" size="xs" loading={sending} disabled={disabled || text.trim() === ''}>
          {t('stage.chat.send')}
        </Button>
      </Group>
    </Stack>
  );
}
