import type { JWK } from 'jose';
import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { AccessTokens } from './access-tokens.ts';
import { AuthCodes } from './auth-codes.ts';
import { AuthSessions } from './auth-sessions.ts';
import { registerIdentityRoutes } from './identity-routes.ts';
import { IdentityService, PASSWORD_RESET_QUEUE, type PasswordResetJob } from './identity-service.ts';
import { SecondFactor } from './second-factor.ts';
import { SigningKeys } from './signing-keys.ts';
import { UsersRepository } from './users.ts';

function identityServices(platform: Platform, { audit }: AuditServices) {
  const { config, cipher, keys } = platform;
  const { db } = platform.database;
  const users = new UsersRepository(cipher);
  const signingKeys = new SigningKeys(
    platform.database,
    cipher,
    config.accessTokenTtlSeconds,
    config.jwtSigningKey as JWK | null,
  );
  const accessTokens = new AccessTokens(signingKeys, config.publicUrl, config.accessTokenTtlSeconds);
  const identity = new IdentityService({
    db,
    users,
    sessions: new AuthSessions(db, keys.tokenHash, config.sessionAbsoluteLifetimeDays),
    codes: new AuthCodes(db, keys.tokenHash),
    tokens: accessTokens,
    mail: platform.mail,
    audit,
    cipher,
    limiter: platform.rateLimiter,
    jobs: platform.jobs,
    secondFactor: new SecondFactor(cipher, keys.tokenHash, new URL(config.publicUrl).host),
    publicUrl: config.publicUrl,
  });
  return { users, signingKeys, accessTokens, identity };
}

export type IdentityServices = ReturnType<typeof identityServices>;

/** Identity: accounts, sessions, tokens; teaches the access gate to read access tokens. */
export const identityModule = defineModule({
  name: 'identity',
  needs: () => [auditModule],
  services: identityServices,
  configure(platform, { identity }) {
    platform.access.use({ userFromAccessToken: (token) => identity.userFromAccessToken(token) });
    // Mail work: seconds, like mail delivery; a retry after a lost worker must not wait minutes.
    platform.jobs.define({ name: PASSWORD_RESET_QUEUE, retryLimit: 5, retryDelaySeconds: 2, expireInSeconds: 30 });
    platform.jobs.handle<PasswordResetJob>(PASSWORD_RESET_QUEUE, (job) => identity.sendPasswordReset(job));
  },
  routes: registerIdentityRoutes,
});
