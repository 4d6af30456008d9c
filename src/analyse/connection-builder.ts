// Follows one TCP connection packet by packet: handshake, sequence space, FINs, RSTs and anomalies.
// It keeps counters, not packets, unless asked to (the packet list is what --brief leaves out).
import { flagNames, TCP_FLAGS, type DecodedPacket, type TcpHeader } from '../decode/decoded-packet.js';
import { decodeTcpOptions } from '../decode/tcp.js';
import type { Anomaly, ConnectionReport, Endpoint, FinReport, PacketReport, Side, TeardownKind } from './report-model.js';
import { seqAdd, seqDiff, seqOffset } from './sequence.js';
import { trackStates, type StateInput } from './tcp-states.js';
import { formatTime } from './time.js';

/** Two captures of one packet (e.g. with and without a VLAN tag) arrive within this time of each other. */
const DUPLICATE_WINDOW_NS = 50_000_000;
const NO_ANOMALIES: readonly Anomaly[] = [];
const DUPLICATE: readonly Anomaly[] = ['duplicate'];
const RECENT_PACKETS = 4;
/** Per remembered packet: direction, seq, ack, checksum, flags, window, length, IP id, sec, nsec, frame. */
const RECENT_FIELDS = 11;

interface Direction {
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
  gaps: [number, number][];
  fin: FinReport | null;
}

const newDirection = (): Direction => ({ base: null, next: 0, dataEnd: 1, lastAck: -1, lastWindow: -1, synSeen: false, windowShift: null, gaps: [], fin: null });

export class ConnectionBuilder {
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly rolesGuessed: boolean;
  readonly ipVersion: 4 | 6;
  readonly firstFrame: number;
  private readonly startSec: number;
  private readonly startNsec: number;
  lastSec: number;
  private lastNsec: number;
  packetCount = 0;

  clientIsn: number | null = null;
  serverIsn: number | null = null;
  private synRetransmissions = 0;
  private handshakeFrames: number[] = [];
  private synAckOk: boolean | null = null;
  private finalAckOk: boolean | null = null;
  private synAckSeen = false;
  private handshakeDone = false;

  private readonly dir: Record<Side, Direction> = { client: newDirection(), server: newDirection() };
  private firstFinSide: Side | null = null;
  private passiveFirstAckHasFin: boolean | null = null;
  private passiveFinAcksInitiatorFin: boolean | null = null;
  private halfClose = false;
  private rst: { frame: number; from: Side; afterClose: boolean } | null = null;
  private readonly teardownFrames: number[] = [];
  private readonly anomalies: Partial<Record<Anomaly, number>> = {};
  /** The last few packets' header fields, to recognise the same packet captured twice. Numbers in a
   * typed array, so that remembering a packet allocates nothing and keeps no packet object alive. */
  private readonly recent = new Float64Array(RECENT_PACKETS * RECENT_FIELDS).fill(-1);
  private recentNext = 0;
  private readonly packets: (PacketReport & { raw: StateInput })[] | null;

  constructor(
    readonly index: number,
    /** The tracker's key for this connection's 4-tuple. */
    readonly key: string,
    first: DecodedPacket,
    roles: { client: Endpoint; server: Endpoint; guessed: boolean },
    keepPackets: boolean,
  ) {
    this.client = roles.client;
    this.server = roles.server;
    this.rolesGuessed = roles.guessed;
    this.ipVersion = first.ip!.version;
    this.firstFrame = first.raw.frame;
    this.startSec = first.raw.sec;
    this.startNsec = first.raw.nsec;
    this.lastSec = first.raw.sec;
    this.lastNsec = first.raw.nsec;
    this.packets = keepPackets ? [] : null;
  }

  /** Who sent the packet. Ports decide it without the address text unless both ports are equal. */
  senderOf(packet: DecodedPacket): Side {
    const { srcPort, dstPort } = packet.tcp!;
    if (srcPort !== dstPort) return srcPort === this.client.port && dstPort === this.server.port ? 'client' : 'server';
    return packet.ip!.src === this.client.ip ? 'client' : 'server';
  }

  /** The connection ended: both FINs acknowledged, an RST, or refused. */
  get finished(): boolean {
    return this.rst !== null || (this.dir.client.fin?.ackFrame != null && this.dir.server.fin?.ackFrame != null);
  }

