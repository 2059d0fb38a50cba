import websocket from '@fastify/websocket';
import { ErrorCode, REALTIME_PATH } from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Config } from '../config/config.ts';
import { sendProblem } from '../http/problem.ts';
import type { RealtimeGateway } from './gateway.ts';

/** Origins whose pages may open sockets: the instance's own (PUBLIC_URL) and CORS_ORIGINS. */
export function allowedOrigins(config: Pick<Config, 'publicUrl' | 'corsOrigins'>): (origin: string) => boolean {
  if (config.corsOrigins === '*') return () => true;
  const allowed = new Set([new URL(config.publicUrl).origin, ...config.corsOrigins]);
  return (origin) => allowed.has(origin);
}

/**
 * `GET /api/v1/realtime`: the WebSocket endpoint. Browsers' upgrades from
 * other origins are refused with 403 before the upgrade (a cross-site page
 * would otherwise ride on the user's cookies); clients without an Origin
 * header (servers, apps) are let through.
 */
export async function registerRealtimeRoute(app: FastifyInstance, gateway: RealtimeGateway, config: Config) {
  const originAllowed = allowedOrigins(config);
  await app.register(websocket, {
    options: { maxPayload: gateway.settings.maxMessageBytes, perMessageDeflate: false },
    preClose(done) {
      void gateway.closeSockets().finally(() => {
        this.websocketServer.close(() => done());
      });
    },
  });
  app.route({
    method: 'GET',
    url: REALTIME_PATH,
    schema: { hide: true },
    config: { access: 'public' },
    onRequest: async (request, reply) => {
      const origin = request.headers.origin;
      if (origin && !originAllowed(origin)) {
        return sendProblem(request, reply, ErrorCode.FORBIDDEN, 403, 'This origin may not open realtime sockets here.');
      }
      if (!request.ws) {
        return sendProblem(request, reply, ErrorCode.VALIDATION_FAILED, 426, 'This endpoint speaks WebSocket only.');
      }
    },
    // Never runs: a plain GET is answered by onRequest above.
    handler: async () => undefined,
    wsHandler: (socket: WebSocket, request: FastifyRequest) => {
      void gateway.accept(socket, request);
    },
  });
}
