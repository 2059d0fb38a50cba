import type { ChatMessage } from '@foyer/contracts';
import { describe, expect, it } from 'vitest';
import { ChatTimeline } from './chat-timeline.ts';

let n = 0;
function message(seq: number, over: Partial<ChatMessage> = {}): ChatMessage {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    channelId: '00000000-0000-4000-8000-ffffffffffff',
    seq,
    author: { kind: 'guest', id: '00000000-0000-4000-8000-aaaaaaaaaaaa', name: 'Gus' },
    text: `message ${seq}`,
    links: [],
    replyTo: null,
    replyCount: 0,
    reactions: [],
    createdAt: new Date(1_800_000_000_000 + seq).toISOString(),
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    ...over,
  };
}

describe('ChatTimeline', () => {
  it('orders by sequence and nests replies under their thread', () => {
    const t = new ChatTimeline();
    const first = message(1);
    const second = message(2);
    const reply = message(3, { replyTo: first.id });
    t.apply(reply);
    t.addFromHistory([second, first]);
    expect(t.threads().map((x) => [x.message.seq, x.replies.map((r) => r.seq)])).toEqual([
      [1, [3]],
      [2, []],
    ]);
  });

  it('keeps a live update over an older history copy of the same message', () => {
    const t = new ChatTimeline();
    const original = message(5);
    t.apply({ ...original, text: '', deletedAt: new Date().toISOString(), deletedBy: 'moderator' });
    t.addFromHistory([original]);
    expect(t.threads()[0]!.message.deletedBy).toBe('moderator');
    expect(t.size).toBe(1);
  });

  it('shows a reply whose thread is not loaded on its own', () => {
    const t = new ChatTimeline();
    t.addFromHistory([message(9, { replyTo: '00000000-0000-4000-8000-999999999999' }), message(10)]);
    expect(t.threads().map((x) => x.message.seq)).toEqual([9, 10]);
  });
});
