import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { TestSocket } from '../../platform/testing/test-socket.ts';
import { auditLog } from '../audit/index.ts';

let t: TestApp;
let api: Api;
let base: string;
let owner: SignedUp;
let alice: SignedUp;
let bob: SignedUp;
let eventId: string;
let stageId: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  api = new Api(t.app);
  owner = await api.signup({ name: 'Olga Owner' });
  alice = await api.signup({ name: 'Alice' });
  bob = await api.signup({ name: 'Bob' });
  ({ eventId } = await api.publishedEvent(owner.accessToken, { org: 'chat-org', event: 'chat-day' }));
  const stage = await api.post(`/api/v1/events/${eventId}/chat/channels`, {
    token: owner.accessToken,
    body: { kind: 'stage', name: 'Main stage' },
  });
  expect(stage.statusCode, stage.body).toBe(201);
  stageId = stage.json().id;
});
afterAll(async () => t?.close());

const post = (token: string, text: string, extra: Record<string, unknown> = {}, channelId = stageId) =>
  api.post(`/api/v1/chat/channels/${channelId}/messages`, { token, body: { text, ...extra } });

describe('chat over HTTP', () => {
  it('creates a stage chat for organizers only, and lists it for the public', async () => {
    const refused = await api.post(`/api/v1/events/${eventId}/chat/channels`, {
      token: alice.accessToken,
      body: { kind: 'room', name: 'Mine' },
    });
    expectProblem(refused, 403, 'FORBIDDEN');
    const list = await api.get(`/api/v1/events/${eventId}/chat/channels`);
    expect(list.json().items).toMatchObject([
      { id: stageId, kind: 'stage', realtimeChannel: `room:${stageId}`, seq: 0 },
    ]);
  });

  it('stores plain text with links as data, numbers messages, threads replies and pages history by cursor', async () => {
    const first = await post(alice.accessToken, '<b>hi</b> see https://foyer.dev/docs.');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      text: '<b>hi</b> see https://foyer.dev/docs.',
      links: [{ url: 'https://foyer.dev/docs', start: 14, end: 36 }],
      author: { kind: 'user', id: alice.userId, name: 'Alice' },
      replyTo: null,
    });
    const reply = await post(bob.accessToken, 'agreed', { replyTo: first.json().id });
    const nested = await post(alice.accessToken, 'thanks', { replyTo: reply.json().id });
    // One level of threads: a reply to a reply joins the thread.
    expect(nested.json().replyTo).toBe(first.json().id);
    for (let i = 0; i < 5; i++) await post(bob.accessToken, `m${i}`);
    const page1 = await api.get(`/api/v1/chat/channels/${stageId}/messages?limit=4`);
    expect(page1.json().items.map((m: { text: string }) => m.text)).toEqual(['m4', 'm3', 'm2', 'm1']);
    const page2 = await api.get(`/api/v1/chat/channels/${stageId}/messages?limit=4&cursor=${page1.json().nextCursor}`);
    expect(page2.json().items.map((m: { text: string }) => m.text)).toEqual([
      'm0',
      'thanks',
      'agreed',
      '<b>hi</b> see https://foyer.dev/docs.',
    ]);
    expect(page2.json().items[3].replyCount).toBe(2);
    expect(page2.json().nextCursor).toBeNull();
    const thread = await api.get(`/api/v1/chat/channels/${stageId}/messages?thread=${first.json().id}`);
    expect(thread.json().items.map((m: { text: string }) => m.text)).toEqual(['agreed', 'thanks']);
    const since = await api.get(`/api/v1/chat/channels/${stageId}/messages?sinceSeq=${reply.json().seq}&limit=2`);
    expect(since.json().items.map((m: { text: string }) => m.text)).toEqual(['thanks', 'm0']);
    const seqs = page1.json().items.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
  });

  it('refuses bad input with stable codes', async () => {
    expectProblem(await post(alice.accessToken, 'x'.repeat(2001)), 422, 'VALIDATION_FAILED');
    expectProblem(await post(alice.accessToken, '   '), 422, 'VALIDATION_FAILED');
    expectProblem(
      await post(alice.accessToken, 'hi', { replyTo: '00000000-0000-4000-8000-000000000000' }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(await api.get(`/api/v1/chat/channels/${stageId}/messages?cursor=nope`), 422, 'VALIDATION_FAILED');
    expectProblem(await post('', 'anonymous'), 401, 'UNAUTHENTICATED');
  });

  it('lets the author edit and delete, counts reactions, and lets moderators delete any message (audited)', async () => {
    const msg = (await post(alice.accessToken, 'tpyo')).json();
    expectProblem(
      await api.patch(`/api/v1/chat/messages/${msg.id}`, { token: bob.accessToken, body: { text: 'x' } }),
      403,
      'FORBIDDEN',
    );
    const edited = await api.patch(`/api/v1/chat/messages/${msg.id}`, {
      token: alice.accessToken,
      body: { text: 'typo' },
    });
    expect(edited.json()).toMatchObject({ text: 'typo' });
    expect(edited.json().editedAt).not.toBeNull();
    for (const who of [alice, bob, bob]) {
      await api.post(`/api/v1/chat/messages/${msg.id}/reactions`, {
        token: who.accessToken,
        body: { emoji: '👍', on: true },
      });
    }
    const reacted = await api.post(`/api/v1/chat/messages/${msg.id}/reactions`, {
      token: bob.accessToken,
      body: { emoji: '🎉', on: true },
    });
    expect(reacted.json().reactions).toEqual([
      { emoji: '👍', count: 2 },
      { emoji: '🎉', count: 1 },
    ]);
    const off = await api.post(`/api/v1/chat/messages/${msg.id}/reactions`, {
      token: bob.accessToken,
      body: { emoji: '👍', on: false },
    });
    expect(off.json().reactions).toEqual([
      { emoji: '👍', count: 1 },
      { emoji: '🎉', count: 1 },
    ]);
    expectProblem(await api.delete(`/api/v1/chat/messages/${msg.id}`, { token: bob.accessToken }), 403, 'FORBIDDEN');
    const removed = await api.delete(`/api/v1/chat/messages/${msg.id}`, { token: owner.accessToken });
    expect(removed.json()).toMatchObject({ text: '', links: [], deletedBy: 'moderator', reactions: [] });
    const audit = await t.app.platform.database.db.select().from(auditLog);
    expect(audit.some((a) => a.action === 'chat.message.deleted' && a.targetId === msg.id)).toBe(true);
    const own = (await post(bob.accessToken, 'oops')).json();
    const gone = await api.delete(`/api/v1/chat/messages/${own.id}`, { token: bob.accessToken });
    expect(gone.json()).toMatchObject({ deletedBy: 'author', text: '' });
  });

  it('mutes, bans, slow mode and read-only refuse with stable codes and are audited', async () => {
    const carol = await api.signup({ name: 'Carol' });
    const mute = await api.post(`/api/v1/events/${eventId}/chat/mutes`, {
      token: owner.accessToken,
      body: { participant: { kind: 'user', id: carol.userId }, minutes: 10, reason: 'spam' },
    });
    expect(mute.statusCode, mute.body).toBe(201);
    const muted = expectProblem(await post(carol.accessToken, 'hello?'), 403, 'CHAT_MUTED');
    expect(muted.detail).toContain(mute.json().until);
    expectProblem(
      await api.post(`/api/v1/events/${eventId}/chat/mutes`, {
        token: alice.accessToken,
        body: { participant: { kind: 'user', id: carol.userId }, minutes: 10 },
      }),
      403,
      'FORBIDDEN',
    );
    const lifted = await api.delete(`/api/v1/events/${eventId}/chat/sanctions/${mute.json().id}`, {
      token: owner.accessToken,
    });
    expect(lifted.statusCode).toBe(204);
    expect((await post(carol.accessToken, 'back')).statusCode).toBe(201);
    const ban = await api.post(`/api/v1/events/${eventId}/chat/bans`, {
      token: owner.accessToken,
      body: { participant: { kind: 'user', id: carol.userId } },
    });
    expect(ban.statusCode).toBe(201);
    expectProblem(await post(carol.accessToken, 'again'), 403, 'CHAT_BANNED');
    const sanctions = await api.get(`/api/v1/events/${eventId}/chat/sanctions`, { token: owner.accessToken });
    expect(sanctions.json().items).toMatchObject([{ kind: 'ban', participant: { id: carol.userId } }]);

    const room = (
      await api.post(`/api/v1/events/${eventId}/chat/channels`, {
        token: owner.accessToken,
        body: { kind: 'room', name: 'Slow' },
      })
    ).json();
    const slow = await api.patch(`/api/v1/chat/channels/${room.id}`, {
      token: owner.accessToken,
      body: { slowModeSeconds: 30 },
    });
    expect(slow.json()).toMatchObject({ slowModeSeconds: 30 });
    expect((await post(alice.accessToken, 'one', {}, room.id)).statusCode).toBe(201);
    const tooSoon = await post(alice.accessToken, 'two', {}, room.id);
    expectProblem(tooSoon, 429, 'CHAT_SLOW_MODE');
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(25);
    // Moderators are not slowed down.
    expect((await post(owner.accessToken, 'mod', {}, room.id)).statusCode).toBe(201);
    await api.patch(`/api/v1/chat/channels/${room.id}`, {
      token: owner.accessToken,
      body: { readOnly: true, slowModeSeconds: 0 },
    });
    expectProblem(await post(bob.accessToken, 'hey', {}, room.id), 403, 'CHAT_READ_ONLY');
    expect((await post(owner.accessToken, 'announcement', {}, room.id)).statusCode).toBe(201);
    const actions = (await t.app.platform.database.db.select().from(auditLog)).map((a) => a.action);
    for (const action of [
      'chat.participant.muted',
      'chat.participant.unmuted',
      'chat.participant.banned',
      'chat.channel.settings_changed',
    ])
      expect(actions).toContain(action);
  });

  it('keeps conversations to their members: groups invite, leave and remove; direct ones exist once per pair', async () => {
    const dave = await api.signup({ name: 'Dave' });
    const group = await api.post(`/api/v1/events/${eventId}/chat/conversations`, {
      token: alice.accessToken,
      body: { kind: 'group', name: 'Speakers', memberIds: [bob.userId] },
    });
    expect(group.statusCode, group.body).toBe(201);
    const id = group.json().id;
    expect(group.json().members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [alice.userId, 'owner'],
      [bob.userId, 'member'],
    ]);
    expectProblem(await api.get(`/api/v1/chat/channels/${id}/messages`, { token: dave.accessToken }), 404, 'NOT_FOUND');
    expectProblem(await post(dave.accessToken, 'let me in', {}, id), 404, 'NOT_FOUND');
    const invited = await api.post(`/api/v1/chat/channels/${id}/members`, {
      token: bob.accessToken,
      body: { userIds: [dave.userId] },
    });
    expect(invited.json().members).toHaveLength(3);
    expect((await post(dave.accessToken, 'hi all', {}, id)).statusCode).toBe(201);
    expectProblem(
      await api.delete(`/api/v1/chat/channels/${id}/members/${alice.userId}`, { token: bob.accessToken }),
      403,
      'FORBIDDEN',
    );
    expect(
      (await api.delete(`/api/v1/chat/channels/${id}/members/${dave.userId}`, { token: alice.accessToken })).statusCode,
    ).toBe(204);
    expectProblem(await post(dave.accessToken, 'still here?', {}, id), 404, 'NOT_FOUND');
    expect(
      (await api.delete(`/api/v1/chat/channels/${id}/members/${bob.userId}`, { token: bob.accessToken })).statusCode,
    ).toBe(204);

    const direct = await api.post(`/api/v1/events/${eventId}/chat/conversations`, {
      token: alice.accessToken,
      body: { kind: 'direct', memberIds: [bob.userId] },
    });
    expect(direct.statusCode).toBe(201);
    const again = await api.post(`/api/v1/events/${eventId}/chat/conversations`, {
      token: bob.accessToken,
      body: { kind: 'direct', memberIds: [alice.userId] },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(direct.json().id);
    expectProblem(
      await api.post(`/api/v1/events/${eventId}/chat/conversations`, {
        token: alice.accessToken,
        body: { kind: 'direct', memberIds: [bob.userId, dave.userId] },
      }),
      422,
      'VALIDATION_FAILED',
    );
    const mine = await api.get(`/api/v1/events/${eventId}/chat/conversations`, { token: bob.accessToken });
    expect(mine.json().items.map((c: { id: string }) => c.id)).toEqual([direct.json().id]);
  });
});

describe('sequence numbers under concurrency', () => {
  it('numbers 60 messages posted at once by three people 1…60 without gaps, in the log as in the messages', async () => {
    const room = (
      await api.post(`/api/v1/events/${eventId}/chat/channels`, {
        token: owner.accessToken,
        body: { kind: 'room', name: 'Rush' },
      })
    ).json();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => post([alice, bob, owner][i % 3]!.accessToken, `rush ${i}`, {}, room.id)),
    );
    expect(answers.every((a) => a.statusCode === 201)).toBe(true);
    const seqs = answers.map((a) => a.json().seq as number).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const { chatLog } = await import('./schema.ts');
    const { eq } = await import('drizzle-orm');
    const log = await t.app.platform.database.db.select().from(chatLog).where(eq(chatLog.channelId, room.id));
    expect(log.map((r) => r.seq).sort((x, y) => x - y)).toEqual(seqs);
    expect((await api.get(`/api/v1/chat/channels/${room.id}`)).json().seq).toBe(60);
  });
});

