import pino, { type Logger } from 'pino';
import type { Config } from './config/config.ts';

/** The process logger; Fastify adds the request id to each request's child logger. */
export function createLogger(config: Pick<Config, 'logLevel'>, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'foyer', pid: process.pid, ...bindings },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], remove: true },
  });
}
