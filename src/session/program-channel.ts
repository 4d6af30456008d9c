// A lab program in command mode (images/common/COMMANDS.md), driven through its attached stdin and stdout:
// one command per line in, one JSON reply per command out, and the event line of every socket call.
import { parseEventLines, type SocketEvent } from '../capture/socket-events.js';
import type { AttachedStreams } from '../docker/runtime.js';
import { LabError } from '../errors.js';
import { withTimeout } from '../waiting.js';

export type ProgramRole = 'server' | 'client';

/** A command's result: a socket call's (ok, ret, errno, error, …) or a `problem` when no call was made. */
export interface Reply {
  reply: number;
  cmd: string;
  ok: boolean;
  conn?: number;
  ret?: number;
  errno?: string;
  error?: string;
  /** Why no call was made: a code (worded by the CLI) and the program's English words. */
  code?: string;
  problem?: string;
  /** A connect still in progress after 1 s; its result follows in a second reply with `late`. */
  pending?: boolean;
  late?: boolean;
  [detail: string]: unknown;
}

/** Replies come within a few hundred ms (a call that would wait is polled at most 1 s). */
const REPLY_TIMEOUT_MS = 5_000;

export class ProgramChannel {
  readonly events: SocketEvent[] = [];
  private sent = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private partial = '';
  /** Resolves when the program's output ends (it exited, or the container was removed). */
  readonly ended: Promise<void>;

  constructor(
    readonly role: ProgramRole,
    private readonly streams: AttachedStreams,
    private readonly listener: { onEvent(role: ProgramRole, event: SocketEvent): void; onLateReply(role: ProgramRole, reply: Reply): void },
  ) {
    streams.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.ended = new Promise((resolve) => streams.stdout.on('end', resolve).on('close', resolve));
  }

  /** Sends one command line and resolves with its reply. */
  async command(line: string, signal: AbortSignal): Promise<Reply> {
    const number = ++this.sent;
    const reply = new Promise<Reply>((resolve) => this.waiting.set(number, resolve));
    this.streams.stdin.write(`${line.replace(/[\r\n]/g, ' ')}\n`);
    const ended = this.ended.then(() => {
      throw new LabError('programEnded', { role: this.role, command: line });
    });
    try {
      return await withTimeout(Promise.race([reply, ended]), REPLY_TIMEOUT_MS, 'programAnswer', signal, () => `${this.role}: ${line}`);
    } finally {
      this.waiting.delete(number);
    }
  }

  private receive(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('{"reply":')) this.onReply(JSON.parse(line) as Reply);
      else {
        for (const event of parseEventLines(line)) {
          this.events.push(event);
          this.listener.onEvent(this.role, event);
        }
      }
    }
  }

  private onReply(reply: Reply): void {
    const waiter = this.waiting.get(reply.reply);
    if (waiter && !reply.late) waiter(reply);
    else this.listener.onLateReply(this.role, reply);
  }
}
