/**
 * The `next` parameter after signing in, when it is a path on this site.
 * Anything else (another origin, `//evil.example`) is ignored, so a crafted
 * link cannot send people elsewhere after they sign in.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}

/** `/login?next=…` (or another auth page) that comes back to `next` afterwards. */
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
