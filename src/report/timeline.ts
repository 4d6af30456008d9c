// Packets and the programs' socket calls (matched to the connection by the analysis) on one time line.
import type { PacketReport, SocketCallReport } from '../analyse/report-model.js';

export type TimelineEntry = { kind: 'packet'; packet: PacketReport; offset: number } | { kind: 'call'; call: SocketCallReport; offset: number };

/** Packets and socket calls in time order. */
export function mergeTimeline(packets: PacketReport[], calls: SocketCallReport[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...packets.map((packet) => ({ kind: 'packet' as const, packet, offset: packet.offset })),
    // A call takes its place when it was made: a write() made before its segment left comes before it.
    ...calls.map((call) => ({ kind: 'call' as const, call, offset: call.called ?? call.returned })),
  ];
  return entries.sort((a, b) => a.offset - b.offset);
}
