import type { TokenPair } from '@foyer/contracts';
import { describe, expect, it, vi } from 'vitest';
import { CookieSession } from './cookie-session.ts';
import { FoyerApiError } from './http.ts';

const user = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ada@example.org',
  emailVerified: true,
  name: 'Ada',
  platformRole: 'user' as const,
  locale: null,
  timezone: null,
  hasPassword: true,
  secondFactor: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

function pair(accessToken: string, expiresIn = 900): TokenPair {
  return { accessToken, tokenType: 'Bearer', expiresIn, user };
}

function unauthorized(): FoyerApiError {
  return new FoyerApiError({ type: 't', title: 'Unauthorized', status: 401, detail: 'gone', code: 'INVALID_TOKEN' });
}

/** A session with a manual clock and timers that only fire when the test says so. */
function setup(refresh: () => Promise<TokenPair>) {
  let now = 1_000_000;
  const timers: { at: number; run: () => void }[] = [];
  const session = new CookieSession({
    refresh,
    now: () => now,
    setTimer: (run, ms) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => timers.splice(timers.indexOf(timer as (typeof timers)[number]), 1),
  });
  return {
    session,
    timers,
    /** Moves the clock; with `fire` false the timers stay pending, as in a throttled background tab. */
    advance(ms: number, fire = true) {
      now += ms;
      if (!fire) return;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}

describe('CookieSession', () => {
  it('signs out at once when this browser never signed in, without asking the server', async () => {
    const refresh = vi.fn();
    const { session } = setup(refresh);
    await session.start(false);
    expect(session.current.status).toBe('signedOut');
    expect(await session.accessToken()).toBeNull();
    expect(refresh).not.toHaveBeenCalled();
  });

  it('shares one refresh between concurrent callers', async () => {
    let resolve!: (p: TokenPair) => void;
    const refresh = vi.fn(() => new Promise<TokenPair>((r) => (resolve = r)));
    const { session } = setup(refresh);
    const start = session.start(true);
    const tokens = Promise.all([session.accessToken(), session.accessToken(), session.refresh()]);
    resolve(pair('a1'));
    await start;
    expect(await tokens).toEqual(['a1', 'a1', true]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(session.current).toEqual({ status: 'signedIn', user });
  });

  it('refreshes shortly before expiry, and lazily when a timer was throttled', async () => {
    const refresh = vi.fn().mockResolvedValueOnce(pair('a2', 900)).mockResolvedValueOnce(pair('a3', 900));
    const { session, advance } = setup(refresh);
    session.accept(pair('a1', 900));
    advance(839_000);
    expect(refresh).not.toHaveBeenCalled();
    advance(1_000);
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    expect(await session.accessToken()).toBe('a2');
    // Past expiry with no timer fired (background tab): the next call refreshes first.
    advance(900_000, false);
    expect(await session.accessToken()).toBe('a3');
  });

  it('signs out when the server refuses the refresh token', async () => {
    const { session } = setup(() => Promise.reject(unauthorized()));
    session.accept(pair('a1'));
    expect(await session.refresh()).toBe(false);
    expect(session.current.status).toBe('signedOut');
    expect(await session.accessToken()).toBeNull();
  });

  it('keeps the session through a network failure', async () => {
    const { session } = setup(() => Promise.reject(new TypeError('offline')));
    session.accept(pair('a1'));
    expect(await session.refresh()).toBe(false);
    expect(session.current.status).toBe('signedIn');
    expect(await session.accessToken()).toBe('a1');
  });

  it('does not let a refresh that finishes after a sign-out sign back in', async () => {
    let resolve!: (p: TokenPair) => void;
    const { session } = setup(() => new Promise<TokenPair>((r) => (resolve = r)));
    session.accept(pair('a1'));
    const pending = session.refresh();
    session.clear();
    resolve(pair('a2'));
    await pending;
    expect(session.current.status).toBe('signedOut');
  });

  it('runs refreshes inside the cross-tab lock', async () => {
    const order: string[] = [];
    const session = new CookieSession({
      refresh: async () => {
        order.push('refresh');
        return pair('a1');
      },
      lock: async (work) => {
        order.push('lock');
        const result = await work();
        order.push('unlock');
        return result;
      },
    });
    await session.start(true);
    expect(order).toEqual(['lock', 'refresh', 'unlock']);
    session.clear();
  });
});
