// The programs' event lines (one JSON object per socket call), as written to events.jsonl: the second
// record of an experiment, beside the capture, that the report puts on the same time line.
import { LabError, type EventLineProblem } from '../errors.js';

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
    const problem = (what: EventLineProblem) => {
      if (file !== undefined) throw new LabError('eventsInvalid', { file, line: i + 1, problem: what });
    };
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line.replace(NANOSECOND_FIELDS, (_all, t: string, start?: string) => `{"t":"${t}"${start ? `,"start":"${start}"` : ''}`)) as Record<string, unknown>;
    } catch (error) {
      return problem({ kind: 'notJson', detail: (error as Error).message });
    }
    const wrong = eventProblem(event);
    if (wrong) return problem(wrong);
    events.push(event as SocketEvent);
  });
  return events;
}

/** What makes an object not an event line, or null. */
function eventProblem(event: Record<string, unknown>): EventLineProblem | null {
  const wrong = (field: Extract<EventLineProblem, { kind: 'field' }>['field']): EventLineProblem => ({ kind: 'field', field, got: JSON.stringify(event[field]) ?? 'undefined' });
  if (typeof event.t !== 'string' || !/^\d+$/.test(event.t)) return wrong('t');
  if (event.start !== undefined && (typeof event.start !== 'string' || !/^\d+$/.test(event.start))) return wrong('start');
  if (event.role !== 'server' && event.role !== 'client') return wrong('role');
  if (typeof event.call !== 'string') return wrong('call');
  if (!Number.isInteger(event.pid)) return wrong('pid');
  if (typeof event.ret !== 'number') return wrong('ret');
  if (event.error !== undefined && typeof event.error !== 'string') return wrong('error');
  return null;
}

/** Both programs' events on one time line; events of the same nanosecond keep their order (sort is stable). */
export function mergeEvents(...lists: SocketEvent[][]): SocketEvent[] {
  return lists.flat().sort((a, b) => Number(BigInt(a.t) - BigInt(b.t)));
}

// JSON.rawJSON (Node.js 21 and later) writes the digits as they are; TypeScript's library does not declare it yet.
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** The events as lines of JSON, both times as bare integers again, wherever they stand in the event. */
export function toJsonLines(events: SocketEvent[]): string {
  return events.map((event) => `${JSON.stringify({ ...event, t: rawJson(event.t), ...(event.start !== undefined && { start: rawJson(event.start) }) })}\n`).join('');
}