  add(packet: DecodedPacket): void {
    const tcp = packet.tcp!;
    const raw = packet.raw;
    const from = this.senderOf(packet);
    const to: Side = from === 'client' ? 'server' : 'client';
    const out = this.dir[from];
    const back = this.dir[to];
    const flags = tcp.flags;
    const syn = (flags & TCP_FLAGS.SYN) !== 0;
    const ackFlag = (flags & TCP_FLAGS.ACK) !== 0;
    const fin = (flags & TCP_FLAGS.FIN) !== 0;
    const rst = (flags & TCP_FLAGS.RST) !== 0;
    this.packetCount++;
    this.lastSec = raw.sec;
    this.lastNsec = raw.nsec;
    const duplicateOf = this.findDuplicate(from, tcp, packet.ip!.id ?? -2, raw);
    if (duplicateOf === null) {
      if (syn) this.handshakeSyn(from, tcp, raw.data, raw.frame);
      else if (ackFlag && this.synAckSeen && !this.handshakeDone && from === 'client' && this.serverIsn !== null) {
        this.handshakeDone = true;
        this.finalAckOk = tcp.ack === seqAdd(this.serverIsn, 1);
        this.handshakeFrames.push(raw.frame);
      }
      if (out.base === null) out.base = syn ? tcp.seq : seqAdd(tcp.seq, -1);
      if (ackFlag && back.base === null) back.base = seqAdd(tcp.ack, -1);
    }

    const relSeq = seqOffset(tcp.seq, out.base!);
    const relAck = ackFlag && back.base !== null ? seqOffset(tcp.ack, back.base) : 0;
    let anomalies = DUPLICATE;
    if (duplicateOf === null) {
      anomalies = this.sequenceAnomalies(out, back, relSeq, relAck, tcp);
      if (ackFlag) this.acknowledge(from, to, tcp, raw.frame);
      if (fin && !out.fin) this.registerFin(from, to, tcp, raw.frame);
      if (tcp.payloadLength > 0 && this.firstFinSide === to && relSeq + tcp.payloadLength > out.dataEnd) this.halfClose = true;
      if (tcp.payloadLength > 0) out.dataEnd = Math.max(out.dataEnd, relSeq + (syn ? 1 : 0) + tcp.payloadLength);
      if (rst) {
        this.teardownFrame(raw.frame);
        if (!this.rst) this.rst = { frame: raw.frame, from, afterClose: this.finished };
      }
      out.lastAck = tcp.ack;
      out.lastWindow = tcp.window;
    }
    for (const anomaly of anomalies) this.count(anomaly);

    if (this.packets) {
      const d = raw.data;
      const shift = syn ? 0 : this.scaleShift(from);
      this.packets.push({
        frame: raw.frame,
        time: formatTime(raw.sec, raw.nsec),
        offset: this.secondsSinceStart(raw.sec, raw.nsec),
        from,
        flags: flagNames(flags),
        seq: tcp.seq,
        ack: tcp.ack,
        relSeq,
        relAck,
        len: tcp.payloadLength,
        window: tcp.window,
        windowScaled: shift === null ? null : tcp.window * 2 ** shift,
        options: decodeTcpOptions(d, tcp),
        states: { client: 'CLOSED', server: 'CLOSED' }, // filled in by finish()
        anomalies: [...anomalies],
        ...(duplicateOf !== null ? { duplicateOf } : {}),
        header: Buffer.from(d.subarray(tcp.offset, tcp.offset + tcp.headerLength)).toString('hex'),
        checksum: tcp.checksum,
        urgent: tcp.urgent,
        ...(raw.data.length < raw.originalLength ? { truncated: true } : {}),
        raw: { from, flags, seq: tcp.seq, ack: tcp.ack, len: tcp.payloadLength, duplicate: duplicateOf !== null },
      });
    }
  }

  private secondsSinceStart(sec: number, nsec: number): number {
    return sec - this.startSec + (nsec - this.startNsec) / 1e9;
  }

  /** Window scaling is in effect only when both SYNs carried the option; unknown without the SYNs. */
  private scaleShift(from: Side): number | null {
    const { client, server } = this.dir;
    if (!client.synSeen || !server.synSeen) return null;
    return client.windowShift !== null && server.windowShift !== null ? this.dir[from].windowShift : 0;
  }

  /** Frames arrive in order, so the list stays sorted; a frame may be both a FIN and an ACK of one. */
  private teardownFrame(frame: number): void {
    if (this.teardownFrames.at(-1) !== frame) this.teardownFrames.push(frame);
  }

  private count(anomaly: Anomaly): void {
    this.anomalies[anomaly] = (this.anomalies[anomaly] ?? 0) + 1;
  }

