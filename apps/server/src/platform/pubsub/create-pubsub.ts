import type { Logger } from 'pino';
import { MemoryPubSub } from './memory-pubsub.ts';
import type { PubSub } from './pubsub.ts';
import { RedisPubSub } from './redis-pubsub.ts';

/** Redis when a URL is configured, otherwise in memory. */
export function createPubSub(redisUrl: string | null, logger?: Logger, prefix = 'foyer:'): PubSub {
  return redisUrl ? new RedisPubSub(redisUrl, logger, prefix) : new MemoryPubSub();
}
