import { RealtimeError } from '@foyer/client';
import i18next, { type TFunction } from 'i18next';
import { problemText } from '../../forms/problem.ts';

/** One sentence for a refused chat command or call, in the UI language. */
export function chatErrorText(error: unknown, t: TFunction, language: string): string {
  if (error instanceof RealtimeError) {
    if (error.code === 'DISCONNECTED') return t('stage.chat.disconnected');
    return i18next.exists(`errors.${error.code}`) ? t(`errors.${error.code}` as 'errors.CHAT_MUTED') : error.message;
  }
  return problemText(error, t, language);
}
