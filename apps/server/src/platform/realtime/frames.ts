import type { ServerMessage } from '@foyer/contracts';

/** A channel message as sent on the wire, with its sequence number kept beside it for ordering. */
export interface SequencedFrame {
  seq: number;
  /** The JSON text of the `message` frame. */
  frame: string;
}

/**
 * The two halves of a channel message's JSON around its sequence number, so
 * that whoever assigns the number (Redis, a database) can complete the
 * frame without parsing it again. The frame is serialised once, here.
 */
export function framePieces(channel: string, event: string, data: unknown, at: Date): [string, string] {
  return [
    `{"type":"message","channel":${JSON.stringify(channel)},"seq":`,
    `,"event":${JSON.stringify(event)},"at":"${at.toISOString()}","data":${JSON.stringify(data ?? null)}}`,
  ];
}

/** The complete `message` frame of a channel event whose sequence number is known. */
export function channelFrame(channel: string, seq: number, event: string, data: unknown, at: Date): string {
  const [head, tail] = framePieces(channel, event, data, at);
  return head + seq + tail;
}

/** Any other server message. */
export function serverFrame(message: ServerMessage): string {
  return JSON.stringify(message);
}
