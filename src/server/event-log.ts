// A lab's events in order, each with an id: what a browser that reconnects has missed (Last-Event-ID)
// is everything after the id it saw last.

export interface LoggedEvent<T> {
  id: number;
  event: T;
}

/** Bounded: a lab that runs for hours keeps its newest events (a reconnect beyond them starts afresh). */
const MAX_EVENTS = 20_000;

export class EventLog<T> {
  private readonly entries: LoggedEvent<T>[] = [];
  private nextId = 1;
  private readonly listeners = new Set<(entry: LoggedEvent<T>) => void>();

  append(event: T): LoggedEvent<T> {
    const entry = { id: this.nextId++, event };
    this.entries.push(entry);
    if (this.entries.length > MAX_EVENTS) this.entries.splice(0, this.entries.length - MAX_EVENTS);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Every event after `lastId` (all of them for 0). */
  since(lastId: number): LoggedEvent<T>[] {
    const first = this.entries.findIndex((e) => e.id > lastId);
    return first === -1 ? [] : this.entries.slice(first);
  }

  subscribe(listener: (entry: LoggedEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
