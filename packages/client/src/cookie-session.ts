import type { TokenPair, User } from '@foyer/contracts';
import { FoyerApiError } from './http.ts';

export type SessionStatus = 'unknown' | 'signedIn' | 'signedOut';

export interface SessionSnapshot {
  status: SessionStatus;
  /** The user as of the last sign-in or refresh; keep a fresher copy elsewhere if you edit it. */
  user: User | null;
}

export interface CookieSessionOptions {
  /** Exchanges the refresh cookie for new tokens, e.g. `client.auth.refresh`. */
  refresh: () => Promise<TokenPair>;
  /**
   * Runs a refresh under a lock shared by every tab of the app (e.g. the Web
   * Locks API). Two tabs presenting the same refresh token at once would look
   * like token theft to the server, which then revokes the session.
   */
  lock?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Refresh this long before the access token expires (default 60 s). */
  marginSeconds?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Keeps the access token in memory only, with the refresh token in an
 * httpOnly cookie the script never sees. Refreshes are single-flight: at most
 * one is in progress at a time (and, with `lock`, across tabs), because a
 * refresh token presented twice revokes the whole session.
 */
export class CookieSession {
  private token: string | null = null;
  private expiresAt = 0;
  private snapshot: SessionSnapshot = { status: 'unknown', user: null };
  private inflight: Promise<boolean> | null = null;
  private timer: unknown = null;
  /** Bumped by every sign-in and sign-out, so a refresh that finishes afterwards cannot undo them. */
  private generation = 0;
  private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>();
  private readonly now: () => number;
  private readonly margin: number;

  constructor(private readonly options: CookieSessionOptions) {
    this.now = options.now ?? Date.now;
    this.margin = (options.marginSeconds ?? 60) * 1000;
  }

  get current(): SessionSnapshot {
    return this.snapshot;
  }

  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves the initial state. Pass false when this browser has never
   * signed in (or signed out since), to skip a refresh that could only fail.
   */
  async start(maybeSignedIn: boolean): Promise<void> {
    if (this.snapshot.status !== 'unknown') return;
    if (!maybeSignedIn) {
      this.set({ status: 'signedOut', user: null });
      return;
    }
    await this.refresh();
    // A failure that was not a clear "no session" (e.g. offline) still leaves us signed out for now.
    if (this.snapshot.status === 'unknown') this.set({ status: 'signedOut', user: null });
  }

  /** Takes the answer of a sign-in call (signup, login, magic code) or a refresh. */
  accept(pair: TokenPair): void {
    this.generation++;
    this.apply(pair);
  }

  /** The access token, refreshed first when it is missing or about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    if (this.inflight) await this.inflight;
    if (this.token && this.now() < this.expiresAt - 5_000) return this.token;
    if (this.snapshot.status === 'signedOut') return null;
    await this.refresh();
    return this.token;
  }

  /** Gets new tokens from the cookie; concurrent callers share one request. Answers whether it worked. */
  refresh(): Promise<boolean> {
    if (!this.inflight) {
      const generation = this.generation;
      const work = () => this.options.refresh();
      const locked = this.options.lock ? this.options.lock(work) : work();
      this.inflight = locked
        .then((pair) => {
          if (generation !== this.generation) return this.token !== null;
          this.apply(pair);
          return true;
        })
        .catch((error: unknown) => {
          if (generation !== this.generation) return this.token !== null;
          // The server said the session is gone (expired, revoked, reused): we are signed out.
          if (error instanceof FoyerApiError && error.status === 401) this.signedOut();
          else this.retrySoon();
          return false;
        })
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  /** Forgets the tokens (after logout, or when another tab signed out). */
  clear(): void {
    this.generation++;
    this.signedOut();
  }

  private apply(pair: TokenPair): void {
    this.token = pair.accessToken;
    this.expiresAt = this.now() + pair.expiresIn * 1000;
    // Short-lived tokens (tests, strict deployments) refresh at three quarters of their life instead.
    const lifetime = pair.expiresIn * 1000;
    this.schedule(Math.max(5_000, lifetime - Math.min(this.margin, lifetime / 4)));
    this.set({ status: 'signedIn', user: pair.user });
  }

  private signedOut(): void {
    this.token = null;
    this.expiresAt = 0;
    this.cancelTimer();
    this.set({ status: 'signedOut', user: null });
  }

  private retrySoon(): void {
    // A network hiccup is not a sign-out; try again while the current token still works.
    if (this.token) this.schedule(15_000);
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    const setTimer = this.options.setTimer ?? ((cb: () => void, delay: number) => setTimeout(cb, delay));
    this.timer = setTimer(() => void this.refresh(), ms);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    const clearTimer = this.options.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>));
    clearTimer(this.timer);
    this.timer = null;
  }

  private set(snapshot: SessionSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}