  /** The same packet captured twice: same direction, header fields, IP id and checksum, moments apart. */
  private findDuplicate(from: Side, tcp: TcpHeader, ipId: number, raw: { sec: number; nsec: number; frame: number }): number | null {
    const r = this.recent;
    const direction = from === 'client' ? 0 : 1;
    for (let at = 0; at < r.length; at += RECENT_FIELDS) {
      if (
        r[at] === direction &&
        r[at + 1] === tcp.seq &&
        r[at + 2] === tcp.ack &&
        r[at + 3] === tcp.checksum &&
        r[at + 4] === tcp.flags &&
        r[at + 5] === tcp.window &&
        r[at + 6] === tcp.payloadLength &&
        r[at + 7] === ipId &&
        (raw.sec - r[at + 8]!) * 1e9 + (raw.nsec - r[at + 9]!) <= DUPLICATE_WINDOW_NS
      )
        return r[at + 10]!;
    }
    const at = this.recentNext * RECENT_FIELDS;
    r[at] = direction;
    r[at + 1] = tcp.seq;
    r[at + 2] = tcp.ack;
    r[at + 3] = tcp.checksum;
    r[at + 4] = tcp.flags;
    r[at + 5] = tcp.window;
    r[at + 6] = tcp.payloadLength;
    r[at + 7] = ipId;
    r[at + 8] = raw.sec;
    r[at + 9] = raw.nsec;
    r[at + 10] = raw.frame;
    this.recentNext = (this.recentNext + 1) % RECENT_PACKETS;
    return null;
  }

  private handshakeSyn(from: Side, tcp: TcpHeader, data: Uint8Array, frame: number): void {
    const ackFlag = (tcp.flags & TCP_FLAGS.ACK) !== 0;
    const side = this.dir[from];
    if (!side.synSeen) {
      side.synSeen = true;
      side.windowShift = windowShiftOf(data, tcp);
    }
    if (!ackFlag && from === 'client') {
      if (this.clientIsn === null) {
        this.clientIsn = tcp.seq;
        this.handshakeFrames.push(frame);
      } else if (tcp.seq === this.clientIsn) this.synRetransmissions++;
    } else if (ackFlag && from === 'server' && !this.synAckSeen) {
      this.synAckSeen = true;
      this.serverIsn = tcp.seq;
      this.synAckOk = this.clientIsn === null ? null : tcp.ack === seqAdd(this.clientIsn, 1);
      this.handshakeFrames.push(frame);
    }
  }

