import websocket from '@fastify/websocket';
import { ErrorCode } from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { UserActor } from '../../platform/auth/actor.ts';
import { requestMeta } from '../../platform/auth/request-context.ts';
import { sendProblem } from '../../platform/http/problem.ts';
import { handleAuthSocket } from './colander-auth-socket.ts';
import { ColanderConnection } from './colander-connection.ts';
import type { ColanderDeps } from './colander-deps.ts';

/** Where the Colander client's `wsAuthEndpoint` and `wsEndpoint` point. */
export const COLANDER_AUTH_PATH = '/compat/colander/auth';
export const COLANDER_APP_PATH = '/compat/colander/app';
/** Browsers answer pings by themselves: keep-alives that never close a healthy socket. */
const PING_INTERVAL_MS = 30_000;

const colanderUsers = new WeakMap<FastifyRequest, UserActor>();

/**
 * The two Colander WebSocket endpoints. The app socket's handshake is
 * refused (401) unless `?Auth=` holds a valid access token; once open, a
 * socket is never closed for an expired token or for being idle (the
 * client cannot reconnect), only when its peer stops answering pings.
 */
export async function registerColanderRoutes(app: FastifyInstance, deps: ColanderDeps): Promise<void> {
  // One WebSocket server per Fastify instance: the realtime gateway may have registered it already.
  if (!app.hasDecorator('websocketServer')) await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  const open = new Set<{ socket: WebSocket; connection?: ColanderConnection }>();
  app.addHook('preClose', async () => {
    for (const o of open) o.socket.terminate();
  });
  const keepAlive = (socket: WebSocket, entry: { socket: WebSocket; connection?: ColanderConnection }) => {
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    const timer = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, PING_INTERVAL_MS);
    timer.unref();
    open.add(entry);
    socket.on('close', () => {
      clearInterval(timer);
      open.delete(entry);
      void entry.connection?.close();
    });
  };

  app.get(COLANDER_AUTH_PATH, { websocket: true, schema: { hide: true } }, (socket, request) => {
    keepAlive(socket, { socket });
    handleAuthSocket(socket, requestMeta(request), deps);
  });

  app.get(
    COLANDER_APP_PATH,
    {
      websocket: true,
      schema: { hide: true },
      // The token is checked once, at the handshake (as the original's authorizer did).
      preValidation: async (request, reply) => {
        const token = (request.query as { Auth?: unknown }).Auth;
        const user = typeof token === 'string' && token ? await deps.identity.userFromAccessToken(token) : null;
        if (!user)
          return sendProblem(request, reply, ErrorCode.UNAUTHENTICATED, 401, 'Connect with ?Auth=<access token>.');
        colanderUsers.set(request, user);
      },
    },
    (socket, request) => {
      const user = colanderUsers.get(request)!;
      const connection = new ColanderConnection(socket, user, requestMeta(request), deps);
      keepAlive(socket, { socket, connection });
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        connection.receive(data.toString());
      });
    },
  );
}
