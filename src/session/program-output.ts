// A scripted program's output as it arrives through the stream attached before it started: its event lines
// on stdout, its messages on stderr. The session waits here for a program to be ready and takes its events
// from here, without following or reading its log: one attach instead of a log follow and a wait, and no lag
// (the engine writes the log apart from the attached stream, and may write its last lines after that ends).
import { StringDecoder } from 'node:string_decoder';
import type { LogStream } from '../docker/log-lines.js';
import type { AttachedStreams } from '../docker/runtime.js';

/** `ended`: the process exited and all of its output arrived; `dropped`: the attach closed before that. */
export type OutputState = 'open' | 'ended' | 'dropped';

export class ProgramOutput {
  state: OutputState = 'open';
  /** Settles with the state once the output is over: `ended` or `dropped`. */
  readonly over: Promise<OutputState>;
  private readonly text: Record<LogStream, string[]> = { stdout: [], stderr: [] };
  private readonly lines: string[] = [];
  private readonly watchers = new Set<(line: string) => void>();

  constructor(streams: AttachedStreams) {
    for (const name of ['stdout', 'stderr'] as const) {
      const decoder = new StringDecoder('utf8');
      let partial = '';
      streams[name].on('data', (chunk: Buffer) => {
        const text = decoder.write(chunk);
        this.text[name].push(text);
        const lines = (partial + text).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          this.lines.push(line);
          for (const watcher of this.watchers) watcher(line);
        }
      });
    }
    this.over = new Promise((resolve) => {
      const over = (state: OutputState) => {
        if (this.state === 'open') this.state = state;
        resolve(this.state);
      };
      streams.stdout.on('end', () => over('ended')).on('close', () => over('dropped')).on('error', () => over('dropped'));
    });
  }

  /** What the program printed so far on each stream. */
  printed(): Record<LogStream, string> {
    return { stdout: this.text.stdout.join(''), stderr: this.text.stderr.join('') };
  }

  /** Its last few lines, for an error message. */
  lastLines(): string {
    return this.lines.slice(-5).join(' | ') || 'nothing';
  }

  /** Resolves with `seen` at the first line (on either stream) that matches, or with how the output was over
   * before one did. */
  lineMatching(pattern: RegExp): Promise<'seen' | OutputState> {
    if (this.lines.some((line) => pattern.test(line))) return Promise.resolve('seen');
    let watcher = (_line: string) => {};
    const seen = new Promise<'seen'>((resolve) => (watcher = (line) => void (pattern.test(line) && resolve('seen'))));
    this.watchers.add(watcher);
    return Promise.race([seen, this.over]).finally(() => this.watchers.delete(watcher));
  }
}
