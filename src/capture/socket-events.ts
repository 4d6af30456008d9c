// The programs' event lines (one JSON object per socket call), as written to events.jsonl: the second
// record of an experiment, beside the capture, that the report puts on the same time line.

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

/** Parses event lines, keeping the nanosecond timestamp exact; other lines (stray output) are skipped. */
export function parseEventLines(text: string): SocketEvent[] {
  const events: SocketEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const event = JSON.parse(line.replace(NANOSECOND_FIELDS, (_all, t: string, start?: string) => `{"t":"${t}"${start ? `,"start":"${start}"` : ''}`)) as SocketEvent;
      if (typeof event.t === 'string' && typeof event.call === 'string' && (event.start === undefined || typeof event.start === 'string')) events.push(event);
    } catch {
      // not an event line
    }
  }
  return events;
}

/** Both programs' events on one time line. */
export function mergeEvents(...lists: SocketEvent[][]): SocketEvent[] {
  return lists.flat().sort((a, b) => (BigInt(a.t) < BigInt(b.t) ? -1 : BigInt(a.t) > BigInt(b.t) ? 1 : 0));
}

export function toJsonLines(events: SocketEvent[]): string {
  return events.map((event) => JSON.stringify(event).replace(/^\{"t":"(\d+)"(,"start":"(\d+)")?/, (_all, t: string, _s, start?: string) => `{"t":${t}${start ? `,"start":${start}` : ''}`) + '\n').join('');
}
