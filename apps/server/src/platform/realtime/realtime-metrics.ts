import client from 'prom-client';

/** The gateway's Prometheus metrics; every process reports its own (scrape each). */
export class RealtimeMetrics {
  readonly openSockets: client.Gauge;
  readonly subscriptions: client.Gauge;
  readonly channels: client.Gauge;
  readonly messagesIn: client.Counter<'type'>;
  readonly messagesOut: client.Counter;
  readonly slowConsumersDropped: client.Counter;
  readonly replayRequests: client.Counter<'outcome'>;
  readonly rateLimited: client.Counter;
  readonly heartbeatTimeouts: client.Counter;

  constructor(registry: client.Registry) {
    const registers = [registry];
    this.openSockets = new client.Gauge({
      name: 'foyer_realtime_open_sockets',
      help: 'Open realtime WebSockets.',
      registers,
    });
    this.subscriptions = new client.Gauge({
      name: 'foyer_realtime_subscriptions',
      help: 'Channel subscriptions of open sockets.',
      registers,
    });
    this.channels = new client.Gauge({
      name: 'foyer_realtime_channels',
      help: 'Channels this process holds a backplane subscription for (one per channel, not per socket).',
      registers,
    });
    this.messagesIn = new client.Counter({
      name: 'foyer_realtime_messages_in_total',
      help: 'Frames received from clients, by message type (`invalid` for unreadable ones).',
      labelNames: ['type'],
      registers,
    });
    this.messagesOut = new client.Counter({
      name: 'foyer_realtime_messages_out_total',
      help: 'Frames sent to clients.',
      registers,
    });
    this.slowConsumersDropped = new client.Counter({
      name: 'foyer_realtime_slow_consumers_dropped_total',
      help: 'Sockets closed because their send buffer filled up (close code 4008).',
      registers,
    });
    this.replayRequests = new client.Counter({
      name: 'foyer_realtime_replay_requests_total',
      help: 'Subscriptions that asked to resume after a sequence number, by outcome (replayed, resync).',
      labelNames: ['outcome'],
      registers,
    });
    this.rateLimited = new client.Counter({
      name: 'foyer_realtime_rate_limited_total',
      help: 'Commands refused with RATE_LIMITED.',
      registers,
    });
    this.heartbeatTimeouts = new client.Counter({
      name: 'foyer_realtime_heartbeat_timeouts_total',
      help: 'Sockets closed because they did not answer a ping.',
      registers,
    });
  }
}
