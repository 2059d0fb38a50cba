import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MessageHandler, PubSub } from './pubsub.ts';

/**
 * Redis pub/sub for several Foyer processes. Redis needs a connection of
 * its own for subscribing, so there are two.
 */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis' as const;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels = new Map<string, Set<MessageHandler>>();

  constructor(
    url: string,
    private readonly logger?: Logger,
    private readonly prefix = 'foyer:',
  ) {
    const options = { maxRetriesPerRequest: 3, lazyConnect: false };
    this.pub = new Redis(url, { ...options, connectionName: 'foyer-pub' });
    // The ready check (INFO) must not run on a connection already in subscriber mode.
    this.sub = new Redis(url, { ...options, connectionName: 'foyer-sub', enableReadyCheck: false });
    for (const conn of [this.pub, this.sub]) conn.on('error', (err) => this.logger?.warn({ err }, 'redis error'));
    this.sub.on('message', (channel: string, raw: string) => {
      const handlers = this.channels.get(channel.slice(this.prefix.length));
      if (!handlers) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        this.logger?.warn({ channel }, 'dropping a pub/sub message that is not JSON');
        return;
      }
      for (const handler of handlers) handler(message);
    });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.pub.publish(this.prefix + channel, JSON.stringify(message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let handlers = this.channels.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.channels.set(channel, handlers);
      await this.sub.subscribe(this.prefix + channel);
    }
    handlers.add(handler);
    return async () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.channels.get(channel) === handlers) {
        this.channels.delete(channel);
        await this.sub.unsubscribe(this.prefix + channel);
      }
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.pub.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.channels.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
