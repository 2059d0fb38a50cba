import type { Metrics } from '../observability/metrics.ts';
import type { PubSub } from './pubsub.ts';

/** Wraps a pub/sub so every message published and received is counted in the process's metrics. */
export function countingPubSub(inner: PubSub, metrics: Metrics): PubSub {
  return {
    get kind() {
      return inner.kind;
    },
    publish: async (channel, message) => {
      await inner.publish(channel, message);
      metrics.pubsubPublished.inc();
    },
    subscribe: (channel, handler) =>
      inner.subscribe(channel, (message) => {
        metrics.pubsubReceived.inc();
        handler(message);
      }),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
