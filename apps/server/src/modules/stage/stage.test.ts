import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { TestSocket } from '../../platform/testing/test-socket.ts';

let t: TestApp;
let api: Api;
let base: string;
let owner: SignedUp;
let alice: SignedUp;
let eventId: string;

const settings = (over: Record<string, unknown> = {}) => ({
  enabled: true,
  player: {
    kind: 'youtube',
    source: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    tracks: [{ src: 'https://cdn.example.org/de.vtt', srclang: 'de', label: 'Deutsch' }],
  },
  secondStream: { kind: 'hls', source: 'https://cdn.example.org/sign/index.m3u8', label: 'Sign language' },
  chat: 'guests',
  ...over,
});

/** The guest cookie an answer sets, as a Cookie header value. */
function guestCookie(res: { headers: Record<string, unknown> }): string {
  const set = String(res.headers['set-cookie']);
  expect(set).toMatch(/HttpOnly/);
  expect(set).toMatch(/SameSite=Strict/);
  expect(set).toMatch(/Path=\/api\/v1/);
  return set.split(';')[0]!;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  api = new Api(t.app);
  owner = await api.signup({ name: 'Stella Stage' });
  alice = await api.signup({ name: 'Alice' });
  ({ eventId } = await api.publishedEvent(owner.accessToken, { org: 'stage-org', event: 'stream-day' }));
});
afterAll(async () => t?.close());

