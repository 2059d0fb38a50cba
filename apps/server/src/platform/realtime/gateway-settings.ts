/** Limits of the realtime gateway (from the REALTIME_* variables). */
export interface GatewaySettings {
  maxMessageBytes: number;
  sendBufferBytes: number;
  heartbeatMs: number;
  /** Commands per 10 s of one user, guest or API key (anonymous sockets: of one socket). */
  commandLimit: number;
  /** Commands per 10 s from one IP address. */
  ipCommandLimit: number;
  /** Most messages a resume replays; further behind gets a `resync`. */
  replayLimit: number;
  /** Messages an ephemeral channel keeps for resume. */
  replayBufferSize: number;
  maxSubscriptions: number;
}

export const DEFAULT_GATEWAY_SETTINGS: GatewaySettings = {
  maxMessageBytes: 16 * 1024,
  sendBufferBytes: 256 * 1024,
  heartbeatMs: 30_000,
  commandLimit: 40,
  ipCommandLimit: 400,
  replayLimit: 1000,
  replayBufferSize: 500,
  maxSubscriptions: 100,
};
