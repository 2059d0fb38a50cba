import {
  ChannelSettingsBody,
  ChatChannel,
  ChatConversation,
  ChatHistoryPage,
  ChatHistoryQuery,
  ChatMessage,
  CreateChatChannelBody,
  CreateConversationBody,
  EditChatMessageBody,
  InviteBody,
  items,
  ReactBody,
  SendChatMessageBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventParam, requestMeta } from '../../platform/auth/request-context.ts';
import type { ChatServices } from './module.ts';

export const EventParams = z.object({ eventId: z.uuid() });
export const ChannelParams = z.object({ channelId: z.uuid() });
export const MessageParams = z.object({ messageId: z.uuid() });
export const MemberParams = z.object({ channelId: z.uuid(), userId: z.uuid() });

const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name]!;
export const callerOf = (request: FastifyRequest) => ({ actor: request.actor, meta: requestMeta(request) });

/** How the gate finds the event of a channel or a message in the path (null: none, 404). */
export function chatResolvers(s: ChatServices) {
  const channelEvent = (request: FastifyRequest) => s.chatChannels.eventIdOf(param(request, 'channelId'));
  const messageEvent = async (request: FastifyRequest) => {
    const channelId = await s.chatMessages.channelIdOf(param(request, 'messageId'));
    return channelId ? s.chatChannels.eventIdOf(channelId) : null;
  };
  return {
    eventManage: { action: 'event.manage' as const, eventId: eventParam },
    eventView: { action: 'event.view' as const, eventId: eventParam },
    channelView: { action: 'event.view' as const, eventId: channelEvent },
    channelManage: { action: 'event.manage' as const, eventId: channelEvent },
    messageView: { action: 'event.view' as const, eventId: messageEvent },
  };
}

