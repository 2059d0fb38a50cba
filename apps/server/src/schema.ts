// Every table of the platform and of every module, gathered for drizzle-kit
// (migrations are generated from it). A module adds its `schema.ts` here and
// nowhere else. Queries import tables from their owner, never from here.

export * from './modules/audit/schema.ts';
export * from './modules/catalog/schema.ts';
export * from './modules/certificates/schema.ts';
export * from './modules/chat/schema.ts';
export * from './modules/email/schema.ts';
export * from './modules/identity/schema.ts';
export * from './modules/media/schema.ts';
export * from './modules/organizations/schema.ts';
export * from './modules/registration/schema.ts';
export * from './modules/scheduling/schema.ts';
export * from './modules/stage/schema.ts';
export * from './platform/crypto/schema.ts';
export * from './platform/events/schema.ts';
export * from './platform/mail/schema.ts';
