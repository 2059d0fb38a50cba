import type { StagePlayer } from '@foyer/contracts';
import { Badge, Box, Button, Group, Overlay, Stack, Text } from '@mantine/core';
import type HlsType from 'hls.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Where the stream is: loading, playing, or down and being retried. */
export type StreamState = 'loading' | 'playing' | 'paused' | 'offline' | 'unsupported';

const RETRY_MS = [2000, 4000, 8000, 15000, 30000];
/** Seconds behind the live edge after which resuming jumps back to live. */
const BEHIND_LIVE_SECONDS = 10;

/**
 * A live stream or file in a `<video>`: HLS through hls.js (or the
 * browser's own where it has one), staying near the live edge; when the
 * stream drops, "offline, retrying" with backoff until it is back; when
 * the browser blocks sound, muted autoplay with a visible "unmute".
 */
export function VideoPlayer({
  player,
  label,
  startMuted = false,
}: {
  player: StagePlayer;
  label: string;
  startMuted?: boolean;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const hlsRef = useRef<HlsType | null>(null);
  const [state, setState] = useState<StreamState>('loading');
  const [mutedByBrowser, setMutedByBrowser] = useState(false);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let disposed = false;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    setState('loading');

    const autoplay = async () => {
      try {
        await element.play();
      } catch (err) {
        if (disposed || (err as DOMException).name !== 'NotAllowedError') return;
        // Browsers allow autoplay without sound: play muted and offer to unmute.
        element.muted = true;
        setMutedByBrowser(!startMuted);
        await element.play().catch(() => setState('paused'));
      }
    };
    const offline = () => {
      if (disposed) return;
      setState('offline');
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void start(), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    };
    const start = async () => {
      hlsRef.current?.destroy();
      hlsRef.current = null;
      if (player.kind === 'hls' && !element.canPlayType('application/vnd.apple.mpegurl')) {
        const { default: Hls } = await import('hls.js');
        if (disposed) return;
        if (!Hls.isSupported()) return setState('unsupported');
        const hls = new Hls({ liveSyncDurationCount: 3, liveMaxLatencyDurationCount: 10, lowLatencyMode: true });
        hlsRef.current = hls;
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data.fatal) return;
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
          else offline();
        });
        hls.on(Hls.Events.MANIFEST_PARSED, () => void autoplay());
        hls.loadSource(player.source);
        hls.attachMedia(element);
      } else {
        element.src = player.source;
        element.load();
        void autoplay();
      }
    };

    const onPlaying = () => {
      attempt = 0;
      setState('playing');
    };
    const onPause = () => setState((s) => (s === 'offline' ? s : 'paused'));
    // Resuming a live stream after a pause goes back to live, as people expect of a broadcast.
    const onPlay = () => {
      const live = hlsRef.current?.liveSyncPosition;
      if (live && element.currentTime < live - BEHIND_LIVE_SECONDS) element.currentTime = live;
    };
    const onError = () => {
      if (!hlsRef.current) offline();
    };
    element.addEventListener('playing', onPlaying);
    element.addEventListener('pause', onPause);
    element.addEventListener('play', onPlay);
    element.addEventListener('error', onError);
    void start();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      element.removeEventListener('playing', onPlaying);
      element.removeEventListener('pause', onPause);
      element.removeEventListener('play', onPlay);
      element.removeEventListener('error', onError);
      hlsRef.current?.destroy();
      hlsRef.current = null;
      element.removeAttribute('src');
      element.load();
    };
  }, [player.kind, player.source, startMuted]);

  const unmute = () => {
    const element = video.current;
    if (!element) return;
    element.muted = false;
    setMutedByBrowser(false);
    void element.play().catch(() => {});
  };

  return (
    <Box pos="relative" style={{ aspectRatio: '16 / 9', background: 'black', borderRadius: 8, overflow: 'hidden' }}>
      <video
        ref={video}
        aria-label={label}
        controls
        playsInline
        muted={startMuted}
        poster={player.poster ?? undefined}
        crossOrigin={player.tracks.length > 0 ? 'anonymous' : undefined}
        style={{ width: '100%', height: '100%', display: 'block' }}
      >
        {player.tracks.map((track) => (
          <track key={track.src} kind={track.kind} src={track.src} srcLang={track.srclang} label={track.label} />
        ))}
      </video>
      {state === 'offline' || state === 'unsupported' ? (
        <Overlay color="#000" backgroundOpacity={0.75} center zIndex={1}>
          <Stack align="center" gap={4} role="status" aria-live="polite" px="md">
            <Badge color="gray" variant="filled">
              {t(`stage.player.${state}`)}
            </Badge>
            <Text c="white" size="sm" ta="center">
              {t(`stage.player.${state}Detail`)}
            </Text>
          </Stack>
        </Overlay>
      ) : null}
      {mutedByBrowser ? (
        <Group pos="absolute" top={12} left={12} style={{ zIndex: 2 }}>
          <Button size="sm" onClick={unmute}>
            {t('stage.player.unmute')}
          </Button>
        </Group>
      ) : null}
    </Box>
  );
}
