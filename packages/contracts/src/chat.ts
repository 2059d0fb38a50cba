import { z } from 'zod';

/** Longest chat message, in characters (UTF-16 code units, as the browser counts them). */
export const CHAT_MESSAGE_MAX_LENGTH = 2000;

/** Who wrote a message or is moderated: an account or a stage guest. */
export const ChatParticipantRef = z.object({
  kind: z.enum(['user', 'guest']),
  id: z.uuid(),
});
export type ChatParticipantRef = z.infer<typeof ChatParticipantRef>;

export const ChatAuthor = ChatParticipantRef.extend({ name: z.string() });
export type ChatAuthor = z.infer<typeof ChatAuthor>;

/** A link recognised in a message's text: `start`/`end` are offsets into `text`. Text is never HTML. */
export const ChatLink = z.object({ url: z.string(), start: z.number().int(), end: z.number().int() });
export type ChatLink = z.infer<typeof ChatLink>;

export const ChatReaction = z.object({ emoji: z.string(), count: z.number().int() });

export const ChatMessage = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  /** Sequence number of the message's creation in its channel. */
  seq: z.number().int(),
  author: ChatAuthor,
  /** Plain text; empty once deleted. */
  text: z.string(),
  links: z.array(ChatLink),
  /** The message this one answers (threads are one level: replies point at the thread's first message). */
  replyTo: z.uuid().nullable(),
  replyCount: z.number().int(),
  reactions: z.array(ChatReaction),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  deletedBy: z.enum(['author', 'moderator']).nullable(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatChannelKind = z.enum(['stage', 'room', 'group', 'direct']);
export type ChatChannelKind = z.infer<typeof ChatChannelKind>;

export const ChatChannel = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  kind: ChatChannelKind,
  name: z.string().nullable(),
  /** The realtime channel to subscribe to: `room:{id}` or `conversation:{id}`. */
  realtimeChannel: z.string(),
  /** Seconds a participant must wait between messages; 0 is off. */
  slowModeSeconds: z.number().int(),
  readOnly: z.boolean(),
  /** Last sequence number of the channel (messages, edits, moderation). */
  seq: z.number().int(),
  createdAt: z.string(),
});
export type ChatChannel = z.infer<typeof ChatChannel>;

/** A room's or the stage's chat, created by the event's organizers. */
export const CreateChatChannelBody = z.object({
  kind: z.enum(['stage', 'room']),
  name: z.string().trim().min(1).max(120),
  slowModeSeconds: z.number().int().min(0).max(3600).optional(),
  readOnly: z.boolean().optional(),
});

export const ChatMember = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.enum(['owner', 'member']),
  joinedAt: z.string(),
});
export type ChatMember = z.infer<typeof ChatMember>;

export const ChatConversation = ChatChannel.extend({ members: z.array(ChatMember) });
export type ChatConversation = z.infer<typeof ChatConversation>;

export const SendChatMessageBody = z.object({
  text: z.string().trim().min(1).max(CHAT_MESSAGE_MAX_LENGTH),
  replyTo: z.uuid().optional(),
});
export const EditChatMessageBody = z.object({ text: z.string().trim().min(1).max(CHAT_MESSAGE_MAX_LENGTH) });
export const ReactBody = z.object({ emoji: z.string().min(1).max(16), on: z.boolean() });

export const ChatHistoryQuery = z.object({
  /** Opaque cursor from a previous page (older messages). */
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Only changes after this sequence number, oldest first (for catching up). */
  sinceSeq: z.coerce.number().int().min(0).optional(),
  /** Only messages created after this time, oldest first. */
  since: z.iso.datetime({ offset: true }).optional(),
  /** Only the replies to this message. */
  thread: z.uuid().optional(),
});
export const ChatHistoryPage = z.object({ items: z.array(ChatMessage), nextCursor: z.string().nullable() });
export type ChatHistoryPage = z.infer<typeof ChatHistoryPage>;

export const CreateConversationBody = z.object({
  kind: z.enum(['group', 'direct']),
  name: z.string().trim().min(1).max(120).optional(),
  /** Other participants (accounts); a direct conversation has exactly one. */
  memberIds: z.array(z.uuid()).min(1).max(200),
});
export const InviteBody = z.object({ userIds: z.array(z.uuid()).min(1).max(200) });

export const MuteBody = z.object({
  participant: ChatParticipantRef,
  /** How long the participant may not write in the event's chats. */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30),
  reason: z.string().max(500).optional(),
});
export const BanBody = z.object({ participant: ChatParticipantRef, reason: z.string().max(500).optional() });
export const ChannelSettingsBody = z.object({
  slowModeSeconds: z.number().int().min(0).max(3600).optional(),
  readOnly: z.boolean().optional(),
});

export const ChatSanction = z.object({
  id: z.uuid(),
  participant: ChatParticipantRef,
  kind: z.enum(['mute', 'ban']),
  until: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export type ChatSanction = z.infer<typeof ChatSanction>;

/** Pushed on a chat channel when a moderator acts, so every client updates (and the one concerned sees a notice). */
export const ChatModerationNotice = z.object({
  action: z.enum(['mute', 'unmute', 'ban', 'unban', 'delete', 'settings']),
  participant: ChatAuthor.nullable(),
  until: z.string().nullable(),
  messageId: z.uuid().nullable(),
  slowModeSeconds: z.number().int().optional(),
  readOnly: z.boolean().optional(),
});
export type ChatModerationNotice = z.infer<typeof ChatModerationNotice>;

/** The names of the `event` of chat pushes on `room:` and `conversation:` channels. */
export const ChatPushEvent = {
  MESSAGE: 'chat.message',
  MESSAGE_UPDATED: 'chat.message_updated',
  MESSAGE_DELETED: 'chat.message_deleted',
  MODERATION: 'chat.moderation',
  MEMBERS: 'chat.members',
} as const;

/** A stage guest: a display name without an account, held in a signed cookie (`foyer_guest`). */
export const ChatGuest = z.object({ id: z.uuid(), eventId: z.uuid(), name: z.string() });
export type ChatGuest = z.infer<typeof ChatGuest>;

/** Becoming a guest of an event whose stage chat takes guests. */
export const CreateChatGuestBody = z.object({ name: z.string().max(200) });

/** `GET /api/v1/events/{eventId}/chat/guests/me`: the guest identity this browser holds for the event. */
export const ChatGuestAnswer = z.object({ guest: ChatGuest.nullable() });
