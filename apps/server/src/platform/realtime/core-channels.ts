import type { RealtimeGateway } from './gateway.ts';

/**
 * The channel kinds every Foyer process has: `event:{id}` (changes pushed
 * to open event pages; anyone who may view the event, so the public for a
 * published public event) and `user:{id}` (personal notices; that user
 * only). Both are ephemeral: numbered and buffered by the gateway.
 */
export function defineCoreChannels(gateway: RealtimeGateway): void {
  gateway.defineChannel({
    kind: 'event',
    description: 'Programme and status changes of an event, pushed to its open pages.',
    access: { action: 'event.view', eventId: (id) => id },
  });
  gateway.defineChannel({
    kind: 'user',
    description: 'Personal notices of one signed-in user.',
    access: 'self',
  });
}
