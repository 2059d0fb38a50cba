import type { CookieSession, SessionSnapshot } from '@foyer/client';

/** Not a secret: only whether a refresh on start could succeed (the token itself is an httpOnly cookie). */
const HINT_KEY = 'foyer-signed-in';
const CHANNEL_NAME = 'foyer-session';

type Message = { kind: 'signed-in'; userId: string } | { kind: 'signed-out' };

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Starts the session: refreshes from the cookie when this browser may be
 * signed in (skipping a request that could only answer 401 otherwise), keeps
 * the hint current, and tells other tabs about sign-ins and sign-outs so they
 * follow at once instead of on their next failed call.
 */
export function startSessionSync(session: CookieSession): void {
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
  let previous: SessionSnapshot = session.current;

  session.subscribe((next) => {
    const before = previous;
    previous = next;
    if (next.status === 'signedIn') storage()?.setItem(HINT_KEY, '1');
    if (next.status === 'signedOut') storage()?.removeItem(HINT_KEY);
    // Only transitions are news for the other tabs; a refresh of the same user is not.
    if (next.status === 'signedIn' && next.user && (before.status !== 'signedIn' || before.user?.id !== next.user.id)) {
      channel?.postMessage({ kind: 'signed-in', userId: next.user.id } satisfies Message);
    }
    if (next.status === 'signedOut' && before.status === 'signedIn') {
      channel?.postMessage({ kind: 'signed-out' } satisfies Message);
    }
  });

  channel?.addEventListener('message', (event: MessageEvent<Message>) => {
    const message = event.data;
    if (message.kind === 'signed-out' && session.current.status === 'signedIn') session.clear();
    if (message.kind === 'signed-in' && session.current.user?.id !== message.userId) void session.refresh();
  });

  void session.start(storage()?.getItem(HINT_KEY) === '1');
}
