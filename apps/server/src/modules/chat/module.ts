import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { catalogModule } from '../catalog/index.ts';
import { identityModule } from '../identity/index.ts';
import { ChatAccess } from './chat-access.ts';
import { ChatChannelsService } from './chat-channels-service.ts';
import { registerChatGuestRoutes } from './chat-guest-routes.ts';
import { ChatGuests } from './chat-guests.ts';
import { ChatMessagesService } from './chat-messages-service.ts';
import { registerChatModerationRoutes } from './chat-moderation-routes.ts';
import { ChatModerationService } from './chat-moderation-service.ts';
import { ChatPublisher } from './chat-publisher.ts';
import { chatRevoker, defineChatRealtime } from './chat-realtime.ts';
import { registerChatRoutes } from './chat-routes.ts';

function chatServices(platform: Platform, { audit }: AuditServices) {
  const { db } = platform.database;
  const chatAccess = new ChatAccess(db, platform.access);
  const publisher = new ChatPublisher(platform.realtime, platform.logger);
  const revoke = chatRevoker(platform);
  return {
    /** Who may read, write and moderate; mutes and bans in force. */
    chatAccess,
    /** Stage guests: display names without an account, in signed cookies. */
    chatGuests: new ChatGuests(db, platform.keys.guestIdentity),
    chatChannels: new ChatChannelsService(db, chatAccess, audit, publisher, revoke),
    chatMessages: new ChatMessagesService(db, chatAccess, audit, publisher),
    chatModeration: new ChatModerationService(db, audit, publisher, platform.realtime, revoke),
  };
}

export type ChatServices = ReturnType<typeof chatServices>;

/** Chat: stage and room chats, conversations, messages with threads and reactions, moderation; over HTTP and the realtime socket. */
export const chatModule = defineModule({
  name: 'chat',
  needs: () => [auditModule, identityModule, catalogModule],
  services: chatServices,
  configure(platform, services) {
    defineChatRealtime(platform, services);
  },
  routes(app, platform, services) {
    registerChatRoutes(app, services);
    registerChatGuestRoutes(app, platform, services);
    registerChatModerationRoutes(app, services);
  },
});
