// A lab's output folder as the worksheet sees it: the capture (re-analysed, never report.json), its hash,
// and the programs' events when the folder has them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseCapture } from '../analyse/analyse-capture.js';
import type { Report } from '../analyse/report-model.js';
import { parseEventLines, type SocketEvent } from '../capture/socket-events.js';
import { LabError, systemReason } from '../errors.js';

export interface LabFolder {
  dir: string;
  capturePath: string;
  /** SHA-256 of capture.pcap, in hex: ties a worksheet's answers to this capture. */
  captureSha256: string;
  report: Report;
  /** Null when the folder has no events.jsonl (a capture from elsewhere). */
  events: SocketEvent[] | null;
}

export function readLabFolder(dir: string): LabFolder {
  const capturePath = join(dir, 'capture.pcap');
  let bytes: Buffer;
  try {
    bytes = readFileSync(capturePath);
  } catch (error) {
    throw new LabError('labFolderCaptureUnreadable', { path: capturePath, reason: systemReason(error) });
  }
  const eventsPath = join(dir, 'events.jsonl');
  return {
    dir,
    capturePath,
    captureSha256: createHash('sha256').update(bytes).digest('hex'),
    // A lab folder's capture was taken in the server's namespace, as the report beside it says.
    report: analyseCapture([bytes], { capturedAtServer: true }),
    events: existsSync(eventsPath) ? parseEventLines(readFileSync(eventsPath, 'utf8')) : null,
  };
}
