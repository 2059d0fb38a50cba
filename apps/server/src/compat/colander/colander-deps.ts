import type { Logger } from 'pino';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { OrgRole } from '../../platform/auth/policy.ts';

/**
 * What the Colander adapter uses, named narrowly so it is plain that it only
 * translates: identity signs in, organizations answer membership, the
 * scheduling module holds every rule about resources and bookings.
 */
export interface ColanderDeps {
  identity: {
    requestMagicCode(email: string, meta: Meta): Promise<void>;
    verifyMagicCode(
      email: string,
      code: string,
      meta: Meta,
    ): Promise<{ accessToken: string; refreshToken: string } | { secondFactorRequired: true }>;
    refresh(refreshToken: string, meta: Meta): Promise<{ accessToken: string; refreshToken: string }>;
    userFromAccessToken(token: string): Promise<UserActor | null>;
  };
  organizations: {
    listFor(userId: string): Promise<{ id: string; name: string; createdAt: string }[]>;
    roleOf(userId: string, organizationId: string): Promise<OrgRole | null>;
    create(actor: UserActor, body: { name: string; slug: string }, meta: Meta): Promise<{ id: string }>;
    update(actor: UserActor, organizationId: string, patch: { name?: string }, meta: Meta): Promise<unknown>;
  };
  scheduling: import('../../modules/scheduling/index.ts').SchedulingServices;
  logger: Logger;
}

export interface Meta {
  ip: string | null;
  userAgent: string | null;
}
