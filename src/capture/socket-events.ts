// The programs' event lines (one JSON object per socket call), as written to events.jsonl: the second
// record of an experiment, beside the capture, that the report puts on the same time line.
import { LabError } from '../errors.js';

export interface SocketEvent {
  /** When the call returned: CLOCK_REALTIME in nanoseconds, as a decimal string (it does not fit a double exactly). */
  t: string;
  /** When the call was made, likewise (absent in event files written before calls had spans). */
  start?: string;
  pid: number;
  role: 'server' | 'client';
  call: string;
  ret: number;
  error?: string;
  [detail: string]: unknown;
}

// The programs write both times first, as bare integers: quote them before JSON.parse rounds them.
const NANOSECOND_FIELDS = /^\{"t":(\d+)(?:,"start":(\d+))?/;

/** Parses event lines, keeping the nanosecond timestamp exact. Lines that are not JSON objects (stray
 * program output) are skipped. A line that is an object but not an event is skipped in the programs'
 * output, and is a usage error naming `file` and the line when the lines come from a user's file. */
export function parseEventLines(text: string, file?: string): SocketEvent[] {
  const events: SocketEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.startsWith('{')) return;
    const problem = (what: string) => {
      if (file !== undefined) throw new LabError('USAGE', `${file}:${i + 1}: ${what}`);
    };
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line.replace(NANOSECOND_FIELDS, (_all, t: string, start?: string) => `{"t":"${t}"${start ? `,"start":"${start}"` : ''}`)) as Record<string, unknown>;
    } catch (error) {
      return problem(`not a JSON event line (${(error as Error).message})`);
    }
    const wrong = eventProblem(event);
    if (wrong) return problem(wrong);
    events.push(event as SocketEvent);
  });
  return events;
}

/** What makes an object not an event line, or null. */
function eventProblem(event: Record<string, unknown>): string | null {
  if (typeof event.t !== 'string' || !/^\d+$/.test(event.t)) return `"t" must be the first key, the call's CLOCK_REALTIME time in nanoseconds (digits), got ${JSON.stringify(event.t)}`;
  if (event.start !== undefined && (typeof event.start !== 'string' || !/^\d+$/.test(event.start))) return `"start" must follow "t", the call's start time in nanoseconds (digits), got ${JSON.stringify(event.start)}`;
  if (event.role !== 'server' && event.role !== 'client') return `"role" must be "server" or "client", got ${JSON.stringify(event.role)}`;
  if (typeof event.call !== 'string') return `"call" must be the socket call's name, got ${JSON.stringify(event.call)}`;
  if (!Number.isInteger(event.pid)) return `"pid" must be a process id, got ${JSON.stringify(event.pid)}`;
  if (typeof event.ret !== 'number') return `"ret" must be the call's return value, got ${JSON.stringify(event.ret)}`;
  if (event.error !== undefined && typeof event.error !== 'string') return `"error" must be text, got ${JSON.stringify(event.error)}`;
  return null;
}

/** Both programs' events on one time line. */
export function mergeEvents(...lists: SocketEvent[][]): SocketEvent[] {
  return lists.flat().sort((a, b) => (BigInt(a.t) < BigInt(b.t) ? -1 : BigInt(a.t) > BigInt(b.t) ? 1 : 0));
}

export function toJsonLines(events: SocketEvent[]): string {
  return events.map((event) => JSON.stringify(event).replace(/^\{"t":"(\d+)"(,"start":"(\d+)")?/, (_all, t: string, _s, start?: string) => `{"t":${t}${start ? `,"start":${start}` : ''}`) + '\n').join('');
}
