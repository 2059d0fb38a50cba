import type { FastifyInstance } from 'fastify';
import type { Platform } from './platform.ts';

/**
 * A domain module plugs into a Foyer process here: `configure` declares its
 * queues, schedules, event subscribers and handlers before the platform
 * starts; `routes` registers its HTTP API (API role only).
 */
export interface FoyerModule {
  name: string;
  configure?(platform: Platform): void;
  routes?(app: FastifyInstance, platform: Platform): Promise<void> | void;
}
