// The class: who joined under which name, whose lab runs, who waits in the queue. One lab per student,
// at most `maxLabs` at once, spares included; an idle lab ends itself. The HTTP layer maps its answers to
// status codes.
import { LabError } from '../errors.js';
import { EventLog } from './event-log.js';
import { type LabEndReason, labEndReasonFields } from './lab-end-reason.js';
import { LabPool } from './lab-pool.js';
import { labsEnded, type LabEvent, type LabsEnded, type LiveLab, type StartLab } from './live-lab.js';
import { refusalText, type Refusal } from './refusal.js';
import type { WorksheetAttempts } from './worksheet-attempts.js';

export type LabState = 'none' | 'queued' | 'starting' | 'ready' | 'ended';

export interface Student {
  readonly name: string;
  readonly sessionId: string;
  readonly events: EventLog<LabEvent>;
  state: LabState;
  lab: LiveLab | null;
  /** Why the lab ended or failed to start, shown to the student. */
  reason: LabEndReason | null;
  presetsRun: string[];
  /** The worksheet checks before the answers were revealed: what the teacher's page shows. */
  worksheet: WorksheetAttempts | null;
  lastActivity: number;
  /** Aborts the start of the current lab. */
  abort: AbortController;
}

export interface ClassroomOptions {
  maxLabs: number;
  idleMs: number;
  startLab: StartLab;
  /** Labs kept ready for the next students (within `maxLabs`); 0: each lab starts when asked for. */
  spareLabs?: number;
  /** Labs starting at once, at most. */
  concurrentStarts?: number;
  /** Hears why a spare lab could not start (no student sees it). */
  onError?: (error: unknown) => void;
  now?: () => number;
}

/** Enough to keep the engine busy while each lab waits for its programs; few enough that no engine call
 * waits in the engine's own queue past its deadline. */
const CONCURRENT_STARTS = 8;

/** A request the classroom refuses, with the HTTP status that says why; `code` and `params`, when given, let
 * the pages word it in the student's language (the message stays English, for scripts). */
export class ClassroomError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 503,
    message: string,
    readonly wording?: { code: string; params: Record<string, unknown> },
  ) {
    super(message);
  }

  /** A refusal the student's page words in its reader's language. */
  static refused(status: ClassroomError['status'], refusal: Refusal): ClassroomError {
    return new ClassroomError(status, refusalText(refusal), refusal);
  }
}

const NAME = /^[^\p{C}]{1,40}$/u;

export class Classroom {
  private readonly byName = new Map<string, Student>();
  private readonly bySession = new Map<string, Student>();
  private readonly queue: Student[] = [];
  private running = 0;
  private closed = false;
  /** Students' labs still starting: what happens to each once it has started, true if that was its end
   * (close() waits for them). */
  private readonly starts = new Set<Promise<boolean>>();
  private readonly now: () => number;
  private readonly pool: LabPool;
  /** The teacher has shown the class the worksheet's expected answers; checks after it are not recorded. */
  answersRevealed = false;

  constructor(private readonly options: ClassroomOptions) {
    this.now = options.now ?? Date.now;
    this.pool = new LabPool(options.startLab, options.concurrentStarts ?? CONCURRENT_STARTS, options.onError);
  }

  /** Resolves once the spares asked for so far have started (or failed), with how many started. */
  sparesSettled(): Promise<number> {
    return this.pool.settled();
  }

  /** A name belongs to the first browser that took it; the same browser may join again. */
  join(rawName: string, sessionId: string): Student {
    const name = rawName.trim();
    if (!NAME.test(name)) throw ClassroomError.refused(400, { code: 'bad-name', params: {} });
    const mine = this.bySession.get(sessionId);
    if (mine && mine.name !== name) throw ClassroomError.refused(409, { code: 'already-joined', params: { name: mine.name } });
    const taken = this.byName.get(name);
    if (taken && taken.sessionId !== sessionId) throw ClassroomError.refused(409, { code: 'name-taken', params: { name } });
    if (taken) return this.touch(taken);
    const student: Student = { name, sessionId, events: new EventLog(), state: 'none', lab: null, reason: null, presetsRun: [], worksheet: null, lastActivity: this.now(), abort: new AbortController() };
    this.byName.set(name, student);
    this.bySession.set(sessionId, student);
    return student;
  }

  student(sessionId: string | undefined): Student | undefined {
    const student = sessionId === undefined ? undefined : this.bySession.get(sessionId);
    return student && this.touch(student);
  }

  students(): Student[] {
    return [...this.byName.values()];
  }

  /** Starts the student's lab, or queues it when `maxLabs` labs run. Asking again changes nothing. */
  requestLab(student: Student): { state: LabState; position?: number } {
    if (this.closed) throw ClassroomError.refused(503, { code: 'shutting-down', params: {} });
    if (student.state === 'none' || student.state === 'ended') {
      if (this.running < this.options.maxLabs) this.start(student);
      else {
        this.queue.push(student);
        this.setState(student, 'queued', null);
      }
    }
    return this.labStatus(student);
  }

