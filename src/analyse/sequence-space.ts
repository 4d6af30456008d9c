// One direction of a connection in sequence-number space, and the anomalies a segment shows in it
// (as Wireshark's TCP analysis names them).
import { TCP_FLAGS, type TcpHeader } from '../decode/decoded-packet.js';
import type { Anomaly, FinReport } from './report-model.js';

export interface Direction {
  /** Base for relative numbers: the ISN, or the sequence number before the first one seen. */
  base: number | null;
  /** Highest relative sequence number reached (end of SYN/data/FIN). */
  next: number;
  /** Highest relative end of payload: bytes sent, retransmissions counted once. */
  dataEnd: number;
  lastAck: number;
  lastWindow: number;
  synSeen: boolean;
  /** Window scale shift from this side's SYN (RFC 7323); used only when both SYNs carried one. */
  windowShift: number | null;
  /** Sequence ranges skipped (not captured) and not filled yet; null until the first one. */
  gaps: [number, number][] | null;
  fin: FinReport | null;
}

export const newDirection = (): Direction => ({ base: null, next: 0, dataEnd: 1, lastAck: -1, lastWindow: -1, synSeen: false, windowShift: null, gaps: null, fin: null });

const NO_ANOMALIES: readonly Anomaly[] = [];

/** The anomalies of one segment sent in `out` (usually none: then a shared empty list, nothing allocated;
 * this runs for every packet, so it builds no closure either). */
export function sequenceAnomalies(out: Direction, back: Direction, relSeq: number, relAck: number, tcp: TcpHeader): readonly Anomaly[] {
  const flags = tcp.flags;
  const occupies = tcp.payloadLength + (flags & TCP_FLAGS.SYN ? 1 : 0) + (flags & TCP_FLAGS.FIN ? 1 : 0);
  const end = relSeq + occupies;
  const seen = out.next > 0 || (out.gaps !== null && out.gaps.length > 0);
  let sequence: Anomaly | null = null;
  if (flags & TCP_FLAGS.RST) {
    // an RST occupies no sequence space
  } else if (occupies > 0 && seen) {
    if (relSeq > out.next) {
      sequence = 'previous-segment-not-captured';
      (out.gaps ??= []).push([out.next, relSeq]);
    } else if (end <= out.next) {
      const gap = out.gaps?.findIndex(([from, to]) => relSeq < to && end > from) ?? -1;
      if (gap >= 0) {
        sequence = 'out-of-order';
        out.gaps!.splice(gap, 1);
      } else if (occupies <= 1 && relSeq === out.next - 1 && !(flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN))) sequence = 'keep-alive';
      else sequence = 'retransmission';
    }
  } else if (occupies === 0 && seen && relSeq === out.next - 1) {
    sequence = 'keep-alive';
  }
  const duplicateAck =
    occupies === 0 &&
    !(flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN | TCP_FLAGS.RST)) &&
    tcp.ack === out.lastAck &&
    tcp.window === out.lastWindow &&
    back.base !== null &&
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
