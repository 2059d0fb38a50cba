import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Api, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { COLANDER_APP_PATH, COLANDER_AUTH_PATH } from './colander-routes.ts';

// The Colander protocol suite: a plain `ws` client speaks to both endpoints
// exactly as the unmodified colander-web client does (colander-protocol.md).

type Item = Record<string, unknown> & { __type: string; id: string };

/** A socket that records every text frame it receives, parsed. */
class Client {
  readonly frames: unknown[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      this.frames.push(JSON.parse(data.toString()));
    });
  }

  static open(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new Client(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(action: string, key: 'data' | 'query', payload: unknown): void {
    this.ws.send(JSON.stringify({ action, [key]: payload }));
  }

  /** Every item received so far (app socket frames are arrays). */
  items(): Item[] {
    return this.frames.flatMap((f) => (Array.isArray(f) ? (f as Item[]) : []));
  }

  /** Waits for an item matching `match` among frames received after `from`. */
  async item(match: (i: Item) => boolean, from = 0): Promise<Item> {
    return eventually(
      () =>
        this.frames
          .slice(from)
          .flatMap((f) => (Array.isArray(f) ? (f as Item[]) : []))
          .find(match),
      10_000,
    );
  }

  async object(from = 0): Promise<Record<string, unknown>> {
    return eventually(
      () => this.frames.slice(from).find((f) => f && !Array.isArray(f)) as Record<string, unknown> | undefined,
      10_000,
    );
  }

  close(): void {
    this.ws.close();
  }
}

let t: TestApp;
let api: Api;
let base: string;
const sockets: Client[] = [];
const open = async (url: string) => {
  const c = await Client.open(url);
  sockets.push(c);
  return c;
};

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 180_000);
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await t?.close();
});

/** Magic login on the auth socket, the code read from the mail outbox. */
async function magicLogin(auth: Client, email: string) {
  const mailed = (await api.mails(email, 'auth.magic-code')).length;
  auth.send('initMagicLogin', 'data', { email });
  const code = await eventually(async () => {
    const mails = await api.mails(email, 'auth.magic-code');
    return mails.length > mailed ? /\b(\d{6})\b/.exec(mails[0]!.text ?? '')?.[1] : undefined;
  });
  const before = auth.frames.length;
  auth.send('completeMagicLogin', 'data', { email, code });
  const answer = (await auth.object(before)) as { access_token: string; refresh_token: string };
  expect(answer, JSON.stringify(answer)).toHaveProperty('access_token');
  return answer;
}

// The client's dates: whole days at local midnight (UTC here), inclusive end.
const day = (d: string) => `${d}T00:00:00.000Z`;

