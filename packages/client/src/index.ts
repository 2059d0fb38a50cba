import { Health, Readiness, VersionInfo } from '@foyer/contracts';
import { type HttpOptions, request } from './http.ts';

export { FoyerApiError, type HttpOptions } from './http.ts';

/** Typed client for the Foyer HTTP API, built on the shared contracts. */
export function createFoyerClient(options: HttpOptions = {}) {
  return {
    system: {
      version: (signal?: AbortSignal) =>
        request(options, '/api/v1/version', { schema: VersionInfo, ...(signal ? { signal } : {}) }),
      /** Readiness is a 200 or a 503 with the same body; both are answers, not errors. */
      readiness: (signal?: AbortSignal) =>
        request(options, '/readyz', { schema: Readiness, acceptStatus: [503], ...(signal ? { signal } : {}) }),
      health: () => request(options, '/healthz', { schema: Health }),
    },
  };
}

export type FoyerClient = ReturnType<typeof createFoyerClient>;
