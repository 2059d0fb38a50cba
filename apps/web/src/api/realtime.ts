import { RealtimeClient } from '@foyer/client';
import { session } from './client.ts';

/**
 * The app's one realtime socket, opened by the first page that needs it.
 * It authenticates with the in-memory access token when signed in and
 * stays anonymous otherwise; a stage guest's identity travels in its
 * httpOnly cookie on the upgrade request, so becoming a guest or signing
 * in or out reconnects (`reidentify`).
 */
export const realtime = new RealtimeClient({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/realtime`,
  token: () => (session.current.status === 'signedIn' ? session.accessToken() : null),
});

let lastStatus = session.current.status;
session.subscribe((snapshot) => {
  if (snapshot.status === lastStatus) return;
  const was = lastStatus;
  lastStatus = snapshot.status;
  // 'unknown' → 'signedOut' changes nothing the socket knows.
  if (was !== 'unknown' || snapshot.status === 'signedIn') reidentify();
});

/** Reconnects so the server sees who this browser is now (subscriptions resume without loss). */
export function reidentify(): void {
  if (realtime.state !== 'closed') realtime.dropConnection();
}

let users = 0;

/** Opens the socket for a page; the returned function releases it (closed when no page uses it). */
export function acquireRealtime(): () => void {
  users += 1;
  realtime.connect();
  return () => {
    users -= 1;
    if (users === 0) realtime.close();
  };
}
