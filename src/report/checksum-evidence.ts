// A TCP checksum that does not match the captured bytes, judged by what the receiver did next. RFC 9293
// (3.1): a segment whose checksum is wrong is discarded. So a segment that its receiver acknowledged arrived
// intact, and the mismatch is the capture seeing it before the sum was filled in (TX checksum offload, or a
// veth pair, which never fills it in). Only the other mismatches are told as wrong checksums.
import type { PacketReport, Side } from '../analyse/report-model.js';

/** The frames whose TCP checksum mismatch is offload: acknowledged by the receiver, or a bare ACK from a
 * sender whose acknowledged segments show that it leaves its sums to offload. */
export function offloadedChecksums(packets: readonly PacketReport[]): ReadonlySet<number> {
  const offloaded = new Set<number>();
  const offloading = new Set<Side>();
  // Backwards, so that the highest acknowledgement each side sends later is known at each packet.
  const ackedLater: Record<Side, number> = { client: -1, server: -1 };
  for (let i = packets.length - 1; i >= 0; i--) {
    const p = packets[i]!;
    const span = p.len + (p.flags.includes('SYN') ? 1 : 0) + (p.flags.includes('FIN') ? 1 : 0);
    const receiver: Side = p.from === 'client' ? 'server' : 'client';
    if (p.wrongChecksums?.includes('tcp') && span > 0 && ackedLater[receiver] >= p.relSeq + span) {
      offloaded.add(p.frame);
      offloading.add(p.from);
    }
    if (p.flags.includes('ACK')) ackedLater[p.from] = Math.max(ackedLater[p.from], p.relAck);
  }
  for (const p of packets) {
    const bare = p.len === 0 && !p.flags.includes('SYN') && !p.flags.includes('FIN');
    if (bare && p.wrongChecksums?.includes('tcp') && offloading.has(p.from)) offloaded.add(p.frame);
  }
  return offloaded;
}