describe('Colander protocol', () => {
  it('logs in by magic code, refreshes (reuse refused), and drives the app socket like the original client', async () => {
    const auth = await open(`${base}${COLANDER_AUTH_PATH}`);
    const email = uniqueEmail('colander');

    // A wrong code is an error object, never a token pair.
    auth.send('initMagicLogin', 'data', { email });
    await eventually(async () => (await api.mails(email, 'auth.magic-code')).length > 0);
    const beforeWrong = auth.frames.length;
    auth.send('completeMagicLogin', 'data', { email, code: '000000' });
    const wrong = await auth.object(beforeWrong);
    expect(wrong).toMatchObject({ error: { code: 'INVALID_CODE' } });
    expect(wrong).not.toHaveProperty('access_token');

    const pair = await magicLogin(auth, email);
    expect(Object.keys(pair).sort()).toEqual(['access_token', 'refresh_token']);
    // Joined into ?Auth= without encoding by the client: both must be URL-safe.
    expect(pair.access_token).toMatch(/^[A-Za-z0-9._~-]+$/);
    expect(pair.refresh_token).toMatch(/^[A-Za-z0-9._~-]+$/);

    // Page reload: refreshToken first; the new pair works, the old refresh token is refused.
    let mark = auth.frames.length;
    auth.send('refreshToken', 'data', { refresh_token: pair.refresh_token });
    const refreshed = (await auth.object(mark)) as { access_token: string; refresh_token: string };
    expect(refreshed.refresh_token).not.toBe(pair.refresh_token);
    mark = auth.frames.length;
    auth.send('refreshToken', 'data', { refresh_token: pair.refresh_token });
    expect(await auth.object(mark)).toMatchObject({ error: { code: 'TOKEN_REUSED' } });

    // The handshake is refused without a valid token, or with a refresh token.
    await expect(Client.open(`${base}${COLANDER_APP_PATH}`)).rejects.toThrow('401');
    await expect(Client.open(`${base}${COLANDER_APP_PATH}?Auth=${refreshed.refresh_token}`)).rejects.toThrow('401');

    // Reuse ended the family: sign in again for the app socket.
    const session = await magicLogin(auth, email);
    const app = await open(`${base}${COLANDER_APP_PATH}?Auth=${session.access_token}`);

    // A user without an organization creates one with putOrganization ("org1" maps to it).
    app.send('putOrganization', 'data', {
      __type: 'organization',
      id: 'org1',
      name: 'Colander Co',
      updated_at: new Date().toISOString(),
    });
    // The connect sequence of the client (§8).
    app.send('subscribeToOrganization', 'query', { organization_id: 'org1' });
    app.send('subscribeToEventRange', 'query', {
      resource_ids: [],
      start_date: day('2026-12-01'),
      end_date: day('2027-01-01'),
    });
    await eventually(() => app.frames.length >= 2);
    expect(app.frames.every((f) => Array.isArray(f))).toBe(true);

    // A resource is created nameless, then named (as the client does on blur); both are echoed.
    const roomId = randomUUID();
    const now = () => new Date().toISOString();
    mark = app.frames.length;
    app.send('putResource', 'data', {
      __type: 'resource',
      id: roomId,
      name: '',
      organization_id: 'org1',
      updated_at: now(),
    });
    await app.item((i) => i.id === roomId && i.name === '', mark);
    mark = app.frames.length;
    app.send('putResource', 'data', {
      __type: 'resource',
      id: roomId,
      name: 'Room 101',
      organization_id: 'org1',
      updated_at: now(),
    });
    const room = await app.item((i) => i.id === roomId && i.name === 'Room 101', mark);
    expect(room).toMatchObject({ __type: 'resource', organization_id: 'org1' });

    const projectId = randomUUID();
    app.send('putProject', 'data', {
      __type: 'project',
      id: projectId,
      name: 'Opera',
      organization_id: 'org1',
      updated_at: now(),
    });
    await app.item((i) => i.id === projectId && i.__type === 'project');

    // The resource is in the organization now: the client re-subscribes the range with it.
    app.send('unsubscribeFromEventRange', 'data', { resource_ids: [] });
    mark = app.frames.length;
    app.send('subscribeToEventRange', 'query', {
      resource_ids: [roomId],
      start_date: day('2026-12-01'),
      end_date: day('2027-01-01'),
    });
    await eventually(() => app.frames.length > mark);

    // A second client (another browser of the same user) watches the same month.
    const other = await open(`${base}${COLANDER_APP_PATH}?Auth=${session.access_token}`);
    other.send('subscribeToOrganization', 'query', { organization_id: 'org1' });
    const snapshotRoom = await other.item((i) => i.id === roomId);
    expect(snapshotRoom.name).toBe('Room 101');
    other.send('subscribeToEventRange', 'query', {
      resource_ids: [roomId],
      start_date: day('2026-12-01'),
      end_date: day('2027-01-01'),
    });

    // A one-day booking: start_date == end_date; echoed to its sender, pushed to the other.
    const bookingId = randomUUID();
    const booking = {
      __type: 'event',
      id: bookingId,
      resource_id: roomId,
      start_date: day('2026-12-03'),
      end_date: day('2026-12-03'),
      label: 'New Event',
      color: '#CCC',
      tentative: false,
      updated_at: now(),
    };
    mark = app.frames.length;
    app.send('putEvent', 'data', booking);
    const echo = await app.item((i) => i.id === bookingId, mark);
    expect(echo).toMatchObject({ ...booking, updated_at: expect.any(String) });
    expect(echo).not.toHaveProperty('project_id');
    await other.item((i) => i.id === bookingId);

    // Foyer holds the day as [start, start + 24 h).
    const stored = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/bookings/${bookingId}`,
        headers: { authorization: `Bearer ${session.access_token}` },
      })
    ).json();
    expect(stored).toMatchObject({ startsAt: '2026-12-03T00:00:00.000Z', endsAt: '2026-12-04T00:00:00.000Z' });

    // An overlapping booking on the same room is refused: not stored, and its tombstone stops the re-sending.
    const clashId = randomUUID();
    mark = app.frames.length;
    app.send('putEvent', 'data', { ...booking, id: clashId, label: 'Clash' });
    const refused = await app.item((i) => i.id === clashId, mark);
    expect(refused.deleted).toBe(true);
    await app.item((i) => i.__type === 'error' && i.code === 'BOOKING_CONFLICT', mark);

    // Dragging by whole days moves both ends; the other client sees the move at once.
    mark = other.frames.length;
    app.send('putEvent', 'data', {
      ...booking,
      start_date: day('2026-12-08'),
      end_date: day('2026-12-09'),
      label: 'Rehearsal',
      tentative: true,
      color: '#3366cc',
      updated_at: now(),
    });
    const moved = await other.item((i) => i.id === bookingId && i.label === 'Rehearsal', mark);
    expect(moved).toMatchObject({ start_date: day('2026-12-08'), end_date: day('2026-12-09'), tentative: true });

    // A move out of the watched month still reaches the watchers of the old position.
    mark = other.frames.length;
    app.send('putEvent', 'data', {
      ...booking,
      start_date: day('2027-02-08'),
      end_date: day('2027-02-08'),
      label: 'Moved away',
      updated_at: now(),
    });
    await other.item((i) => i.id === bookingId && i.label === 'Moved away', mark);
    // And back, for the delete below.
    mark = other.frames.length;
    app.send('putEvent', 'data', { ...booking, label: 'Back', updated_at: now() });
    await other.item((i) => i.id === bookingId && i.label === 'Back', mark);

    // A change through Foyer's API reaches both sockets; so does a delete, as a tombstone.
    const auth2 = { authorization: `Bearer ${session.access_token}` };
    mark = other.frames.length;
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/bookings/${bookingId}`, headers: auth2 });
    expect(del.statusCode, del.body).toBe(204);
    const tombstone = await other.item((i) => i.id === bookingId && i.deleted === true, mark);
    expect(tombstone.__type).toBe('event');
    await app.item((i) => i.id === bookingId && i.deleted === true);

    // The deleted booking is edited again on the client (it still shows it): refused, tombstone again.
    mark = app.frames.length;
    app.send('putEvent', 'data', {
      ...booking,
      label: 'Resurrect',
      updated_at: new Date(Date.now() + 60_000).toISOString(),
    });
    const again = await app.item((i) => i.id === bookingId, mark);
    expect(again.deleted).toBe(true);
    expect(Date.parse(String(again.updated_at))).toBeGreaterThanOrEqual(Date.now() + 50_000);
    const afterDelete = await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${bookingId}`, headers: auth2 });
    expect(afterDelete.statusCode).toBe(404);

    // Resource changes reach organization subscribers; a resource deleted through Foyer is a tombstone.
    mark = other.frames.length;
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/v1/resources/${roomId}`, headers: auth2 });
    expect(gone.statusCode).toBe(204);
    await other.item((i) => i.id === roomId && i.deleted === true, mark);

    // Nothing the client would drop was ever sent: no nulls, every item typed, colours parseable.
    for (const c of [app, other]) {
      for (const i of c.items()) {
        expect(typeof i.__type).toBe('string');
        expect(Object.values(i).includes(null)).toBe(false);
        if (i.__type === 'event') expect(i.color).toMatch(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/);
      }
    }
    // Frames that are not understood answer an ignorable error element, and the socket stays open.
    mark = app.frames.length;
    app.ws.send('not json');
    await app.item((i) => i.__type === 'error' && i.code === 'MALFORMED_JSON', mark);
    expect(app.ws.readyState).toBe(WebSocket.OPEN);
  }, 120_000);

  it('compares windows as instants: a Berlin-time month still gets its bookings', async () => {
    const auth = await open(`${base}${COLANDER_AUTH_PATH}`);
    const email = uniqueEmail('berlin');
    const session = await magicLogin(auth, email);
    const app = await open(`${base}${COLANDER_APP_PATH}?Auth=${session.access_token}`);
    app.send('putOrganization', 'data', { id: 'org1', name: 'Berlin Co' });
    app.send('subscribeToOrganization', 'query', { organization_id: 'org1' });
    const roomId = randomUUID();
    app.send('putResource', 'data', {
      __type: 'resource',
      id: roomId,
      name: 'Saal',
      organization_id: 'org1',
      updated_at: new Date().toISOString(),
    });
    await app.item((i) => i.id === roomId);
    // Booked on the 1st in Berlin: local midnight is 23:00 UTC the day before, written with an offset.
    const id = randomUUID();
    app.send('putEvent', 'data', {
      __type: 'event',
      id,
      resource_id: roomId,
      start_date: '2026-12-01T00:00:00+01:00',
      end_date: '2026-12-01T00:00:00+01:00',
      label: 'Erster',
      color: '#336699',
      tentative: false,
      updated_at: new Date().toISOString(),
    });
    await app.item((i) => i.id === id);
    // The Berlin month window: 2026-11-30T23:00Z … 2026-12-31T23:00Z. As strings "2026-12-01T00:00:00+01:00"
    // sorts after the window's end; as instants it is inside.
    const watcher = await open(`${base}${COLANDER_APP_PATH}?Auth=${session.access_token}`);
    watcher.send('subscribeToOrganization', 'query', { organization_id: 'org1' });
    watcher.send('subscribeToEventRange', 'query', {
      resource_ids: [roomId],
      start_date: '2026-11-30T23:00:00.000Z',
      end_date: '2026-12-31T23:00:00.000Z',
    });
    const got = await watcher.item((i) => i.id === id);
    expect(got.start_date).toBe('2026-11-30T23:00:00.000Z');
    // A window that ended before it does not get it.
    const early = await open(`${base}${COLANDER_APP_PATH}?Auth=${session.access_token}`);
    early.send('subscribeToOrganization', 'query', { organization_id: 'org1' });
    early.send('subscribeToEventRange', 'query', {
      resource_ids: [roomId],
      start_date: '2026-10-31T23:00:00.000Z',
      end_date: '2026-11-30T22:59:59.000Z',
    });
    await eventually(() => early.frames.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(early.items().some((i) => i.id === id)).toBe(false);
  }, 120_000);
});