describe('chat over the realtime socket', () => {
  it('pushes moderation to the room and to the participant’s own channel', async () => {
    const frank = await api.signup({ name: 'Frank' });
    const channel = `room:${stageId}`;
    const watcher = await TestSocket.open(base);
    await watcher.command({ type: 'subscribe', channel });
    const own = await TestSocket.open(base);
    await own.command({ type: 'auth', token: frank.accessToken });
    await own.command({ type: 'subscribe', channel: `user:${frank.userId}` });
    await api.post(`/api/v1/events/${eventId}/chat/mutes`, {
      token: owner.accessToken,
      body: { participant: { kind: 'user', id: frank.userId }, minutes: 3 },
    });
    const pushed = await watcher.next((f) => f.type === 'message' && f.event === 'chat.moderation');
    expect(pushed).toMatchObject({ data: { action: 'mute', participant: { id: frank.userId, name: 'Frank' } } });
    const notice = await own.next((f) => f.type === 'message' && f.event === 'chat.moderation');
    expect(notice).toMatchObject({ channel: `user:${frank.userId}`, data: { action: 'mute' } });
    watcher.close();
    own.close();
  });

  it('sends, pushes to every subscriber, answers refusals with stable codes, and resumes from PostgreSQL', async () => {
    const channel = `room:${stageId}`;
    const writer = await TestSocket.open(base);
    expect((await writer.command({ type: 'auth', token: alice.accessToken })).type).toBe('ack');
    const reader = await TestSocket.open(base);
    const notSubscribed = await writer.command({ type: 'chat.send', channel, text: 'early' });
    expect(notSubscribed).toMatchObject({ type: 'error', code: 'NOT_SUBSCRIBED' });
    expect((await writer.command({ type: 'subscribe', channel })).type).toBe('ack');
    const start = (await reader.command({ type: 'subscribe', channel })) as unknown as { result: { seq: number } };
    const sent = await writer.command({ type: 'chat.send', channel, text: 'live one' });
    expect(sent).toMatchObject({ type: 'ack', result: { message: { text: 'live one' } } });
    await eventually(() => reader.messages(channel).length === 1);
    expect(reader.messages(channel)[0]).toMatchObject({ event: 'chat.message', seq: start.result.seq + 1 });
    // Anonymous readers read a public stage but cannot write.
    expect(await reader.command({ type: 'chat.send', channel, text: 'me too' })).toMatchObject({
      type: 'error',
      code: 'UNAUTHENTICATED',
    });
    reader.close();
    const messageId = (sent as unknown as { result: { message: { id: string } } }).result.message.id;
    expect((await writer.command({ type: 'chat.edit', channel, messageId, text: 'live one!' })).type).toBe('ack');
    expect((await writer.command({ type: 'chat.react', channel, messageId, emoji: '❤️', on: true })).type).toBe('ack');
    const other = (await writer.command({ type: 'chat.send', channel, text: 'delete me' })) as unknown as {
      result: { message: { id: string } };
    };
    expect((await writer.command({ type: 'chat.delete', channel, messageId: other.result.message.id })).type).toBe(
      'ack',
    );
    const back = await TestSocket.open(base);
    const resumed = await back.command({ type: 'subscribe', channel, since: start.result.seq + 1 });
    expect(resumed).toMatchObject({ type: 'ack', result: { replayed: 4, resynced: false } });
    const replayed = back.messages(channel);
    expect(replayed.map((m) => m.event)).toEqual([
      'chat.message_updated',
      'chat.message_updated',
      'chat.message',
      'chat.message_deleted',
    ]);
    // The deleted message's text is replayed to no one.
    expect(JSON.stringify(replayed)).not.toContain('delete me');
    expect(replayed.map((m) => m.seq)).toEqual([2, 3, 4, 5].map((i) => start.result.seq + i));
    back.close();

    const carolMute = await api.signup({ name: 'Eve' });
    const muteRes = await api.post(`/api/v1/events/${eventId}/chat/mutes`, {
      token: owner.accessToken,
      body: { participant: { kind: 'user', id: carolMute.userId }, minutes: 5 },
    });
    const eve = await TestSocket.open(base);
    await eve.command({ type: 'auth', token: carolMute.accessToken });
    await eve.command({ type: 'subscribe', channel });
    const refused = await eve.command({ type: 'chat.send', channel, text: 'hi' });
    expect(refused).toMatchObject({ type: 'error', code: 'CHAT_MUTED', until: muteRes.json().until, channel });
    expect((refused as { retryAfter: number }).retryAfter).toBeGreaterThan(200);
    writer.close();
    eve.close();
  });

  it('answers slow mode with CHAT_SLOW_MODE and retryAfter, read-only with CHAT_READ_ONLY, and a ban ends the subscription', async () => {
    const room = (
      await api.post(`/api/v1/events/${eventId}/chat/channels`, {
        token: owner.accessToken,
        body: { kind: 'room', name: 'Socket rules', slowModeSeconds: 60 },
      })
    ).json();
    const channel = `room:${room.id}`;
    const grace = await api.signup({ name: 'Grace' });
    const socket = await TestSocket.open(base);
    await socket.command({ type: 'auth', token: grace.accessToken });
    expect((await socket.command({ type: 'subscribe', channel })).type).toBe('ack');
    expect((await socket.command({ type: 'chat.send', channel, text: 'first' })).type).toBe('ack');
    const slow = await socket.command({ type: 'chat.send', channel, text: 'second' });
    expect(slow).toMatchObject({ type: 'error', code: 'CHAT_SLOW_MODE', channel });
    expect((slow as { retryAfter: number }).retryAfter).toBeGreaterThan(50);
    await api.patch(`/api/v1/chat/channels/${room.id}`, {
      token: owner.accessToken,
      body: { slowModeSeconds: 0, readOnly: true },
    });
    expect(await socket.command({ type: 'chat.send', channel, text: 'third' })).toMatchObject({
      code: 'CHAT_READ_ONLY',
    });
    const settings = socket.messages(channel).filter((m) => m.event === 'chat.moderation');
    expect(settings.at(-1)).toMatchObject({ data: { action: 'settings', readOnly: true, slowModeSeconds: 0 } });
    await api.post(`/api/v1/events/${eventId}/chat/bans`, {
      token: owner.accessToken,
      body: { participant: { kind: 'user', id: grace.userId } },
    });
    expect(await socket.next((f) => f.type === 'error' && f.id === null && f.channel === channel)).toMatchObject({
      code: 'CHAT_BANNED',
    });
    expect(await socket.command({ type: 'subscribe', channel })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    socket.close();
  });

  it('never sends anything of a conversation to a socket that is not in it, and ends a removed member’s subscription', async () => {
    const group = (
      await api.post(`/api/v1/events/${eventId}/chat/conversations`, {
        token: alice.accessToken,
        body: { kind: 'group', name: 'Secret', memberIds: [bob.userId] },
      })
    ).json();
    const channel = `conversation:${group.id}`;
    const outsider = await TestSocket.open(base);
    await outsider.command({ type: 'auth', token: owner.accessToken });
    expect(await outsider.command({ type: 'subscribe', channel })).toMatchObject({
      type: 'error',
      code: 'FORBIDDEN',
      channel,
    });
    const anonymous = await TestSocket.open(base);
    expect(await anonymous.command({ type: 'subscribe', channel })).toMatchObject({ type: 'error' });
    expect(await anonymous.command({ type: 'subscribe', channel: 'room:not-a-uuid' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await anonymous.command({ type: 'subscribe', channel: 'conversation:0.0' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    // A conversation id asked for as a room is no such room.
    expect(await outsider.command({ type: 'subscribe', channel: `room:${group.id}` })).toMatchObject({
      code: 'NOT_FOUND',
    });
    const member = await TestSocket.open(base);
    await member.command({ type: 'auth', token: bob.accessToken });
    expect((await member.command({ type: 'subscribe', channel })).type).toBe('ack');
    await post(alice.accessToken, 'secret plans', {}, group.id);
    await eventually(() => member.messages(channel).length === 1);
    await api.delete(`/api/v1/chat/channels/${group.id}/members/${bob.userId}`, { token: alice.accessToken });
    await member.next((f) => f.type === 'error' && f.id === null && f.channel === channel);
    await post(alice.accessToken, 'after bob left', {}, group.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify(member.frames)).not.toContain('after bob left');
    expect(JSON.stringify([...outsider.frames, ...anonymous.frames])).not.toContain('secret plans');
    for (const s of [outsider, anonymous, member]) s.close();
  });
});
