// Capture file in, report model out: read → decode → track connections (→ match the programs' calls).
import type { CaptureSource } from '../capture/capture-source.js';
import { readCapture } from '../capture/read-capture.js';
import type { SocketEvent } from '../capture/socket-events.js';
import { PacketDecoder } from '../decode/decode-packet.js';
import { TUNNEL, type Tunnel } from '../decode/decoded-packet.js';
import { ConnectionTracker } from './connection-tracker.js';
import { markKnownDrops } from './firewall-drops.js';
import type { CaptureReport, ConnectionReport, KnownDrop, NotDecodedReport, Report } from './report-model.js';
import { SocketCallIndex } from './socket-calls.js';

const MAX_PROBLEMS = 100;

export interface AnalyseOptions {
  /** Leave out each connection's packet list (and skip building it); states and verdicts stay. */
  brief?: boolean;
  /** Receives each connection as soon as it has ended (`index` gives the order of first packet). */
  onConnection?: (connection: ConnectionReport) => void;
  /** The programs' socket events (events.jsonl): each connection gets the calls that belong to it. */
  events?: SocketEvent[];
  /** What the lab knows is dropped after the capture point: lost segments it matches say why. */
  drops?: readonly KnownDrop[];
  /** The capture was taken in the server's network namespace (a lab run): the server's silence counts. */
  capturedAtServer?: boolean;
}

/** Streams the capture; connections go to onConnection, or are collected into the report (in order of
 * first packet) when it is absent. */
export function analyseCapture(input: Iterable<Uint8Array> | CaptureSource, options: AnalyseOptions = {}): Report {
  const stream = readCapture(input);
  const connections: ConnectionReport[] = [];
  const calls = options.events?.length ? new SocketCallIndex(options.events) : null;
  const deliver = options.onConnection ?? ((c: ConnectionReport) => connections.push(c));
  const drops = options.drops;
  const tracker = new ConnectionTracker(drops?.length ? (c) => (markKnownDrops(c, drops), deliver(c)) : deliver, !options.brief, calls, options.capturedAtServer);
  const problems: CaptureReport['problems'] = [];
  let problemCount = 0;
  let tcpPackets = 0;
  const notDecoded = new Map<string, NotDecodedReport>();
  const tunnelKinds = Object.keys(TUNNEL) as Tunnel[];
  const tunnelCounts = tunnelKinds.map(() => 0);
  const decoder = new PacketDecoder();
  try {
    for (let raw = stream.next(); raw; raw = stream.next()) {
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
        if (packet.tunnels) tunnelKinds.forEach((kind, i) => packet.tunnels & TUNNEL[kind] && tunnelCounts[i]!++);
        tracker.add(packet);
      }
    }
  } finally {
    stream.close();
  }
  tracker.finish();
  connections.sort((a, b) => a.index - b.index);
  const { info } = stream;
  const warnings = [...info.warnings];
  if (problemCount) warnings.push({ code: 'packetsNotDecoded', count: problemCount });
  return { capture: { ...info, tcpPackets, warnings, problems, notDecoded: [...notDecoded.values()], tunnels: tunnelKinds.map((tunnel, i) => ({ tunnel, tcpPackets: tunnelCounts[i]! })).filter((t) => t.tcpPackets) }, connections };
}
