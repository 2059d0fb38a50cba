import type { Stage, StagePlayerKind, StageSettingsBody } from '@foyer/contracts';

/** One caption or subtitle track as the form edits it. */
export interface TrackDraft {
  src: string;
  srclang: string;
  label: string;
  kind: 'captions' | 'subtitles';
}

/** The stage settings as the form edits them: strings, and the second stream behind a switch. */
export interface StageDraft {
  enabled: boolean;
  kind: StagePlayerKind;
  source: string;
  poster: string;
  tracks: TrackDraft[];
  hasSecond: boolean;
  secondKind: StagePlayerKind;
  secondSource: string;
  secondLabel: string;
  chat: 'off' | 'accounts' | 'guests';
}

export const EMPTY_STAGE: StageDraft = {
  enabled: false,
  kind: 'hls',
  source: '',
  poster: '',
  tracks: [],
  hasSecond: false,
  secondKind: 'hls',
  secondSource: '',
  secondLabel: '',
  chat: 'guests',
};

/** The form's starting point from a stored stage (YouTube and Vimeo ids shown as the id the server keeps). */
export function draftOf(stage: Stage | undefined): StageDraft {
  if (!stage) return EMPTY_STAGE;
  return {
    enabled: stage.enabled,
    kind: stage.player.kind,
    source: stage.player.source,
    poster: stage.player.poster ?? '',
    tracks: stage.player.tracks.map((t) => ({ ...t })),
    hasSecond: stage.secondStream !== null,
    secondKind: stage.secondStream?.kind ?? 'hls',
    secondSource: stage.secondStream?.source ?? '',
    secondLabel: stage.secondStream?.label ?? '',
    chat: stage.chat.mode,
  };
}

/** What the form sends: blanks left out, so the server's validation speaks about what was typed. */
export function bodyOf(draft: StageDraft): StageSettingsBody {
  return {
    enabled: draft.enabled,
    player: {
      kind: draft.kind,
      source: draft.source.trim(),
      poster: draft.poster.trim() || null,
      tracks: draft.tracks.map((t) => ({ ...t, src: t.src.trim(), srclang: t.srclang.trim(), label: t.label.trim() })),
    },
    secondStream: draft.hasSecond
      ? { kind: draft.secondKind, source: draft.secondSource.trim(), label: draft.secondLabel.trim() }
      : null,
    chat: draft.chat,
  };
}
