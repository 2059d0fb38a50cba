type Listener = (...args: never[]) => void;

/** A minimal typed event emitter (works in browsers and Node alike). */
export class Emitter<Events extends Record<string, unknown[]>> {
  private readonly listeners = new Map<keyof Events, Set<Listener>>();

  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as unknown as Listener;
    set.add(entry);
    return () => set.delete(entry);
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as unknown as (...a: Events[K]) => void)(...args);
      } catch (err) {
        // One listener's mistake must not stop the others (or the socket loop).
        console.error(err);
      }
    }
  }
}