describe('the stage', () => {
  it('is not there until organizers set it up, and only organizers set it up', async () => {
    expectProblem(await api.get(`/api/v1/events/${eventId}/stage`), 404, 'STAGE_NOT_SET_UP');
    expectProblem(
      await api.put(`/api/v1/events/${eventId}/stage`, { token: alice.accessToken, body: settings() }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await api.put(`/api/v1/events/${eventId}/stage`, { body: settings() }), 401, 'UNAUTHENTICATED');
  });

  it('refuses sources its player cannot play, field by field', async () => {
    const bad = await api.put(`/api/v1/events/${eventId}/stage`, {
      token: owner.accessToken,
      body: settings({ player: { kind: 'youtube', source: 'https://evil.example/watch?v=x' } }),
    });
    expectProblem(bad, 422, 'VALIDATION_FAILED');
    expect(bad.json().errors[0]).toMatchObject({ field: 'player.source', code: 'invalid_source' });
    const script = await api.put(`/api/v1/events/${eventId}/stage`, {
      token: owner.accessToken,
      body: settings({ player: { kind: 'file', source: 'javascript:alert(1)' } }),
    });
    expectProblem(script, 422, 'VALIDATION_FAILED');
    const track = await api.put(`/api/v1/events/${eventId}/stage`, {
      token: owner.accessToken,
      body: settings({
        player: { kind: 'hls', source: 'https://x.example/a.m3u8', tracks: [{ src: 'x', srclang: 'de', label: 'D' }] },
      }),
    });
    expectProblem(track, 422, 'VALIDATION_FAILED');
  });

  it('gives the page its player, second stream and chat — by id or by orgSlug/eventSlug, to the public', async () => {
    const put = await api.put(`/api/v1/events/${eventId}/stage`, { token: owner.accessToken, body: settings() });
    expect(put.statusCode, put.body).toBe(200);
    const stage = put.json();
    expect(stage).toMatchObject({
      eventId,
      enabled: true,
      player: {
        kind: 'youtube',
        source: 'dQw4w9WgXcQ',
        embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&mute=1&playsinline=1',
        tracks: [{ srclang: 'de', label: 'Deutsch', kind: 'captions' }],
      },
      secondStream: { kind: 'hls', label: 'Sign language', embedUrl: null },
      chat: { mode: 'guests' },
    });
    expect(stage.chat.channelId).toMatch(/^[0-9a-f-]{36}$/);
    const bySlug = await api.get('/api/v1/events/stage-org/stream-day/stage');
    expect(bySlug.statusCode, bySlug.body).toBe(200);
    // The same stage, except that the public does not moderate its chat.
    expect(stage.canModerate).toBe(true);
    expect(bySlug.json()).toEqual({ ...stage, canModerate: false });
    const asOwner = await api.get('/api/v1/events/stage-org/stream-day/stage', { token: owner.accessToken });
    expect(asOwner.json().canModerate).toBe(true);
    // Saving again keeps the one stage chat.
    const again = await api.put(`/api/v1/events/${eventId}/stage`, { token: owner.accessToken, body: settings() });
    expect(again.json().chat.channelId).toBe(stage.chat.channelId);
    const rooms = await api.get(`/api/v1/events/${eventId}/chat/channels`);
    expect(rooms.json().items.filter((c: { kind: string }) => c.kind === 'stage')).toHaveLength(1);
  });

  it('pushes a change on the event channel to open stage pages', async () => {
    const socket = await TestSocket.open(base);
    expect((await socket.command({ type: 'subscribe', channel: `event:${eventId}` })).type).toBe('ack');
    await api.put(`/api/v1/events/${eventId}/stage`, {
      token: owner.accessToken,
      body: settings({ player: { kind: 'vimeo', source: 'https://vimeo.com/76979871' } }),
    });
    const frame = await socket.next((f) => f.type === 'message' && f.event === 'stage.updated');
    expect(frame).toMatchObject({ channel: `event:${eventId}` });
    socket.close();
    expect((await api.get(`/api/v1/events/${eventId}/stage`)).json().player).toMatchObject({
      kind: 'vimeo',
      source: '76979871',
      embedUrl: 'https://player.vimeo.com/video/76979871?autoplay=1&muted=1&dnt=1',
    });
  });

  it('hides a switched-off stage from the public, not from its organizers', async () => {
    await api.put(`/api/v1/events/${eventId}/stage`, { token: owner.accessToken, body: settings({ enabled: false }) });
    expectProblem(await api.get(`/api/v1/events/${eventId}/stage`), 404, 'STAGE_NOT_SET_UP');
    expect((await api.get(`/api/v1/events/${eventId}/stage`, { token: owner.accessToken })).json().enabled).toBe(false);
    await api.put(`/api/v1/events/${eventId}/stage`, { token: owner.accessToken, body: settings() });
  });
});

describe('stage guests', () => {
  let channelId: string;
  beforeAll(async () => {
    channelId = (await api.get(`/api/v1/events/${eventId}/stage`)).json().chat.channelId;
  });

  it('picks a name, gets a signed cookie, and chats over HTTP and the socket without an account', async () => {
    expectProblem(
      await api.post(`/api/v1/events/${eventId}/chat/guests`, { body: { name: '   ' } }),
      422,
      'VALIDATION_FAILED',
    );
    const made = await api.post(`/api/v1/events/${eventId}/chat/guests`, { body: { name: '  Gina\t Guest ' } });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ eventId, name: 'Gina Guest' });
    const cookie = guestCookie(made);
    const me = await api.get(`/api/v1/events/${eventId}/chat/guests/me`, { headers: { cookie } });
    expect(me.json()).toEqual({ guest: made.json() });

    const sent = await api.post(`/api/v1/chat/channels/${channelId}/messages`, {
      headers: { cookie },
      body: { text: 'hello from a guest' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().author).toEqual({ kind: 'guest', id: made.json().id, name: 'Gina Guest' });

    const socket = await TestSocket.open(base, { cookie });
    expect(socket.frames[0]).toMatchObject({ type: 'welcome' });
    expect((await socket.command({ type: 'subscribe', channel: `room:${channelId}` })).type).toBe('ack');
    const ack = await socket.command({ type: 'chat.send', channel: `room:${channelId}`, text: 'and over the socket' });
    expect(ack).toMatchObject({ type: 'ack', result: { message: { author: { kind: 'guest', name: 'Gina Guest' } } } });
    // Their own message: a guest edits and deletes it like an account.
    const id = (ack as unknown as { result: { message: { id: string } } }).result.message.id;
    const edited = await api.patch(`/api/v1/chat/messages/${id}`, { headers: { cookie }, body: { text: 'edited' } });
    expect(edited.json().text).toBe('edited');
    socket.close();
  });

  it('refuses forged, other-event and absent guest identities', async () => {
    const made = await api.post(`/api/v1/events/${eventId}/chat/guests`, { body: { name: 'Real' } });
    const cookie = guestCookie(made);
    const forged = cookie.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expectProblem(
      await api.post(`/api/v1/chat/channels/${channelId}/messages`, {
        headers: { cookie: forged },
        body: { text: 'x' },
      }),
      401,
      'UNAUTHENTICATED',
    );
    const otherId = '00000000-0000-4000-8000-000000000000';
    const swapped = cookie.replace(/v1\.[0-9a-f-]{36}/, `v1.${otherId}`);
    expectProblem(
      await api.post(`/api/v1/chat/channels/${channelId}/messages`, {
        headers: { cookie: swapped },
        body: { text: 'x' },
      }),
      401,
      'UNAUTHENTICATED',
    );
    expect((await api.get(`/api/v1/events/${eventId}/chat/guests/me`)).json()).toEqual({ guest: null });
  });

  it('is refused where the stage chat takes accounts only, and nobody writes once chat is off', async () => {
    const made = await api.post(`/api/v1/events/${eventId}/chat/guests`, { body: { name: 'Early' } });
    const cookie = guestCookie(made);
    await api.put(`/api/v1/events/${eventId}/stage`, {
      token: owner.accessToken,
      body: settings({ chat: 'accounts' }),
    });
    expectProblem(
      await api.post(`/api/v1/events/${eventId}/chat/guests`, { body: { name: 'Late' } }),
      403,
      'GUESTS_NOT_ALLOWED',
    );
    expectProblem(
      await api.post(`/api/v1/chat/channels/${channelId}/messages`, { headers: { cookie }, body: { text: 'x' } }),
      403,
      'GUESTS_NOT_ALLOWED',
    );
    expect(
      (
        await api.post(`/api/v1/chat/channels/${channelId}/messages`, {
          token: alice.accessToken,
          body: { text: 'ok' },
        })
      ).statusCode,
    ).toBe(201);
    const off = await api.put(`/api/v1/events/${eventId}/stage`, {
      token: owner.accessToken,
      body: settings({ chat: 'off' }),
    });
    expect(off.json().chat).toEqual({ mode: 'off', channelId: null });
    expectProblem(
      await api.post(`/api/v1/chat/channels/${channelId}/messages`, { token: alice.accessToken, body: { text: 'x' } }),
      403,
      'CHAT_DISABLED',
    );
    // Switched on again: the same channel, its history kept.
    const on = await api.put(`/api/v1/events/${eventId}/stage`, { token: owner.accessToken, body: settings() });
    expect(on.json().chat.channelId).toBe(channelId);
  });

  it('lets moderators mute and ban a guest: notices pushed, writing refused, the banned socket ended', async () => {
    const made = await api.post(`/api/v1/events/${eventId}/chat/guests`, { body: { name: 'Trouble' } });
    const guest = made.json();
    const cookie = guestCookie(made);
    const socket = await TestSocket.open(base, { cookie });
    await socket.command({ type: 'subscribe', channel: `room:${channelId}` });

    const mute = await api.post(`/api/v1/events/${eventId}/chat/mutes`, {
      token: owner.accessToken,
      body: { participant: { kind: 'guest', id: guest.id }, minutes: 10 },
    });
    expect(mute.statusCode, mute.body).toBe(201);
    const notice = await socket.next(
      (f) => f.type === 'message' && f.event === 'chat.moderation' && (f.data as { action: string }).action === 'mute',
    );
    expect((notice as { data: unknown }).data).toMatchObject({ participant: { kind: 'guest', id: guest.id } });
    const muted = await socket.command({ type: 'chat.send', channel: `room:${channelId}`, text: 'let me speak' });
    expect(muted).toMatchObject({ type: 'error', code: 'CHAT_MUTED' });

    await api.post(`/api/v1/events/${eventId}/chat/bans`, {
      token: owner.accessToken,
      body: { participant: { kind: 'guest', id: guest.id } },
    });
    await socket.next((f) => f.type === 'error' && f.code === 'CHAT_BANNED');
    const again = await TestSocket.open(base, { cookie });
    expect(await again.command({ type: 'subscribe', channel: `room:${channelId}` })).toMatchObject({
      type: 'error',
      code: 'FORBIDDEN',
    });
    socket.close();
    again.close();

    // A guest of another event is not this event's to sanction.
    const foreign = await api.post(`/api/v1/events/${eventId}/chat/mutes`, {
      token: owner.accessToken,
      body: { participant: { kind: 'guest', id: '00000000-0000-4000-8000-000000000000' }, minutes: 10 },
    });
    expectProblem(foreign, 422, 'VALIDATION_FAILED');
  });

  it('counts anonymous viewers in the stage chat’s presence without listing them', async () => {
    const viewers = await Promise.all([TestSocket.open(base), TestSocket.open(base), TestSocket.open(base)]);
    for (const v of viewers)
      expect(await v.command({ type: 'subscribe', channel: `room:${channelId}` })).toMatchObject({ type: 'ack' });
    await eventually(async () => {
      const last = viewers[2]!.frames.filter((f) => f.type === 'presence').at(-1) as
        | { count: number; members: unknown[] }
        | undefined;
      expect(last?.count).toBeGreaterThanOrEqual(3);
      expect(last?.members).toEqual([]);
      return true;
    });
    for (const v of viewers) v.close();
  });

  it('limits new guest identities per address', async () => {
    let limited = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await api.post(`/api/v1/events/${eventId}/chat/guests`, {
        ip: '2001:db8::77',
        body: { name: `n${i}` },
      });
      if (res.statusCode === 429) limited = res;
    }
    expect(limited).not.toBeNull();
    expectProblem(limited!, 429, 'RATE_LIMITED');
    expect(limited!.headers['retry-after']).toBeDefined();
  });
});
