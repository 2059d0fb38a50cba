const LOCK_NAME = 'foyer-refresh';

/**
 * Serialises token refreshes across every tab of this origin. All tabs share
 * one refresh cookie; if two sent it at once, the server would see the second
 * as a stolen, reused token and sign the person out everywhere.
 */
export function acrossTabs<T>(work: () => Promise<T>): Promise<T> {
  // Web Locks are in every current browser; without them (old or embedded
  // browsers) the in-tab single flight still holds.
  if (typeof navigator === 'undefined' || !navigator.locks) return work();
  return navigator.locks.request(LOCK_NAME, work) as Promise<T>;
}
