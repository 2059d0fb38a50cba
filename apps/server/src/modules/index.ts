import type { FoyerModule } from '../platform/module.ts';

/** Every domain module of Foyer, in registration order. */
export const modules: FoyerModule[] = [];
