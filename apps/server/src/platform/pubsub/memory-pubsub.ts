import type { MessageHandler, PubSub } from './pubsub.ts';

/** In-process pub/sub for a single Foyer process (the embedded default). */
export class MemoryPubSub implements PubSub {
  readonly kind = 'memory' as const;
  private readonly channels = new Map<string, Set<MessageHandler>>();

  async publish(channel: string, message: unknown): Promise<void> {
    const handlers = this.channels.get(channel);
    if (!handlers) return;
    // Serialise like Redis would, so no subscriber can mutate the publisher's object.
    const wire = JSON.stringify(message);
    for (const handler of [...handlers]) {
      queueMicrotask(() => handler(JSON.parse(wire)));
    }
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let handlers = this.channels.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.channels.set(channel, handlers);
    }
    handlers.add(handler);
    return async () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.channels.delete(channel);
    };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.channels.clear();
  }
}
