// The identity module's public surface: what other modules may import.
/** The sign-in session store, for tests and tools that open a session without a password. */
export { AuthSessions } from './auth-sessions.ts';
export { type SignedIn, USER_EMAIL_VERIFIED } from './identity-service.ts';
export { type IdentityServices, identityModule } from './module.ts';
/** Read model: accounts and their sign-in records, for joins (names, locales) and housekeeping. */
export { authCodes, authSessions, users } from './schema.ts';
export type { UserRow, UsersRepository } from './users.ts';