/** Chat channels and conversations, history, posting, editing, deleting and reacting over HTTP. */
export function registerChatRoutes(app: FastifyInstance, s: ChatServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const rules = chatResolvers(s);
  const tags = ['chat'];
  // Writing routes: an anonymous caller may be a stage guest, proven by its signed cookie.
  const writerOf = async (request: FastifyRequest) => ({
    ...callerOf(request),
    guest: request.actor.kind === 'anonymous' ? await s.chatGuests.fromCookieHeader(request.headers.cookie) : null,
  });

  r.post(
    '/api/v1/events/:eventId/chat/channels',
    {
      config: { access: rules.eventManage },
      schema: {
        tags,
        summary: 'Create the stage’s or a room’s chat (organizers)',
        params: EventParams,
        body: CreateChatChannelBody,
        response: { 201: ChatChannel },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await s.chatChannels.createRoom(callerOf(req), req.params.eventId, req.body)),
  );
  r.get(
    '/api/v1/events/:eventId/chat/channels',
    {
      config: { access: rules.eventView },
      schema: {
        tags,
        summary: 'The stage and room chats of an event',
        params: EventParams,
        response: { 200: items(ChatChannel) },
      },
    },
    async (req) => ({ items: await s.chatChannels.listRooms(req.params.eventId) }),
  );
  r.post(
    '/api/v1/events/:eventId/chat/conversations',
    {
      config: { access: rules.eventView },
      schema: {
        tags,
        summary: 'Start a group or direct conversation (a direct one exists once per pair: 200 with it)',
        params: EventParams,
        body: CreateConversationBody,
        response: { 200: ChatConversation, 201: ChatConversation },
      },
    },
    async (req, reply) => {
      const { conversation, created } = await s.chatChannels.createConversation(
        callerOf(req),
        req.params.eventId,
        req.body,
      );
      return reply.status(created ? 201 : 200).send(conversation);
    },
  );
  r.get(
    '/api/v1/events/:eventId/chat/conversations',
    {
      config: { access: rules.eventView },
      schema: {
        tags,
        summary: 'Your conversations in an event, newest first',
        params: EventParams,
        response: { 200: items(ChatConversation) },
      },
    },
    async (req) => ({ items: await s.chatChannels.myConversations(req.actor, req.params.eventId) }),
  );
  r.get(
    '/api/v1/chat/channels/:channelId',
    {
      config: { access: rules.channelView },
      schema: {
        tags,
        summary: 'One chat channel (a conversation with its members, for them only)',
        params: ChannelParams,
        response: { 200: z.union([ChatConversation, ChatChannel]) },
      },
    },
    async (req) => s.chatChannels.get(req.actor, req.params.channelId),
  );
  r.patch(
    '/api/v1/chat/channels/:channelId',
    {
      config: { access: rules.channelManage },
      schema: {
        tags,
        summary: 'Slow mode and read-only (moderators; audited and pushed)',
        params: ChannelParams,
        body: ChannelSettingsBody,
        response: { 200: ChatChannel },
      },
    },
    async (req) => s.chatChannels.updateSettings(callerOf(req), req.params.channelId, req.body),
  );
  r.get(
    '/api/v1/chat/channels/:channelId/messages',
    {
      config: { access: rules.channelView },
      schema: {
        tags,
        summary: 'History: newest first by cursor, or what came after `sinceSeq`/`since`, or a thread',
        params: ChannelParams,
        querystring: ChatHistoryQuery,
        response: { 200: ChatHistoryPage },
      },
    },
    async (req) => {
      const channel = await s.chatAccess.channel(req.params.channelId);
      await s.chatAccess.requireReader(req.actor, channel);
      return s.chatMessages.history(channel, req.query);
    },
  );
  r.post(
    '/api/v1/chat/channels/:channelId/messages',
    {
      config: { access: rules.channelView },
      schema: {
        tags,
        summary: 'Post a message (plain text; links come back as data)',
        params: ChannelParams,
        body: SendChatMessageBody,
        response: { 201: ChatMessage },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await s.chatMessages.send(await writerOf(req), req.params.channelId, req.body)),
  );
  r.patch(
    '/api/v1/chat/messages/:messageId',
    {
      config: { access: rules.messageView },
      schema: {
        tags,
        summary: 'Edit your message',
        params: MessageParams,
        body: EditChatMessageBody,
        response: { 200: ChatMessage },
      },
    },
    async (req) => s.chatMessages.edit(await writerOf(req), req.params.messageId, req.body),
  );
  r.delete(
    '/api/v1/chat/messages/:messageId',
    {
      config: { access: rules.messageView },
      schema: {
        tags,
        summary: 'Delete a message: yours, or any as a moderator (audited)',
        params: MessageParams,
        response: { 200: ChatMessage },
      },
    },
    async (req) => s.chatMessages.delete(await writerOf(req), req.params.messageId),
  );
  r.post(
    '/api/v1/chat/messages/:messageId/reactions',
    {
      config: { access: rules.messageView },
      schema: {
        tags,
        summary: 'Add (`on: true`) or remove your reaction',
        params: MessageParams,
        body: ReactBody,
        response: { 200: ChatMessage },
      },
    },
    async (req) => s.chatMessages.react(await writerOf(req), req.params.messageId, req.body),
  );
  r.post(
    '/api/v1/chat/channels/:channelId/members',
    {
      config: { access: rules.channelView },
      schema: {
        tags,
        summary: 'Invite accounts to a group conversation (members)',
        params: ChannelParams,
        body: InviteBody,
        response: { 200: ChatConversation },
      },
    },
    async (req) => s.chatChannels.invite(callerOf(req), req.params.channelId, req.body.userIds),
  );
  r.delete(
    '/api/v1/chat/channels/:channelId/members/:userId',
    {
      config: { access: rules.channelView },
      schema: {
        tags,
        summary: 'Leave a group conversation, or remove someone (its owner, or a moderator)',
        params: MemberParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await s.chatChannels.removeMember(callerOf(req), req.params.channelId, req.params.userId);
      return reply.status(204).send(null);
    },
  );
}
