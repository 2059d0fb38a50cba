/** Who is making a request. Decided once per request by the access-control plugin. */
export type Actor = AnonymousActor | UserActor | ApiKeyActor;

export interface AnonymousActor {
  kind: 'anonymous';
}

export interface UserActor {
  kind: 'user';
  userId: string;
  sessionId: string;
  platformRole: 'admin' | 'user';
  emailVerified: boolean;
  /** Signed in to an account with a confirmed second factor (organizations may require one). */
  secondFactor?: boolean;
}

export interface ApiKeyActor {
  kind: 'apiKey';
  apiKeyId: string;
  organizationId: string;
  scopes: string[];
}

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

/** The actor as the audit log records it. */
export function auditActorOf(actor: Actor, request: { ip?: string | null; userAgent?: string | null } = {}) {
  const base = { ip: request.ip ?? null, userAgent: request.userAgent ?? null };
  switch (actor.kind) {
    case 'user':
      return { type: 'user' as const, id: actor.userId, ...base };
    case 'apiKey':
      return { type: 'api_key' as const, id: actor.apiKeyId, ...base };
    default:
      return { type: 'anonymous' as const, id: null, ...base };
  }
}
