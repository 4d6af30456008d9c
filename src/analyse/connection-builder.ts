// Follows one TCP connection packet by packet: handshake, sequence space, FINs, RSTs and anomalies.
// It keeps counters, not packets, unless asked to (the packet list is what --brief leaves out).
import { flagNames, TCP_FLAGS, type DecodedPacket, type TcpHeader } from '../decode/decoded-packet.js';
import { decodeTcpOptions, windowScaleShift } from '../decode/tcp.js';
import { classifyTeardown } from './classify-teardown.js';
import type { DuplicateDetector } from './duplicate-detector.js';
import type { Anomaly, ConnectionReport, Endpoint, FinReport, PacketReport, Side } from './report-model.js';
import { newDirection, sequenceAnomalies, type Direction } from './sequence-space.js';
import { seqAdd, seqDiff, seqOffset } from './sequence.js';
import { trackStates, type StateInput } from './tcp-states.js';
import { formatTime } from './time.js';

const DUPLICATE: readonly Anomaly[] = ['duplicate'];

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
  /** Frames of the handshake: the client's first SYN, the server's first SYN-ACK, the final ACK. */
  private synFrame: number | null = null;
  private synAckFrame: number | null = null;
  private finalAckFrame: number | null = null;
  private synAckOk: boolean | null = null;
  private finalAckOk: boolean | null = null;
  private synAckSeen = false;
  private handshakeDone = false;

  private readonly dir: Record<Side, Direction> = { client: newDirection(), server: newDirection() };
  private firstFinSide: Side | null = null;
  private passiveFirstAckHasFin: boolean | null = null;
  private passiveFinAcksInitiatorFin: boolean | null = null;
  private halfClose = false;
  /** The first RST: who sent it, and whether the connection had already closed. */
  private rst: { from: Side; afterClose: boolean } | null = null;
  /** Every RST's frame, the first one first (the FINs and their acknowledgements are in the directions' fin). */
  private rstFrames: number[] | null = null;
  /** Counts by kind; null until the first anomaly (most connections have none). */
  private anomalies: Partial<Record<Anomaly, number>> | null = null;
  private readonly packets: (PacketReport & { raw: StateInput })[] | null;
  private readonly duplicateRing: number;

  constructor(
    readonly index: number,
    /** The tracker's key for this connection's 4-tuple. */
    readonly key: string,
    first: DecodedPacket,
    roles: { client: Endpoint; server: Endpoint; guessed: boolean },
    keepPackets: boolean,
    /** Shared by every connection of the capture. */
    private readonly duplicates: DuplicateDetector,
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
    this.duplicateRing = duplicates.open();
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
    const duplicateOf = this.duplicates.check(this.duplicateRing, from === 'client' ? 0 : 1, tcp, packet.ip!.id ?? -2, raw.sec + raw.nsec / 1e9, raw.frame);
    if (duplicateOf === null) {
      if (syn) this.handshakeSyn(from, tcp, raw.bytes, raw.frame);
      else if (ackFlag && this.synAckSeen && !this.handshakeDone && from === 'client' && this.serverIsn !== null) {
        this.handshakeDone = true;
        this.finalAckOk = tcp.ack === seqAdd(this.serverIsn, 1);
        this.finalAckFrame = raw.frame;
      }
      if (out.base === null) out.base = syn ? tcp.seq : seqAdd(tcp.seq, -1);
      if (ackFlag && back.base === null) back.base = seqAdd(tcp.ack, -1);
    }

    const relSeq = seqOffset(tcp.seq, out.base!);
    const relAck = ackFlag && back.base !== null ? seqOffset(tcp.ack, back.base) : 0;
    let anomalies = DUPLICATE;
    if (duplicateOf === null) {
      anomalies = sequenceAnomalies(out, back, relSeq, relAck, tcp);
      if (ackFlag) this.acknowledge(from, to, tcp, raw.frame);
      if (fin && !out.fin) this.registerFin(from, to, tcp, raw.frame);
      if (tcp.payloadLength > 0 && this.firstFinSide === to && relSeq + tcp.payloadLength > out.dataEnd) this.halfClose = true;
      if (tcp.payloadLength > 0) out.dataEnd = Math.max(out.dataEnd, relSeq + (syn ? 1 : 0) + tcp.payloadLength);
      if (rst) {
        if (this.rstFrames) this.rstFrames.push(raw.frame);
        else this.rstFrames = [raw.frame];
        if (!this.rst) this.rst = { from, afterClose: this.finished };
      }
      out.lastAck = tcp.ack;
      out.lastWindow = tcp.window;
    }
    for (const anomaly of anomalies) this.count(anomaly);

    if (this.packets) {
      const d = raw.bytes;
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
        ...(raw.end - raw.start < raw.originalLength ? { truncated: true } : {}),
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

  private count(anomaly: Anomaly): void {
    const counts = (this.anomalies ??= {});
    counts[anomaly] = (counts[anomaly] ?? 0) + 1;
  }

  private handshakeSyn(from: Side, tcp: TcpHeader, data: Uint8Array, frame: number): void {
    const ackFlag = (tcp.flags & TCP_FLAGS.ACK) !== 0;
    const side = this.dir[from];
    if (!side.synSeen) {
      side.synSeen = true;
      side.windowShift = windowScaleShift(data, tcp);
    }
    if (!ackFlag && from === 'client') {
      if (this.clientIsn === null) {
        this.clientIsn = tcp.seq;
        this.synFrame = frame;
      } else if (tcp.seq === this.clientIsn) this.synRetransmissions++;
    } else if (ackFlag && from === 'server' && !this.synAckSeen) {
      this.synAckSeen = true;
      this.serverIsn = tcp.seq;
      this.synAckOk = this.clientIsn === null ? null : tcp.ack === seqAdd(this.clientIsn, 1);
      this.synAckFrame = frame;
    }
  }

  /** Marks the peer's FIN acknowledged, and notes the passive side's first acknowledgement of it. */
  private acknowledge(from: Side, to: Side, tcp: TcpHeader, frame: number): void {
    const peerFin = this.dir[to].fin;
    if (peerFin && peerFin.ackFrame === null && seqDiff(tcp.ack, seqAdd(peerFin.seq, 1)) >= 0) {
      peerFin.ackFrame = frame;
      if (this.firstFinSide === to) this.passiveFirstAckHasFin = (tcp.flags & TCP_FLAGS.FIN) !== 0;
    }
  }

  private registerFin(from: Side, to: Side, tcp: TcpHeader, frame: number): void {
    const seq = seqAdd(tcp.seq, tcp.payloadLength + (tcp.flags & TCP_FLAGS.SYN ? 1 : 0));
    this.dir[from].fin = { side: from, frame, seq, ackFrame: null };
    if (this.firstFinSide === null) this.firstFinSide = from;
    else if (this.firstFinSide === to) {
      const initiatorFin = this.dir[to].fin!;
      this.passiveFinAcksInitiatorFin = (tcp.flags & TCP_FLAGS.ACK) !== 0 && seqDiff(tcp.ack, seqAdd(initiatorFin.seq, 1)) >= 0;
    }
  }

  /** The connection's report; it takes no more packets after this. */
  finish(): ConnectionReport {
    this.duplicates.close(this.duplicateRing);
    const { client, server } = this.dir;
    const verdict = classifyTeardown({
      firstFinSide: this.firstFinSide,
      passiveFinAcksInitiatorFin: this.passiveFinAcksInitiatorFin,
      passiveFirstAckHasFin: this.passiveFirstAckHasFin,
      bothFinsAcknowledged: client.fin?.ackFrame != null && server.fin?.ackFrame != null,
      rst: this.rst,
      synAckSeen: this.synAckSeen,
      clientSynSeen: this.clientIsn !== null,
    });
    const packets = this.packets ? this.finishPackets(verdict.outcome === 'refused') : undefined;
    const finFrames = [client.fin?.frame, client.fin?.ackFrame, server.fin?.frame, server.fin?.ackFrame];
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
        frames: frameList([this.synFrame, this.synAckFrame, this.finalAckFrame]),
        synAckAcknowledgesIsn: this.synAckOk,
        finalAckAcknowledgesIsn: this.finalAckOk,
      },
      teardown: {
        kind: verdict.kind,
        initiator: verdict.initiator,
        halfClose: this.halfClose,
        frames: frameList(this.rstFrames ? [...finFrames, ...this.rstFrames] : finFrames),
        fins: finsInOrder(client.fin, server.fin),
        rstFrame: this.rstFrames?.[0] ?? null,
      },
      outcome: verdict.outcome,
      timeWait: verdict.timeWait,
      bytes: { client: Math.max(0, client.dataEnd - 1), server: Math.max(0, server.dataEnd - 1) },
      anomalies: this.anomalies ?? {},
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

/** The FINs seen, in frame order. */
function finsInOrder(a: FinReport | null, b: FinReport | null): FinReport[] {
  if (!a || !b) return a ? [a] : b ? [b] : [];
  return a.frame <= b.frame ? [a, b] : [b, a];
}

/** Frame numbers ascending, each once, without the missing ones. The lists are a few frames long, and
 * are made only for the report: the builder keeps single fields, which cost the collector less. */
function frameList(frames: (number | null | undefined)[]): number[] {
  const list: number[] = [];
  for (const frame of frames) {
    if (frame == null || list.includes(frame)) continue;
    let at = list.length;
    list.push(frame);
    for (; at > 0 && list[at - 1]! > frame; at--) list[at] = list[at - 1]!;
    list[at] = frame;
  }
  return list;
}