  labStatus(student: Student): { state: LabState; position?: number } & Partial<ReturnType<typeof labEndReasonFields>> {
    if (student.state === 'queued') return { state: 'queued', position: this.queue.indexOf(student) + 1 };
    return student.reason ? { state: student.state, ...labEndReasonFields(student.reason) } : { state: student.state };
  }

  /** The running lab, or a 409 saying what state it is in. */
  readyLab(student: Student): LiveLab {
    if (student.state !== 'ready' || !student.lab) throw ClassroomError.refused(409, { code: 'lab-not-running', params: { state: student.state } });
    return student.lab;
  }

  async endLab(student: Student, reason: LabEndReason): Promise<void> {
    const queued = this.queue.indexOf(student);
    if (queued !== -1) this.queue.splice(queued, 1);
    if (student.state === 'starting') student.abort.abort();
    const lab = student.lab;
    if (student.state !== 'none' && student.state !== 'ended') this.setState(student, 'ended', reason);
    if (lab) await lab.end();
  }

  /** The teacher frees a name (a student moved to another computer): the lab ends, the name is free. */
  async free(name: string): Promise<boolean> {
    const student = this.byName.get(name);
    if (!student) return false;
    this.byName.delete(name);
    this.bySession.delete(student.sessionId);
    await this.endLab(student, { code: 'name-freed', params: {} });
    return true;
  }

  /** Ends labs whose student did nothing for `idleMs`. */
  async endIdle(): Promise<void> {
    const limit = this.now() - this.options.idleMs;
    const idle = this.students().filter((s) => (s.state === 'ready' || s.state === 'queued') && s.lastActivity < limit);
    await Promise.all(idle.map((s) => this.endLab(s, { code: 'idle', params: { minutes: Math.round(this.options.idleMs / 60_000) } })));
  }

  /** Ends every lab (Ctrl-C on the server), spares and labs still starting too; no lab starts after it.
   * Resolves once all are removed or have failed to be, with how many ended and the failures. */
  async close(): Promise<LabsEnded> {
    this.closed = true;
    this.queue.length = 0;
    const starting = [...this.starts]; // each leaves the set when it settles
    const stopped: LabEndReason = { code: 'server-stopped', params: {} };
    // A lab still starting is counted by its start, below, if it started.
    const end = (state: LabState) => this.students().filter((s) => s.state === state).map((s) => this.endLab(s, stopped).then(() => state === 'ready'));
    const [ends, spares] = await Promise.all([
      Promise.allSettled([...end('ready'), ...end('starting')]),
      this.pool.close(),
    ]);
    // A start aborted above removes what it made; one that finished meanwhile ends its lab (see start()).
    const starts = labsEnded(await Promise.allSettled(starting));
    const students = labsEnded(ends);
    return { ended: students.ended + spares.ended + starts.ended, failures: [...students.failures, ...spares.failures, ...starts.failures] };
  }

  private start(student: Student): void {
    this.running++;
    student.abort = new AbortController();
    this.setState(student, 'starting', null);
    const pooled = this.pool.take();
    this.prepareSpares();
    pooled.bind((event: LabEvent) => student.events.append(event), student.abort.signal);
    if (pooled.ready) {
      student.lab = pooled.ready;
      this.setState(student, 'ready', null);
      return;
    }
    const starting = pooled.started.then(
      async (lab) => {
        student.lab = lab;
        if (student.state !== 'starting') {
          await lab.end(); // ended while it started
          return true;
        }
        this.setState(student, 'ready', null);
        return false;
      },
      (error: unknown) => {
        if (student.state === 'starting') this.setState(student, 'ended', { code: 'could-not-start', params: { detail: (error as Error).message } });
        // Its removal failed too: the teacher hears it (close() counts it once closed).
        if (error instanceof LabError && error.key === 'cleanupFailedToo') throw error;
        return false;
      },
    );
    this.starts.add(starting);
    starting.catch((error: unknown) => this.closed || this.options.onError?.(error)).finally(() => this.starts.delete(starting));
  }

  private setState(student: Student, state: LabState, reason: LabEndReason | null): void {
    const wasRunning = student.state === 'starting' || student.state === 'ready';
    student.state = state;
    student.reason = reason;
    student.events.append({ type: state === 'ended' ? 'ended' : 'state', state, ...(reason ? labEndReasonFields(reason) : {}) });
    if (wasRunning && state === 'ended') {
      this.running--;
      this.startNext();
    }
  }

  private startNext(): void {
    while (!this.closed && this.running < this.options.maxLabs && this.queue.length) this.start(this.queue.shift()!);
    this.queue.forEach((s, i) => s.events.append({ type: 'state', state: 'queued', position: i + 1 }));
    this.prepareSpares();
  }

  /** Tops the spares up to `spareLabs`, as far as `maxLabs` leaves room beside the students' labs (again
   * whenever a student takes one or a lab ends). */
  prepareSpares(): void {
    const wanted = this.options.spareLabs ?? 0;
    while (!this.closed && this.pool.size < wanted && this.running + this.pool.size < this.options.maxLabs) this.pool.prepare();
  }

  private touch(student: Student): Student {
    student.lastActivity = this.now();
    return student;
  }
}
