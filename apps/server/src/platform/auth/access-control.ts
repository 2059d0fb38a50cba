import { ErrorCode } from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { decodeJwt } from 'jose';
import { sendProblem } from '../http/problem.ts';
import { isUuid } from '../ids.ts';
import { type Actor, ANONYMOUS, type ApiKeyActor, type UserActor } from './actor.ts';
import { type Action, type Decision, decide, hidesRefusals, type OrgRole } from './policy.ts';

/**
 * Finds an id the access rule needs, from the path or by looking up the
 * resource the path names (e.g. a session's event). `null` means the path
 * names a resource that does not exist: the gate answers 404 (401 when
 * not signed in) without consulting the policy.
 */
export type IdResolver = (request: FastifyRequest) => string | null | undefined | Promise<string | null | undefined>;

/** What a route declares: open to anyone, or an action on a resource. */
export type AccessRule =
  | 'public'
  | {
      action: Action;
      /** Where the route finds the organization the action is about. */
      organizationId?: IdResolver;
      /** Where the route finds the event the action is about (its organization is looked up). */
      eventId?: IdResolver;
    };

/** How credentials become actors; provided by the identity and organization modules. */
export interface AccessResolvers {
  /** A user actor for a valid access token whose session is still active, else null. */
  userFromAccessToken(token: string): Promise<UserActor | null>;
  /** An API-key actor for a valid, unrevoked key, else null. */
  apiKeyFromSecret(key: string): Promise<ApiKeyActor | null>;
  roleOf(userId: string, organizationId: string): Promise<OrgRole | null>;
  /** Whether the organization requires a second factor of its members. */
  requiresSecondFactor(organizationId: string): Promise<boolean>;
  /** The event's organization, and whether `userId` is one of its active organizers; null when no such event. */
  eventContext(eventId: string, userId: string | null): Promise<EventAccessContext | null>;
}

/** What the gate learns about the event a request is about. */
export interface EventAccessContext {
  organizationId: string;
  actorRunsEvent: boolean;
  /** Visible to anyone by direct link (for actions open to the public on public events). */
  eventIsPublic?: boolean;
  /** Changes whenever the event or anything shown with it changes (for ETags). */
  version?: number;
}

/** What the gate decided a request is about, for handlers that answer members and the public differently. */
export interface AccessScope {
  organizationId: string | null;
  eventId: string | null;
  role: OrgRole | null;
  actorRunsEvent: boolean;
  eventIsPublic: boolean;
  eventVersion: number | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    actor: Actor;
    /** Set by the gate for routes with an action rule. */
    accessScope: AccessScope | null;
  }
}

export const API_KEY_PREFIX = 'fyr_';

/**
 * The one gate every API route passes: resolves the actor from the
 * `Authorization` (or `X-Api-Key`) header and applies the route's declared
 * rule through the policy. A route under /api/v1 without a rule cannot be
 * registered, so nothing is left open by omission.
 */
export class AccessControl {
  private resolvers: Partial<AccessResolvers> = {};
  /** Every API route with its rule, for the authorization matrix. */
  readonly routes: { method: string; url: string; rule: AccessRule }[] = [];

  /** Plugs in resolvers; each module teaches the gate what it owns (identity tokens, organizations roles…). */
  use(resolvers: Partial<AccessResolvers>): void {
    this.resolvers = { ...this.resolvers, ...resolvers };
  }

