import type { StagePlayer } from '@foyer/contracts';
import { Box } from '@mantine/core';

/** A YouTube or Vimeo stream framed from its privacy-friendly host (the server builds the URL). */
export function EmbedPlayer({ player, label }: { player: StagePlayer; label: string }) {
  return (
    <Box style={{ aspectRatio: '16 / 9', borderRadius: 8, overflow: 'hidden', background: 'black' }}>
      <iframe
        src={player.embedUrl ?? undefined}
        title={label}
        allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
        allowFullScreen
        referrerPolicy="strict-origin-when-cross-origin"
        style={{ width: '100%', height: '100%', border: 0, display: 'block' }}
      />
    </Box>
  );
}

/** The player a stage source needs. */
export function isEmbedded(player: StagePlayer): boolean {
  return player.kind === 'youtube' || player.kind === 'vimeo';
}
