import { z } from 'zod';

/** How the stage plays its stream: HLS (hls.js), a YouTube or Vimeo embed, or a plain MP4/WebM file. */
export const StagePlayerKind = z.enum(['hls', 'youtube', 'vimeo', 'file']);
export type StagePlayerKind = z.infer<typeof StagePlayerKind>;

const webUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), { message: 'must be an http or https URL' });

/** A WebVTT caption or subtitle track. */
export const StageTrack = z.object({
  src: webUrl,
  /** BCP-47 language of the track (`en`, `de`, `de-CH`). */
  srclang: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or de-CH'),
  label: z.string().trim().min(1).max(60),
  kind: z.enum(['captions', 'subtitles']).default('captions'),
});
export type StageTrack = z.infer<typeof StageTrack>;

/** The player part of the stage: the source is a URL (hls, file) or a YouTube/Vimeo URL or id. */
export const StagePlayerBody = z.object({
  kind: StagePlayerKind,
  source: z.string().trim().min(1).max(2000),
  poster: webUrl.nullable().optional(),
  tracks: z.array(StageTrack).max(10).optional(),
});

/** The stage's chat: none, signed-in accounts only, or guests who pick a display name too. */
export const StageChatMode = z.enum(['off', 'accounts', 'guests']);
export type StageChatMode = z.infer<typeof StageChatMode>;

/** What organizers set (`PUT /api/v1/events/{eventId}/stage`). */
export const StageSettingsBody = z.object({
  enabled: z.boolean(),
  player: StagePlayerBody,
  /** An optional second stream beside the main one, e.g. sign language. */
  secondStream: StagePlayerBody.extend({ label: z.string().trim().min(1).max(60) })
    .nullable()
    .optional(),
  chat: StageChatMode.default('guests'),
});
export type StageSettingsBody = z.input<typeof StageSettingsBody>;

/** A player as the stage page plays it: `source` normalised (a YouTube/Vimeo video id, or the URL). */
export const StagePlayer = z.object({
  kind: StagePlayerKind,
  source: z.string(),
  /** For youtube and vimeo: the privacy-friendly embed URL the page frames. */
  embedUrl: z.string().nullable(),
  poster: z.string().nullable(),
  tracks: z.array(StageTrack),
});
export type StagePlayer = z.infer<typeof StagePlayer>;

/**
 * The one-page stage of an event (`GET /api/v1/events/{eventId}/stage`):
 * the only place its player sources are given out, so a later access
 * policy can protect them.
 */
export const Stage = z.object({
  eventId: z.uuid(),
  enabled: z.boolean(),
  player: StagePlayer,
  secondStream: StagePlayer.extend({ label: z.string() }).nullable(),
  chat: z.object({
    mode: StageChatMode,
    /** The stage's chat channel (null while chat is off); subscribe to `room:{channelId}`. */
    channelId: z.uuid().nullable(),
  }),
  /** Whether the caller moderates the stage's chat (the event's organizers): the page shows them the tools. */
  canModerate: z.boolean(),
  updatedAt: z.string(),
});
export type Stage = z.infer<typeof Stage>;
