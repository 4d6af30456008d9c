// What the classroom server needs of one student's running lab. The live session library provides it;
// the server knows nothing of engines, containers or capture formats.
import type { CheckResult } from '../quiz/check-worksheet.js';

export interface WorksheetQuestion {
  id: string;
  prompt: string;
  /** Which packet to look at, and a Wireshark filter that shows it. */
  where: string;
  filter: string;
}

/** The files a student can download, always as of now: the capture so far, analysed now. */
export const LAB_FILES = {
  'capture.pcap': 'application/vnd.tcpdump.pcap',
  'capture-annotated.pcapng': 'application/octet-stream',
  'report.html': 'text/html; charset=utf-8',
  'report.json': 'application/json; charset=utf-8',
  'report.md': 'text/markdown; charset=utf-8',
  'events.jsonl': 'application/x-ndjson; charset=utf-8',
} as const;
export type LabFileName = keyof typeof LAB_FILES;

/** One event of a lab as the page receives it (the `type` is the SSE event name). */
export type LabEvent = { type: 'packet' | 'call' | 'state' | 'result' | 'ended'; [field: string]: unknown };

export interface LiveLab {
  /** Runs one command of the terminal session's grammar (`connect`, `send hello`, `server close #1`). */
  command(line: string, signal: AbortSignal): Promise<Record<string, unknown>>;
  /** Runs a preset inside the running lab, on new connections of its own; resolves with its verdict. */
  scenario(name: string, signal: AbortSignal): Promise<Record<string, unknown>>;
  /** Works after end() too: the outputs stay for download until the server stops. */
  file(name: LabFileName): Promise<Buffer>;
  /** The worksheet's questions about what this lab captured so far, in a language (`lab quiz`'s questions). */
  worksheet(lang: string): Promise<WorksheetQuestion[]>;
  /** The answers checked against the capture so far (`lab check`). */
  checkAnswers(answers: Record<string, string>, lang: string): Promise<CheckResult>;
  /** One verdict line per connection captured so far ("handshake complete; four-way started by server…"). */
  verdicts(): Promise<string[]>;
  /** Ends the lab and removes everything it created. Idempotent. */
  end(): Promise<void>;
}

/** What ending several labs came to: how many ended, and the failures of those whose removal did not finish. */
export interface LabsEnded {
  ended: number;
  failures: unknown[];
}

/** Tallies ends that settled with true (a lab ended), false (there was none to end) or a failure. */
export function labsEnded(ends: PromiseSettledResult<boolean>[]): LabsEnded {
  return {
    ended: ends.filter((end) => end.status === 'fulfilled' && end.value).length,
    failures: ends.flatMap((end) => (end.status === 'rejected' ? [end.reason] : [])),
  };
}

/** Starts a lab (`id`: its number in the class, unique); its packets, calls and results go to `emit` as they
 * happen. A lab may start before any student takes it. */
export type StartLab = (id: string, emit: (event: LabEvent) => void, signal: AbortSignal) => Promise<LiveLab>;

/** A mistake in what the student asked (an unknown command, a preset that needs its own lab): HTTP 400/409. */
export class LabRequestError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
  }
}