  /** The anomalies of one segment (usually none: then the shared empty list, so nothing is allocated). */
  private sequenceAnomalies(out: Direction, back: Direction, relSeq: number, relAck: number, tcp: TcpHeader): readonly Anomaly[] {
    let anomalies: Anomaly[] | null = null;
    const note = (anomaly: Anomaly) => (anomalies ??= []).push(anomaly);
    const flags = tcp.flags;
    const occupies = tcp.payloadLength + (flags & TCP_FLAGS.SYN ? 1 : 0) + (flags & TCP_FLAGS.FIN ? 1 : 0);
    const end = relSeq + occupies;
    const seen = out.next > 0 || out.gaps.length > 0;
    if (flags & TCP_FLAGS.RST) {
      // an RST occupies no sequence space
    } else if (occupies > 0 && seen) {
      if (relSeq > out.next) {
        note('previous-segment-not-captured');
        out.gaps.push([out.next, relSeq]);
      } else if (end <= out.next) {
        const gap = out.gaps.findIndex(([from, to]) => relSeq < to && end > from);
        if (gap >= 0) {
          note('out-of-order');
          out.gaps.splice(gap, 1);
        } else if (occupies <= 1 && relSeq === out.next - 1 && !(flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN))) note('keep-alive');
        else note('retransmission');
      }
    } else if (occupies === 0 && seen && relSeq === out.next - 1) {
      note('keep-alive');
    }
    if (
      occupies === 0 &&
      !(flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN | TCP_FLAGS.RST)) &&
      tcp.ack === out.lastAck &&
      tcp.window === out.lastWindow &&
      back.base !== null &&
      back.next > relAck &&
      !(anomalies as Anomaly[] | null)?.includes('keep-alive')
    ) {
      note('duplicate-ack');
    }
    if (tcp.window === 0 && !(flags & (TCP_FLAGS.RST | TCP_FLAGS.SYN | TCP_FLAGS.FIN))) note('zero-window');
    out.next = Math.max(out.next, end);
    return anomalies ?? NO_ANOMALIES;
  }

  /** Marks the peer's FIN acknowledged, and notes the passive side's first acknowledgement of it. */
  private acknowledge(from: Side, to: Side, tcp: TcpHeader, frame: number): void {
    const peerFin = this.dir[to].fin;
    if (peerFin && peerFin.ackFrame === null && seqDiff(tcp.ack, seqAdd(peerFin.seq, 1)) >= 0) {
      peerFin.ackFrame = frame;
      this.teardownFrame(frame);
      if (this.firstFinSide === to) this.passiveFirstAckHasFin = (tcp.flags & TCP_FLAGS.FIN) !== 0;
    }
  }

  private registerFin(from: Side, to: Side, tcp: TcpHeader, frame: number): void {
    const seq = seqAdd(tcp.seq, tcp.payloadLength + (tcp.flags & TCP_FLAGS.SYN ? 1 : 0));
    this.dir[from].fin = { side: from, frame, seq, ackFrame: null };
    this.teardownFrame(frame);
    if (this.firstFinSide === null) this.firstFinSide = from;
    else if (this.firstFinSide === to) {
      const initiatorFin = this.dir[to].fin!;
      this.passiveFinAcksInitiatorFin = (tcp.flags & TCP_FLAGS.ACK) !== 0 && seqDiff(tcp.ack, seqAdd(initiatorFin.seq, 1)) >= 0;
    }
  }

  finish(): ConnectionReport {
    const { client, server } = this.dir;
    const closed = client.fin?.ackFrame != null && server.fin?.ackFrame != null;
    const refused = this.rst !== null && !this.synAckSeen && this.clientIsn !== null && this.rst.from === 'server';
    const resetEnded = this.rst !== null && !this.rst.afterClose;
    let kind: TeardownKind | null = null;
    let initiator: Side | 'both' | null = this.firstFinSide;
    if (resetEnded) {
      kind = 'reset';
      initiator = this.rst!.from;
    } else if (this.firstFinSide && this.passiveFinAcksInitiatorFin !== null) {
      if (!this.passiveFinAcksInitiatorFin) [kind, initiator] = ['simultaneous', 'both'];
      else kind = this.passiveFirstAckHasFin ? 'three-way' : 'four-way';
    }
    const outcome = refused ? 'refused' : closed && !resetEnded ? 'closed' : resetEnded ? 'reset' : 'open';
    const timeWait = outcome === 'closed' ? (kind === 'simultaneous' ? 'both' : this.firstFinSide) : null;
    const packets = this.packets ? this.finishPackets(refused) : undefined;
    return {
      index: this.index,
      client: this.client,
      server: this.server,
      rolesGuessed: this.rolesGuessed,
      ipVersion: this.ipVersion,
      firstFrame: this.firstFrame,
      startTime: formatTime(this.startSec, this.startNsec),
      durationSeconds: this.secondsSinceStart(this.lastSec, this.lastNsec),
      packetCount: this.packetCount,
      handshake: {
        complete: this.clientIsn !== null && this.synAckOk === true && this.finalAckOk === true,
        synRetransmissions: this.synRetransmissions,
        clientIsn: this.clientIsn,
        serverIsn: this.serverIsn,
        frames: this.handshakeFrames,
        synAckAcknowledgesIsn: this.synAckOk,
        finalAckAcknowledgesIsn: this.finalAckOk,
      },
      teardown: {
        kind,
        initiator,
        halfClose: this.halfClose,
        frames: this.teardownFrames,
        fins: [client.fin, server.fin].filter((f) => f !== null).sort((a, b) => a.frame - b.frame),
        rstFrame: this.rst?.frame ?? null,
      },
      outcome,
      timeWait,
      bytes: { client: Math.max(0, client.dataEnd - 1), server: Math.max(0, server.dataEnd - 1) },
      anomalies: this.anomalies,
      ...(packets ? { packets } : {}),
    };
  }

  private finishPackets(refused: boolean): PacketReport[] {
    const list = this.packets!;
    const midStream = this.clientIsn === null && this.serverIsn === null;
    const states = trackStates(list.map((p) => p.raw), { midStream, refused });
    return list.map(({ raw: _raw, ...packet }, i) => ({ ...packet, states: states[i]! }));
  }
}

/** The shift of a SYN's window scale option; null when it has none (or the options are malformed). */
function windowShiftOf(d: Uint8Array, tcp: TcpHeader): number | null {
  const end = tcp.offset + tcp.headerLength;
  for (let at = tcp.offset + 20; at < end; ) {
    const kind = d[at]!;
    if (kind === 0) return null;
    if (kind === 1) {
      at++;
      continue;
    }
    const length = d[at + 1] ?? 0;
    if (length < 2 || at + length > end) return null;
    if (kind === 3 && length === 3) return Math.min(d[at + 2]!, 14);
    at += length;
  }
  return null;
}
