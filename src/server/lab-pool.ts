// Spare labs, made before anyone asks: a student's start takes the readiest spare, so that a class that
// starts at once does not wait then for 30 networks and 90 containers. Every lab, spare or not, starts
// through one queue of a few at a time: the engine makes networks and joins containers to them one after
// the other anyway, and a call left waiting in the engine's own queue would run into its deadline.
import pLimit, { type LimitFunction } from 'p-limit';
import { labsEnded, type LabEvent, type LabsEnded, type LiveLab, type StartLab } from './live-lab.js';

/** A lab on its way or ready, not yet anyone's. */
export interface PooledLab {
  /** The lab, once it has started: a student who takes it has it at once. */
  readonly ready: LiveLab | null;
  readonly started: Promise<LiveLab>;
  /** Sends the lab's events (those so far, then each new one) to the student who took it; `signal` aborts
   * a start still in progress. */
  bind(emit: (event: LabEvent) => void, signal: AbortSignal): void;
}

interface Spare extends PooledLab {
  ready: LiveLab | null;
  readonly abort: AbortController;
}

export class LabPool {
  private readonly spares: Spare[] = [];
  private readonly queue: LimitFunction;
  private nextId = 1;

  constructor(
    private readonly startLab: StartLab,
    concurrentStarts: number,
    /** Hears why a spare that nobody had taken yet could not start. */
    private readonly onSpareFailed: (error: unknown) => void = () => {},
  ) {
    this.queue = pLimit(concurrentStarts);
  }

  /** Spares on their way or ready. */
  get size(): number {
    return this.spares.length;
  }

  /** Starts one more spare. */
  prepare(): void {
    const spare = this.launch();
    this.spares.push(spare);
    spare.started.catch((error: unknown) => {
      const index = this.spares.indexOf(spare);
      if (index === -1) return; // taken: its student hears why
      this.spares.splice(index, 1);
      this.onSpareFailed(error);
    });
  }

  /** A lab for a student: a ready spare, else the spare that started first, else a new lab. */
  take(): PooledLab {
    const ready = this.spares.findIndex((spare) => spare.ready);
    return this.spares.splice(Math.max(ready, 0), 1)[0] ?? this.launch();
  }

  /** Resolves once every spare asked for so far has started or failed, with how many started (taken since
   * or not). */
  async settled(): Promise<number> {
    const asked = [...this.spares];
    await Promise.allSettled(asked.map((spare) => spare.started));
    return asked.filter((spare) => spare.ready).length;
  }

  /** Ends every spare (a start in progress is aborted) and removes all it made; resolves with how many
   * had started, and the removals that failed (a start that failed or was aborted removed what it made). */
  async close(): Promise<LabsEnded> {
    const spares = this.spares.splice(0);
    for (const spare of spares) spare.abort.abort();
    const ends = await Promise.allSettled(spares.map((spare) => spare.started.then((lab) => lab.end().then(() => true), () => false)));
    return labsEnded(ends);
  }

  private launch(): Spare {
    const abort = new AbortController();
    const id = String(this.nextId++);
    const held: LabEvent[] = [];
    let emitTo: ((event: LabEvent) => void) | undefined;
    const emit = (event: LabEvent) => (emitTo ? emitTo(event) : held.push(event));
    const started = this.queue(() => {
      abort.signal.throwIfAborted(); // ended while it waited its turn
      return this.startLab(id, emit, abort.signal);
    });
    const spare: Spare = {
      ready: null,
      started,
      abort,
      bind(to, signal) {
        emitTo = to;
        for (const event of held.splice(0)) to(event);
        if (signal.aborted) abort.abort();
        else signal.addEventListener('abort', () => abort.abort(), { once: true });
      },
    };
    started.then((lab) => (spare.ready = lab)).catch(() => {});
    return spare;
  }
}
