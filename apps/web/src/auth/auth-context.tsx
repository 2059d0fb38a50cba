import type { SessionStatus } from '@foyer/client';
import type { TokenPair, User } from '@foyer/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react';
import { useNavigate } from 'react-router';
import { api, session } from '../api/client.ts';
import { accountKeys } from '../api/query-keys.ts';
import { isLanguage } from '../i18n/detect-language.ts';
import { setLanguage } from '../i18n/i18n.ts';
import { currentLocale } from '../i18n/locale.ts';

export interface Auth {
  status: SessionStatus;
  /** The signed-in user, kept current by `GET /me`; null when signed out or still starting. */
  user: User | null;
  /** Takes the answer of a sign-in call. */
  signIn(pair: TokenPair): void;
  /** Ends this session on the server (best effort) and forgets it here. */
  signOut(): Promise<void>;
  /** Forgets the session without asking the server (it already ended it). */
  forget(): void;
}

/** True from a deliberate sign-out until its navigation is done; see `useLeave`. */
let leaving = false;
export const isLeaving = () => leaving;

/**
 * Forgets the session and goes to `to` (home, or log-in with a notice).
 * Protected pages render nothing meanwhile instead of sending the person to
 * log in and back, which would race with (and win over) this navigation.
 */
export function useLeave() {
  const { forget } = useAuth();
  const navigate = useNavigate();
  return useCallback(
    (to: string, state?: unknown) => {
      leaving = true;
      forget();
      void Promise.resolve(navigate(to, { replace: true, state })).finally(() => {
        leaving = false;
      });
    },
    [forget, navigate],
  );
}

const AuthContext = createContext<Auth | null>(null);

const subscribe = (listener: () => void) => session.subscribe(listener);
const snapshot = () => session.current;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const current = useSyncExternalStore(subscribe, snapshot);
  const signedIn = current.status === 'signedIn';
  const lastUserId = useRef<string | null>(null);

  useEffect(() => {
    const userId = current.user?.id ?? null;
    // Someone else's data must not linger in the cache. (From nobody to someone
    // there is nothing to drop, and queries already started for them must stay.)
    if (lastUserId.current !== null && lastUserId.current !== userId) {
      queryClient.removeQueries({ queryKey: accountKeys.all });
    }
    if (current.user) {
      queryClient.setQueryData(accountKeys.me, current.user);
      // The account's language wins when it is set, on this and every other device.
      if (lastUserId.current !== userId && isLanguage(current.user.locale) && current.user.locale !== currentLocale()) {
        setLanguage(current.user.locale);
      }
    }
    lastUserId.current = userId;
  }, [current, queryClient]);

  const me = useQuery({
    queryKey: accountKeys.me,
    queryFn: ({ signal }) => api.me.get(signal),
    enabled: signedIn,
    staleTime: 60_000,
  });

  const signIn = useCallback((pair: TokenPair) => session.accept(pair), []);
  const forget = useCallback(() => session.clear(), []);
  const signOut = useCallback(async () => {
    // Even if the server cannot be reached, this browser forgets the session.
    await api.auth.logout().catch(() => undefined);
    session.clear();
  }, []);

  const value = useMemo<Auth>(
    () => ({
      status: current.status,
      user: signedIn ? (me.data ?? current.user) : null,
      signIn,
      signOut,
      forget,
    }),
    [current, signedIn, me.data, signIn, signOut, forget],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>');
  return auth;
}
