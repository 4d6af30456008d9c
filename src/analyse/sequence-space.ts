// One direction of a connection in sequence-number space, and the anomalies a segment shows in it
// (as Wireshark's TCP analysis names them).
import { TCP_FLAGS, type TcpHeader } from '../decode/decoded-packet.js';
import type { Anomaly } from './report-model.js';

/** One direction of a connection. A class, not an object literal: see Ends in tcp-state-machine.ts. */
export class Direction {
  /** Base for relative numbers: the ISN, or the sequence number before the first one seen. */
  base: number | null = null;
  /** Highest relative sequence number reached (end of SYN/data/FIN). */
  next = 0;
  /** Highest relative end of payload: bytes sent, retransmissions counted once. */
  dataEnd = 1;
  /** The latest segment's acknowledgement number and window; lastWindow is -1 (no window is) before the first. */
  lastAck = 0;
  lastWindow = -1;
  synSeen = false;
  /** Window scale shift from this side's SYN (RFC 7323); used only when both SYNs carried one. */
  windowShift: number | null = null;
  /** Sequence ranges skipped (not captured) and not filled yet; null until the first one. */
  gaps: [number, number][] | null = null;

  /** Starts over, as a new Direction would, for another connection (its builder is reused: see
   * ConnectionTracker). */
  reset(): void {
    this.base = null;
    this.next = 0;
    this.dataEnd = 1;
    this.lastAck = 0;
    this.lastWindow = -1;
    this.synSeen = false;
    this.windowShift = null;
    this.gaps = null;
  }
}

const NO_ANOMALIES: readonly Anomaly[] = [];

/** The anomalies of one segment sent in `out` (usually none: then a shared empty list, nothing allocated;
 * this runs for every packet, so it builds no closure either). */
export function sequenceAnomalies(out: Direction, back: Direction, relSeq: number, relAck: number, tcp: TcpHeader): readonly Anomaly[] {
  const flags = tcp.flags;
  const occupies = tcp.payloadLength + (flags & TCP_FLAGS.SYN ? 1 : 0) + (flags & TCP_FLAGS.FIN ? 1 : 0);
  const end = relSeq + occupies;
  let sequence: Anomaly | null = null;
  if (flags & TCP_FLAGS.RST) {
    // an RST occupies no sequence space
  } else if (relSeq === out.next - 1 && occupies <= 1 && !(flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN))) {
    // Nothing or one byte, one below the next sequence number (never the first segment: relSeq is not -1).
    sequence = 'keep-alive';
  } else if (occupies > 0 && out.next > 0) {
    if (relSeq > out.next) {
      sequence = 'previous-segment-not-captured';
      (out.gaps ??= []).push([out.next, relSeq]);
    } else if (end <= out.next) {
      const gap = out.gaps?.findIndex(([from, to]) => relSeq < to && end > from) ?? -1;
      if (gap >= 0) {
        sequence = 'out-of-order';
        out.gaps!.splice(gap, 1);
      } else sequence = 'retransmission';
    }
  }
  // The peer has sent more than this acknowledges (so `back` has been seen: its `next` is 0 until then).
  const duplicateAck =
    occupies === 0 &&
    !(flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN | TCP_FLAGS.RST)) &&
    tcp.ack === out.lastAck &&
    tcp.window === out.lastWindow &&
    back.next > relAck &&
    sequence !== 'keep-alive';
  const zeroWindow = tcp.window === 0 && !(flags & (TCP_FLAGS.RST | TCP_FLAGS.SYN | TCP_FLAGS.FIN));
  out.next = Math.max(out.next, end);
  if (!sequence && !duplicateAck && !zeroWindow) return NO_ANOMALIES;
  const anomalies: Anomaly[] = sequence ? [sequence] : [];
  if (duplicateAck) anomalies.push('duplicate-ack');
  if (zeroWindow) anomalies.push('zero-window');
  return anomalies;
}
