import type { Actor } from '../auth/actor.ts';
import type { Action } from '../auth/policy.ts';
import type { SequencedFrame } from './frames.ts';

/** Who is on a socket: the actor the access gate resolved (anonymous until `auth`), and a stage guest's identity. */
export interface SocketIdentity {
  actor: Actor;
  /** A stage guest: an identity of one event, without an account. */
  guest: { id: string; name: string; eventId: string } | null;
  ip: string;
  /** The socket's own id (presence counts anonymous viewers by socket). */
  socketId: string;
}

/** How a channel kind decides a subscription: an action of the platform policy, or "the user themself". */
export type ChannelAccess =
  | {
      action: Action;
      /** The event the channel belongs to (null: no such channel → NOT_FOUND). */
      eventId?: (id: string) => Promise<string | null | undefined> | string | null | undefined;
      organizationId?: (id: string) => Promise<string | null | undefined> | string | null | undefined;
    }
  | 'self';

/** Where a channel's past messages come from when a client resumes. */
export interface ChannelStore {
  /** The channel's last sequence number. */
  head(id: string): Promise<number>;
  /** Frames after `since` (at most `limit`), oldest first; null when they cannot be replayed. */
  replay(id: string, since: number, limit: number): Promise<SequencedFrame[] | null>;
}

/**
 * A kind of channel (`event`, `room`, `user`, …) as a module declares it:
 * who may subscribe, where resume reads from, and whether it has presence.
 */
export interface ChannelKind {
  kind: string;
  description: string;
  /** Checked through the policy before anything of the channel is sent. */
  access: ChannelAccess;
  /** A further check after the policy allowed it (e.g. membership of a conversation). */
  admit?(who: SocketIdentity, id: string): Promise<boolean>;
  /**
   * The owning module's store, for channels whose messages it keeps (chat).
   * Without one the channel is ephemeral: the gateway numbers its messages
   * and keeps the last `replayBufferSize` for resume.
   */
  store?: ChannelStore;
  replayBufferSize?: number;
  /** The presence identity of a subscriber (null: not counted); absent: the channel has no presence. */
  presence?(who: SocketIdentity): { id: string; name: string } | null;
}

/** The channel kinds of one process. */
export class ChannelKinds {
  private readonly kinds = new Map<string, ChannelKind>();

  define(kind: ChannelKind): void {
    if (this.kinds.has(kind.kind)) throw new Error(`Channel kind ${kind.kind} is defined twice`);
    this.kinds.set(kind.kind, kind);
  }

  /** The kind and id of `kind:id`, or null when the kind is not defined. */
  resolve(channel: string): { kind: ChannelKind; id: string } | null {
    const colon = channel.indexOf(':');
    const kind = this.kinds.get(channel.slice(0, colon));
    return kind ? { kind, id: channel.slice(colon + 1) } : null;
  }

  all(): ChannelKind[] {
    return [...this.kinds.values()];
  }
}
