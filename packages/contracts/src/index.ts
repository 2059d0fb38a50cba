export * from './catalog.ts';
export * from './catalog-public.ts';
export * from './errors.ts';
export * from './event-file.ts';
export * from './identity.ts';
export * from './organizations.ts';
export * from './registration.ts';
export * from './system.ts';
