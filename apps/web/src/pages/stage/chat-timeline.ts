import type { ChatMessage } from '@foyer/contracts';

/**
 * The messages a chat shows, keyed by id. History pages and live pushes
 * arrive in any order and may overlap: a push is always the newest state
 * of its message, so a history copy never replaces one already here.
 */
export class ChatTimeline {
  private readonly byId = new Map<string, ChatMessage>();

  /** From history: added unless already known. */
  addFromHistory(messages: readonly ChatMessage[]): void {
    for (const m of messages) if (!this.byId.has(m.id)) this.byId.set(m.id, m);
  }

  /** From a live push (new, edited, reacted to, deleted): replaces what was here. */
  apply(message: ChatMessage): void {
    this.byId.set(message.id, message);
  }

  clear(): void {
    this.byId.clear();
  }

  /** Top-level messages in channel order, each with its replies in order. */
  threads(): Array<{ message: ChatMessage; replies: ChatMessage[] }> {
    const ordered = [...this.byId.values()].sort((a, b) => a.seq - b.seq);
    const threads = new Map<string, { message: ChatMessage; replies: ChatMessage[] }>();
    const orphans: ChatMessage[] = [];
    for (const m of ordered) {
      if (m.replyTo === null) threads.set(m.id, { message: m, replies: [] });
      else {
        const thread = threads.get(m.replyTo);
        if (thread) thread.replies.push(m);
        else orphans.push(m);
      }
    }
    // A reply whose thread start is older than the loaded history is shown on its own, in place.
    const all = [...threads.values(), ...orphans.map((message) => ({ message, replies: [] }))];
    return all.sort((a, b) => a.message.seq - b.message.seq);
  }

  get size(): number {
    return this.byId.size;
  }
}
