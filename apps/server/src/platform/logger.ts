import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config/config.ts';
import { LOG_SERIALIZERS } from './log-serializers.ts';

/**
 * The process logger; Fastify adds the request id to each request's child
 * logger. Logs go to stdout unless a `destination` is given (commands whose
 * stdout is data, like `foyer export`, log to stderr).
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'foyer', pid: process.pid, ...bindings },
    serializers: LOG_SERIALIZERS,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], remove: true },
  };
  return destination ? pino(options, destination) : pino(options);
}
