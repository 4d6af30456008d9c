// Capture file in, report model out: read → decode → track connections.
import type { CaptureSource } from '../capture/capture-source.js';
import { readCapture } from '../capture/read-capture.js';
import { PacketDecoder } from '../decode/decode-packet.js';
import { ConnectionTracker } from './connection-tracker.js';
import type { CaptureReport, ConnectionReport, NotDecodedReport, Report } from './report-model.js';

const MAX_PROBLEMS = 100;

export interface AnalyseOptions {
  /** Leave out each connection's packet list (and skip building it). */
  brief?: boolean;
  /** Receives each connection as soon as it is complete, in order of first packet. */
  onConnection?: (connection: ConnectionReport) => void;
}

/** Streams the capture; connections go to onConnection, or are collected into the report when absent. */
export function analyseCapture(input: Iterable<Uint8Array> | CaptureSource, options: AnalyseOptions = {}): Report {
  const stream = readCapture(input);
  const connections: ConnectionReport[] = [];
  const tracker = new ConnectionTracker(options.onConnection ?? ((c) => connections.push(c)), !options.brief);
  const problems: CaptureReport['problems'] = [];
  let problemCount = 0;
  let tcpPackets = 0;
  const notDecoded = new Map<string, NotDecodedReport>();
  const decoder = new PacketDecoder();
  for (const raw of stream.packets) {
    const packet = decoder.decode(raw);
    if (packet.problem) {
      if (++problemCount <= MAX_PROBLEMS) problems.push({ frame: raw.frame, ...packet.problem });
    }
    if (packet.undecoded) {
      const key = `${packet.undecoded.field} ${packet.undecoded.value}`;
      const seen = notDecoded.get(key);
      if (seen) seen.frames++;
      else notDecoded.set(key, { ...packet.undecoded, frames: 1, firstFrame: raw.frame });
    }
    if (packet.tcp) {
      tcpPackets++;
      tracker.add(packet);
    }
  }
  tracker.finish();
  const { info } = stream;
  const warnings = [...info.warnings];
  if (problemCount) warnings.push(`${problemCount} packet(s) could not be decoded completely; see "problems" (each names the layer and byte offset)`);
  return { capture: { ...info, tcpPackets, warnings, problems, notDecoded: [...notDecoded.values()] }, connections };
}
