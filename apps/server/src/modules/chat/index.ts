// The chat module's public surface: what other modules may import.
export type { ChatAccess, ChatParticipant } from './chat-access.ts';
export type { ChatChannelsService } from './chat-channels-service.ts';
export type { ChatMessagesService } from './chat-messages-service.ts';
export type { ChatModerationService } from './chat-moderation-service.ts';
export { type ChatServices, chatModule } from './module.ts';
/** Read model: chat channels and messages, for joins (a stage's chat, counts). */
export { chatChannels, chatMessages } from './schema.ts';
