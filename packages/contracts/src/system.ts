import { z } from 'zod';

export const VersionInfo = z.object({
  name: z.literal('foyer'),
  version: z.string(),
  apiVersion: z.literal('v1'),
  commit: z.string().nullable(),
  node: z.string(),
  database: z.enum(['pglite', 'postgres']),
  pubsub: z.enum(['memory', 'redis']),
  mail: z.enum(['outbox', 'smtp']),
  startedAt: z.string(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

export const ReadinessCheck = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string().optional(),
});
export type ReadinessCheck = z.infer<typeof ReadinessCheck>;

export const Readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.array(ReadinessCheck),
});
export type Readiness = z.infer<typeof Readiness>;

export const Health = z.object({ status: z.literal('ok') });
export type Health = z.infer<typeof Health>;
