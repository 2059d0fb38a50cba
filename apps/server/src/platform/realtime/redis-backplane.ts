import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Backplane, FrameHandler, PresenceShare } from './backplane.ts';
import { sumShares } from './backplane.ts';
import type { SequencedFrame } from './frames.ts';

/** How long an ephemeral channel's counter and replay buffer outlive its last message. */
const EPHEMERAL_TTL_SECONDS = 7 * 24 * 3600;
/** A process whose liveness key is older than this is dead: its presence no longer counts. */
const PROCESS_TTL_SECONDS = 15;

// Assigns the sequence number, completes the frame, buffers and publishes it in one step:
// Redis runs scripts one at a time, so every subscriber sees frames in sequence order.
const PUBLISH_EPHEMERAL = `
local seq = redis.call('INCR', KEYS[1])
local frame = ARGV[1] .. seq .. ARGV[2]
redis.call('ZADD', KEYS[2], seq, frame)
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[3]) + 1))
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', KEYS[3], seq .. ' ' .. frame)
return seq
`;

type ScriptedRedis = Redis & {
  publishEphemeral(seqKey: string, bufferKey: string, channel: string, ...args: (string | number)[]): Promise<number>;
};

/**
 * Redis as the backplane: one pub/sub subscription per channel per process
 * (on a connection of its own), frames carried as `seq SP json` so they are
 * forwarded without being parsed or serialised again.
 */
export class RedisBackplane implements Backplane {
  readonly kind = 'redis' as const;
  private readonly redis: ScriptedRedis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, FrameHandler>();
  private readonly processId = randomUUID();
  private readonly liveness: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly prefix: string,
    logger?: Logger,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3, connectionName: 'foyer-realtime' }) as ScriptedRedis;
    this.redis.defineCommand('publishEphemeral', { numberOfKeys: 3, lua: PUBLISH_EPHEMERAL });
    this.sub = new Redis(url, {
      maxRetriesPerRequest: 3,
      connectionName: 'foyer-realtime-sub',
      enableReadyCheck: false,
    });
    for (const conn of [this.redis, this.sub]) conn.on('error', (err) => logger?.warn({ err }, 'realtime redis error'));
    const channelPrefix = `${prefix}rt:ch:`;
    this.sub.on('message', (channel: string, raw: string) => {
      const handler = this.handlers.get(channel.slice(channelPrefix.length));
      if (!handler) return;
      const space = raw.indexOf(' ');
      const seq = Number(raw.slice(0, space));
      if (!Number.isSafeInteger(seq)) return;
      handler({ seq, frame: raw.slice(space + 1) });
    });
    const beat = () =>
      this.redis
        .set(this.processKey(this.processId), '1', 'EX', PROCESS_TTL_SECONDS)
        .catch((err) => logger?.warn({ err }, 'realtime liveness beat failed'));
    void beat();
    this.liveness = setInterval(beat, (PROCESS_TTL_SECONDS * 1000) / 3);
    this.liveness.unref();
  }

  private channelKey = (channel: string) => `${this.prefix}rt:ch:${channel}`;
  private processKey = (id: string) => `${this.prefix}rt:proc:${id}`;
  private presenceKey = (channel: string) => `${this.prefix}rt:presence:${channel}`;

  async publishEphemeral(channel: string, [head, tail]: [string, string], bufferSize: number): Promise<number> {
    const base = `${this.prefix}rt:eph:${channel}`;
    return Number(
      await this.redis.publishEphemeral(
        `${base}:seq`,
        `${base}:buf`,
        this.channelKey(channel),
        head,
        tail,
        bufferSize,
        EPHEMERAL_TTL_SECONDS,
      ),
    );
  }

  async publishStored(channel: string, frame: SequencedFrame): Promise<void> {
    await this.redis.publish(this.channelKey(channel), `${frame.seq} ${frame.frame}`);
  }

  async ephemeralHead(channel: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}rt:eph:${channel}:seq`)) ?? 0);
  }

  async ephemeralReplay(channel: string, since: number): Promise<SequencedFrame[] | null> {
    const base = `${this.prefix}rt:eph:${channel}`;
    const [[, head], [, oldest], [, rows]] = (await this.redis
      .multi()
      .get(`${base}:seq`)
      .zrange(`${base}:buf`, 0, 0, 'WITHSCORES')
      .zrangebyscore(`${base}:buf`, `(${since}`, '+inf', 'WITHSCORES')
      .exec()) as [[null, string | null], [null, string[]], [null, string[]]];
    if (since >= Number(head ?? 0)) return [];
    if (oldest.length === 0 || Number(oldest[1]) > since + 1) return null;
    const frames: SequencedFrame[] = [];
    for (let i = 0; i < rows.length; i += 2) frames.push({ frame: rows[i]!, seq: Number(rows[i + 1]) });
    return frames;
  }

  async subscribe(channel: string, handler: FrameHandler): Promise<void> {
    this.handlers.set(channel, handler);
    await this.sub.subscribe(this.channelKey(channel));
  }

  async unsubscribe(channel: string): Promise<void> {
    this.handlers.delete(channel);
    await this.sub.unsubscribe(this.channelKey(channel));
  }

  async sharePresence(channel: string, share: PresenceShare | null): Promise<void> {
    const key = this.presenceKey(channel);
    if (share) await this.redis.multi().hset(key, this.processId, JSON.stringify(share)).expire(key, 3600).exec();
    else await this.redis.hdel(key, this.processId);
  }

  async presence(channel: string): Promise<PresenceShare> {
    const key = this.presenceKey(channel);
    const entries = await this.redis.hgetall(key);
    const ids = Object.keys(entries);
    if (ids.length === 0) return sumShares([]);
    const alive = await this.redis.mget(ids.map((id) => this.processKey(id)));
    const shares: PresenceShare[] = [];
    const dead: string[] = [];
    ids.forEach((id, i) => {
      if (alive[i]) shares.push(JSON.parse(entries[id]!) as PresenceShare);
      else dead.push(id);
    });
    // A process that died without cleaning up stops counting once its liveness key expires.
    if (dead.length > 0) await this.redis.hdel(key, ...dead);
    return sumShares(shares);
  }

  async close(): Promise<void> {
    clearInterval(this.liveness);
    this.handlers.clear();
    await this.redis.del(this.processKey(this.processId)).catch(() => {});
    await Promise.allSettled([this.redis.quit(), this.sub.quit()]);
  }
}
