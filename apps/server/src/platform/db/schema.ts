// Every table of every module, gathered for drizzle-kit and the typed client.
// A module adds its `schema.ts` here and nowhere else.

export * from '../../modules/audit/schema.ts';
export * from '../../modules/catalog/schema.ts';
export * from '../../modules/email/schema.ts';
export * from '../../modules/identity/schema.ts';
export * from '../../modules/organizations/schema.ts';
export * from '../../modules/registration/schema.ts';
export * from '../../modules/scheduling/schema.ts';
export * from '../events/schema.ts';
export * from '../mail/schema.ts';
