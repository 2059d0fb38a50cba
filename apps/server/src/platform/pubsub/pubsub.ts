/** Receives one message published on a channel. */
export type MessageHandler = (message: unknown) => void;

/**
 * Publish/subscribe across every Foyer process: in memory when there is
 * one process, Redis when there are several. Messages are JSON values.
 */
export interface PubSub {
  readonly kind: 'memory' | 'redis';
  publish(channel: string, message: unknown): Promise<void>;
  /** Resolves once the subscription is active; the returned function ends it. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  /** Reachability, for readiness. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
