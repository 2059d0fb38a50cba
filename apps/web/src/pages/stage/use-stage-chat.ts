import { ChatRoom, type ConnectionState, RealtimeError } from '@foyer/client';
import type { ChatMessage, ChatModerationNotice, ChatParticipantRef } from '@foyer/contracts';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { acquireRealtime, realtime } from '../../api/realtime.ts';
import { ChatTimeline } from './chat-timeline.ts';

const HISTORY_SIZE = 100;

/** A sanction that concerns the person at this browser. */
export interface OwnSanction {
  kind: 'mute' | 'ban';
  /** When a mute ends; null for a ban. */
  until: string | null;
}

const same = (a: ChatParticipantRef | null, b: { kind: string; id: string } | null) =>
  a !== null && b !== null && a.kind === b.kind && a.id === b.id;

/**
 * A stage chat live: the history, then every push over the realtime socket
 * (resumed after reconnects without loss or duplicates), the viewer count
 * from presence, the channel's settings, and sanctions that concern `me`.
 */
export function useStageChat(channelId: string | null, me: ChatParticipantRef | null) {
  const timeline = useRef(new ChatTimeline()).current;
  const [, changed] = useReducer((n: number) => n + 1, 0);
  const [room, setRoom] = useState<ChatRoom | null>(null);
  const [viewers, setViewers] = useState<number | null>(null);
  const [connection, setConnection] = useState<ConnectionState>(realtime.state);
  const [announcement, setAnnouncement] = useState<{ id: string; text: string } | null>(null);
  const [sanction, setSanction] = useState<OwnSanction | null>(null);
  const [settings, setSettings] = useState<{ readOnly: boolean; slowModeSeconds: number } | null>(null);
  const [refused, setRefused] = useState<RealtimeError | null>(null);
  const [loading, setLoading] = useState(true);
  const meRef = useRef(me);
  meRef.current = me;

  useEffect(() => {
    if (!channelId) return;
    const release = acquireRealtime();
    const chat = new ChatRoom(realtime, `room:${channelId}`);
    let active = true;
    let historyLoaded = false;
    const loadHistory = async () => {
      try {
        const [page, channel] = await Promise.all([
          api.chat.history(channelId, { limit: HISTORY_SIZE }),
          api.chat.channel(channelId),
        ]);
        if (!active) return;
        timeline.addFromHistory(page.items);
        setSettings({ readOnly: channel.readOnly, slowModeSeconds: channel.slowModeSeconds });
        historyLoaded = true;
      } finally {
        if (active) {
          setLoading(false);
          changed();
        }
      }
    };
    const live = (message: ChatMessage) => {
      timeline.apply(message);
      changed();
    };
    const offs = [
      chat.channel.on('subscribed', () => {
        setRefused(null);
        // Later resubscriptions replay what was missed; the history is needed once.
        if (!historyLoaded) void loadHistory().catch(() => {});
      }),
      chat.on('message', (message) => {
        live(message);
        if (!same(meRef.current, message.author))
          setAnnouncement({ id: message.id, text: `${message.author.name}: ${message.text}` });
      }),
      chat.on('updated', live),
      chat.on('deleted', (message) => {
        live(message);
        // A removed message is not read out any more.
        setAnnouncement((current) => (current?.id === message.id ? null : current));
      }),
      chat.on('resync', () => {
        timeline.clear();
        historyLoaded = false;
        void loadHistory().catch(() => {});
      }),
      chat.on('moderation', (notice: ChatModerationNotice) => {
        if (notice.action === 'settings')
          setSettings({ readOnly: notice.readOnly ?? false, slowModeSeconds: notice.slowModeSeconds ?? 0 });
        if (!same(meRef.current, notice.participant)) return;
        if (notice.action === 'mute') setSanction({ kind: 'mute', until: notice.until });
        else if (notice.action === 'ban') setSanction({ kind: 'ban', until: null });
        else if (notice.action === 'unmute' || notice.action === 'unban') setSanction(null);
      }),
      chat.channel.on('presence', (frame) => setViewers(frame.count)),
      chat.channel.on('error', (error) => {
        setRefused(error);
        if (error.code === 'CHAT_BANNED') setSanction({ kind: 'ban', until: null });
        setLoading(false);
      }),
      realtime.on('state', setConnection),
    ];
    setRoom(chat);
    setConnection(realtime.state);
    return () => {
      active = false;
      for (const off of offs) off();
      chat.leave();
      release();
      timeline.clear();
      setRoom(null);
    };
  }, [channelId, timeline]);

  /** Sends (or replies in a thread); a refusal for a mute or ban also sets the sanction. */
  const send = useCallback(
    async (text: string, replyTo?: string) => {
      if (!room) throw new RealtimeError('DISCONNECTED', 'Not connected.');
      try {
        return await room.send(text, replyTo);
      } catch (err) {
        if (err instanceof RealtimeError && err.code === 'CHAT_BANNED') setSanction({ kind: 'ban', until: null });
        if (err instanceof RealtimeError && err.code === 'CHAT_MUTED')
          setSanction({
            kind: 'mute',
            until: err.retryAfter ? new Date(Date.now() + err.retryAfter * 1000).toISOString() : null,
          });
        throw err;
      }
    },
    [room],
  );

  const remove = useCallback(
    async (messageId: string) => {
      if (!room) throw new RealtimeError('DISCONNECTED', 'Not connected.');
      timeline.apply(await room.delete(messageId));
      changed();
    },
    [room, timeline],
  );

  return {
    threads: timeline.threads(),
    loading,
    viewers,
    connection,
    announcement: announcement?.text ?? '',
    sanction,
    setSanction,
    settings,
    refused,
    send,
    remove,
  };
}