  register(app: FastifyInstance): void {
    // Fastify allows only null as a decorator default for objects; the gate always sets it.
    app.decorateRequest('actor', null as never);
    app.decorateRequest('accessScope', null);
    app.addHook('onRoute', (route: RouteOptions) => {
      if (!route.url.startsWith('/api/v1/')) return;
      const rule = route.config?.access;
      if (!rule) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') this.routes.push({ method, url: route.url, rule });
      }
    });
    // Before validation: a caller who may not use a route learns nothing of its body schema
    // (an anonymous bad body is 401, not 422 with the field list).
    app.addHook('preValidation', async (request, reply) => {
      const rule = request.routeOptions.config?.access;
      if (!rule) {
        request.actor = ANONYMOUS;
        return;
      }
      const credential = credentialOf(request);
      // The rule's lookups read path parameters, which are not validated yet: check them here.
      const paramsSchema = request.routeOptions.schema?.params as
        | { safeParse?: (v: unknown) => { success: boolean; data?: unknown } }
        | undefined;
      if (paramsSchema?.safeParse) {
        const parsed = paramsSchema.safeParse(request.params);
        if (!parsed.success) {
          if (rule !== 'public' && !credential) {
            request.actor = ANONYMOUS;
            reply.header('www-authenticate', 'Bearer');
            return sendProblem(request, reply, ErrorCode.UNAUTHENTICATED, 401, 'Sign in to do this.');
          }
          // Validation answers next, with the same schema; nothing of the route runs.
          request.actor = ANONYMOUS;
          return;
        }
        request.params = parsed.data;
      }
      const actor = credential ? await this.resolve(credential) : ANONYMOUS;
      if (credential && !actor && rule !== 'public') {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        return sendProblem(
          request,
          reply,
          ErrorCode.INVALID_TOKEN,
          401,
          'The access token or API key is not valid or has expired.',
        );
      }
      request.actor = actor ?? ANONYMOUS;
      if (rule === 'public') return;
      const notFound = (what: string) => {
        if (request.actor.kind === 'anonymous' && !hidesRefusals(rule.action)) {
          reply.header('www-authenticate', 'Bearer');
          return sendProblem(request, reply, ErrorCode.UNAUTHENTICATED, 401, 'Sign in to do this.');
        }
        return sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, `No such ${what}.`);
      };
      let organizationId = await rule.organizationId?.(request);
      if (organizationId === null) return notFound('resource');
      let event: EventAccessContext | null = null;
      const eventId = await rule.eventId?.(request);
      if (eventId === null) return notFound('resource');
      const { eventContext, roleOf } = this.resolvers;
      if (eventId && eventContext) {
        const userId = request.actor.kind === 'user' ? request.actor.userId : null;
        event = isUuid(eventId) ? await eventContext(eventId, userId) : null;
        if (!event) return notFound('event');
        organizationId = event.organizationId;
      }
      const role =
        request.actor.kind === 'user' && organizationId && roleOf
          ? await roleOf(request.actor.userId, organizationId)
          : null;
      const actorRunsEvent = event?.actorRunsEvent ?? false;
      const eventIsPublic = event?.eventIsPublic ?? false;
      request.accessScope = {
        organizationId: organizationId ?? null,
        eventId: eventId ?? null,
        role,
        actorRunsEvent,
        eventIsPublic,
        eventVersion: event?.version ?? null,
      };
      const decision = decide(
        request.actor,
        rule.action,
        { organizationId: organizationId ?? null, actorRunsEvent, eventIsPublic },
        role,
      );
      if (decision === 'hidden') return sendProblem(request, reply, ErrorCode.NOT_FOUND, 404, 'No such event.');
      if (decision === 'unauthenticated') {
        reply.header('www-authenticate', 'Bearer');
        return sendProblem(request, reply, ErrorCode.UNAUTHENTICATED, 401, 'Sign in to do this.');
      }
      if (decision === 'forbidden') {
        return sendProblem(request, reply, ErrorCode.FORBIDDEN, 403, 'You are not allowed to do this.');
      }
      // A member acting in an organization that requires a second factor must have one (asked only of
      // members without one, so it costs nothing for the rest). Public reads do not involve the role.
      const member = request.actor;
      if (
        member.kind === 'user' &&
        role &&
        !member.secondFactor &&
        organizationId &&
        rule.action !== 'event.view' &&
        (await this.resolvers.requiresSecondFactor?.(organizationId))
      ) {
        return sendProblem(
          request,
          reply,
          ErrorCode.SECOND_FACTOR_REQUIRED,
          403,
          'This organization requires a second factor. Set one up on your account page, then sign in again.',
        );
      }
    });
  }

  /**
   * The actor of a credential (access token or API key), as the gate
   * resolves it, and when it stops being valid (null: an API key, valid
   * until revoked). Null for an invalid credential. The realtime gateway
   * authenticates sockets with it.
   */
  async authenticate(credential: string): Promise<{ actor: UserActor | ApiKeyActor; expiresAt: Date | null } | null> {
    const actor = await this.resolve(credential);
    if (!actor || actor.kind === 'anonymous') return null;
    if (actor.kind === 'apiKey') return { actor, expiresAt: null };
    // Verified by the resolver just now, so reading the claims unverified is safe.
    const exp = decodeJwt(credential).exp;
    return { actor, expiresAt: exp ? new Date(exp * 1000) : null };
  }

  /**
   * Decides `action` for `actor` on an event or an organization exactly as
   * the gate does for a route with that rule; `not_found` when the event
   * does not exist. For callers outside HTTP (realtime subscriptions).
   */
  async authorize(
    actor: Actor,
    action: Action,
    target: { eventId?: string; organizationId?: string },
  ): Promise<Decision | 'not_found'> {
    const { eventContext, roleOf } = this.resolvers;
    if (!eventContext || !roleOf) return 'forbidden';
    const userId = actor.kind === 'user' ? actor.userId : null;
    let organizationId = target.organizationId ?? null;
    let event: EventAccessContext | null = null;
    if (target.eventId) {
      event = isUuid(target.eventId) ? await eventContext(target.eventId, userId) : null;
      if (!event) return 'not_found';
      organizationId = event.organizationId;
    }
    const role = userId && organizationId ? await roleOf(userId, organizationId) : null;
    return decide(
      actor,
      action,
      { organizationId, actorRunsEvent: event?.actorRunsEvent ?? false, eventIsPublic: event?.eventIsPublic ?? false },
      role,
    );
  }

  private async resolve(credential: string): Promise<Actor | null> {
    const { apiKeyFromSecret, userFromAccessToken } = this.resolvers;
    if (credential.startsWith(API_KEY_PREFIX)) return apiKeyFromSecret ? apiKeyFromSecret(credential) : null;
    return userFromAccessToken ? userFromAccessToken(credential) : null;
  }
}

function credentialOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? m[1]! : header;
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey ? apiKey : null;
}
