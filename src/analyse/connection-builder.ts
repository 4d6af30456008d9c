// Follows one TCP connection packet by packet: the state machine of both ends, the handshake, the sequence
// space, FINs, RSTs and anomalies. It keeps counters, not packets, unless asked to (the packet list is what
// --brief leaves out); the states and verdicts come from the state machine either way.
import type { RawPacket } from '../capture/raw-packet.js';
import { ipv4HeaderChecksum, tcpChecksum } from '../decode/checksum.js';
import { flagNames, TCP_FLAGS, type DecodedPacket, type IpHeader, type TcpHeader } from '../decode/decoded-packet.js';
import { decodeTcpOptions, windowScaleShift } from '../decode/tcp.js';
import type { DuplicateDetector } from './duplicate-detector.js';
import { fastOpenCookie } from './fast-open.js';
import type { Anomaly, ChecksumLayer, ConnectionReport, Endpoint, FastOpenReport, FinReport, Outcome, PacketReport, RstReport, Side, SideStates, TeardownKind } from './report-model.js';
import { Direction, sequenceAnomalies } from './sequence-space.js';
import { seqAdd, seqDiff, seqOffset, unsigned32 } from './sequence.js';
import type { SocketCallIndex } from './socket-calls.js';
import { TcpStateMachine, type ReviseListener, type Segment } from './tcp-state-machine.js';
import { readTimestamps, type Timestamps } from './tcp-timestamps.js';
import { keyEndpoint, keyIpVersion } from './tuple-key.js';

const DUPLICATE: readonly Anomaly[] = ['duplicate'];
const IGNORED_RST: readonly Anomaly[] = ['ignored-rst'];
/** The counts of a connection without anomalies (most): one shared object, never written to. */
const NO_ANOMALIES: ConnectionReport['anomalies'] = Object.freeze({});
/** Shared by every FIN that was not sent again (most): replaced, never changed, when one is. */
const NOT_RESENT: number[] = [];
/** What the state machine is fed, filled in for each packet (it copies what it keeps). */
const segment: Segment = { index: 0, frame: 0, offset: 0, from: 'client', flags: 0, seq: 0, ack: 0, len: 0, tsval: null, tsecr: null };

/** The checksums of a packet that do not match its bytes (read only for a report that lists packets). */
function wrongChecksums(d: Uint8Array, ip: IpHeader, tcp: TcpHeader): { wrongChecksums?: ChecksumLayer[] } {
  const ipv4 = ipv4HeaderChecksum(d, ip) === 'bad';
  const tcpSum = tcpChecksum(d, ip, tcp) === 'bad';
  if (!ipv4 && !tcpSum) return {};
  return { wrongChecksums: ipv4 && tcpSum ? ['ipv4', 'tcp'] : ipv4 ? ['ipv4'] : ['tcp'] };
}

/** A builder's server before its first connection (never reported). */
const NO_SERVER: Endpoint = { ip: '', port: 0 };

export class ConnectionBuilder implements ReviseListener {
  /** The connection's place in the order of first packets. */
  index = 0;
  /** The tracker's key for this connection's 4-tuple. */
  key = '';
  /** The client is the key's first endpoint (its Endpoint is made from the key for the report). */
  clientFirst = false;
  /** Shared with other connections to the same server. */
  private server = NO_SERVER;
  private rolesGuessed = false;
  private firstFrame = 0;
  private startSec = 0;
  private startNsec = 0;
  lastSec = 0;
  private lastNsec = 0;
  packetCount = 0;
  /** The tracker has queued it for release (it ended). */
  queued = false;
  /** The tracker's table holds it (see Keyed). */
  held = false;

  /** Signed, as sequence numbers are kept (see sequence.ts). */
  clientIsn: number | null = null;
  serverIsn: number | null = null;
  private synRetransmissions = 0;
  /** The handshake's frames: the client's first SYN, its latest before the SYN-ACK (the one answered;
   * the one whose TSval the SYN-ACK echoes when it carries timestamps), the server's first SYN-ACK, the
   * final ACK. */
  private firstSynFrame: number | null = null;
  private answeredSynFrame: number | null = null;
  /** The client's SYNs before the SYN-ACK, TSval then frame (null until one carries timestamps, and again
   * once the SYN-ACK is seen). */
  private synTsvals: number[] | null = null;
  private synAckFrame: number | null = null;
  private finalAckFrame: number | null = null;
  private finalAckIndex = -1;
  /** The client's first ACK of the SYN-ACK when the server never received it (it sent its SYN-ACK again). */
  private lostFinalAckFrame: number | null = null;
  /** When the final ACK was captured (read with finalAckFrame). */
  private finalAckSec = 0;
  private finalAckNsec = 0;
  private synAckOk: boolean | null = null;
  private finalAckOk: boolean | null = null;
  private fastOpen: FastOpenReport | null = null;

  readonly machine: TcpStateMachine;
  /** Each side's sending direction and first FIN, in a field per side rather than a record indexed by the
   * side: an index that varies is a megamorphic lookup, and this runs for every packet. */
  private readonly clientSends = new Direction();
  private readonly serverSends = new Direction();
  private readonly clientFin = new FinSeen();
  private readonly serverFin = new FinSeen();
  private firstFinSide: Side | null = null;
  private halfClose = false;
  /** The first RST taken (-1 until one), who sent it and when. */
  private rstFrame = -1;
  private rstFrom: Side = 'client';
  private rstSec = 0;
  private rstNsec = 0;
  /** Every RST's frame after the first (the FINs and their acknowledgements are in clientFin and serverFin). */
  private laterRstFrames: number[] | null = null;
  /** Counts by kind; null until the first anomaly (most connections have none). */
  private anomalies: Partial<Record<Anomaly, number>> | null = null;
  private packets: PacketReport[] | null = null;
  private duplicateRing = -1;

  /** A builder follows one connection at a time, from start() to finish(). */
  constructor(
    /** Shared by every connection of the capture. */
    private readonly duplicates: DuplicateDetector,
    private readonly keepPackets: boolean,
    capturedAtServer: boolean,
  ) {
    this.machine = new TcpStateMachine('syn', this, keepPackets, capturedAtServer);
  }

  /** Starts following a connection from its first packet. The tracker reuses a builder once it has handed
   * its report on, so every field is set here as a new builder's would be: the builder and what it keeps
   * for every connection stay where the garbage collector has moved them (see ConnectionTracker). */
  start(index: number, key: string, clientFirst: boolean, server: Endpoint, rolesGuessed: boolean, first: DecodedPacket): void {
    const { frame, sec, nsec } = first.raw;
    this.index = index;
    this.key = key;
    this.clientFirst = clientFirst;
    this.server = server;
    this.rolesGuessed = rolesGuessed;
    this.firstFrame = frame;
    this.startSec = this.lastSec = sec;
    this.startNsec = this.lastNsec = nsec;
    this.packetCount = 0;
    this.queued = this.held = false;
    this.clientIsn = this.serverIsn = null;
    this.synRetransmissions = 0;
    this.firstSynFrame = this.answeredSynFrame = this.synAckFrame = this.finalAckFrame = this.lostFinalAckFrame = null;
    this.synTsvals = null;
    this.finalAckIndex = -1;
    this.finalAckSec = this.finalAckNsec = 0;
    this.synAckOk = this.finalAckOk = null;
    this.fastOpen = null;
    const flags = first.tcp!.flags;
    this.machine.restart(flags & TCP_FLAGS.SYN ? (flags & TCP_FLAGS.ACK ? 'syn-ack' : 'syn') : 'mid-stream', this.keepPackets);
    this.clientSends.reset();
    this.serverSends.reset();
    this.clientFin.reset();
    this.serverFin.reset();
    this.firstFinSide = null;
    this.halfClose = false;
    this.rstFrame = -1;
    this.rstFrom = 'client';
    this.rstSec = this.rstNsec = 0;
    this.laterRstFrames = null;
    this.anomalies = null;
    this.packets = this.keepPackets ? [] : null;
    this.duplicateRing = this.duplicates.open();
  }

  /** The state machine revised a packet's row: a later segment showed when it arrived, or that it never did. */
  revised(index: number, states: SideStates, lost: boolean | null): void {
    // The final ACK never reached the server: the handshake's final ACK is the client's next one.
    if (lost && index === this.finalAckIndex) {
      this.lostFinalAckFrame = this.finalAckFrame;
      this.finalAckFrame = this.finalAckOk = null;
    }
    const packet = this.packets?.[index];
    if (!packet) return;
    packet.states = states;
    if (lost) packet.lost = true;
    else if (lost === false) delete packet.lost;
  }

  /** The connection ended: refused, reset, or both ends CLOSED or in TIME-WAIT after their FINs. */
  get finished(): boolean {
    return this.machine.ended;
  }

  /** A packet of this connection, sent by `from`. */
  add(packet: DecodedPacket, from: Side): void {
    const tcp = packet.tcp!;
    const raw = packet.raw;
    const to: Side = from === 'client' ? 'server' : 'client';
    const out = this.sends(from);
    const back = this.sends(to);
    const flags = tcp.flags;
    const syn = (flags & TCP_FLAGS.SYN) !== 0;
    const ackFlag = (flags & TCP_FLAGS.ACK) !== 0;
    // Seconds since the start, read only by the packet list and the state transitions, which are kept together
    // (the machine records transitions when the packets are kept) and which a brief report leaves out: a
    // division per packet saved.
    const offset = this.packets ? this.secondsSinceStart(raw.sec, raw.nsec) : 0;
    const index = this.packetCount++;
    this.lastSec = raw.sec;
    this.lastNsec = raw.nsec;
    const duplicateOf = this.duplicates.check(this.duplicateRing, from === 'client' ? 0 : 1, tcp, packet.ip!.id ?? -2, raw.sec + raw.nsec / 1e9, raw.frame);
    let relSeq = 0;
    let relAck = 0;
    let anomalies = DUPLICATE;
    const s = segment;
    let taken = false;
    if (duplicateOf === null) {
      // The echoed timestamps tell a lost SYN or FIN from one whose reply was lost; read only around them.
      if (flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN | TCP_FLAGS.RST) || this.machine.inDoubt) readTimestamps(raw.bytes, tcp, s);
      else s.tsval = s.tsecr = null;
      s.index = index;
      s.frame = raw.frame;
      s.offset = offset;
      s.from = from;
      s.flags = flags;
      s.seq = tcp.seq;
      s.ack = tcp.ack;
      s.len = tcp.payloadLength;
      taken = this.machine.feed(s);
    }
    // An RST the client dropped in SYN-SENT is no part of either side's sequence space, handshake or teardown.
    if (taken) {
      if (syn) this.handshakeSyn(from, tcp, raw.bytes, raw.frame, s);
      else if (ackFlag && this.synAckFrame !== null && this.finalAckFrame === null && from === 'client' && this.serverIsn !== null) {
        this.finalAckOk = tcp.ack === seqAdd(this.serverIsn, 1);
        this.finalAckFrame = raw.frame;
        this.finalAckIndex = index;
        this.finalAckSec = raw.sec;
        this.finalAckNsec = raw.nsec;
      }
      if (out.base === null) out.base = syn ? tcp.seq : seqAdd(tcp.seq, -1);
      if (ackFlag && back.base === null) back.base = seqAdd(tcp.ack, -1);
      relSeq = seqOffset(tcp.seq, out.base);
      relAck = ackFlag && back.base !== null ? seqOffset(tcp.ack, back.base) : 0;
      anomalies = sequenceAnomalies(out, back, relSeq, relAck, tcp);
      this.teardownFacts(from, to, tcp, raw, relSeq);
      if (flags & TCP_FLAGS.RST) this.rstFact(from, raw);
      if (tcp.payloadLength > 0) out.dataEnd = Math.max(out.dataEnd, relSeq + (syn ? 1 : 0) + tcp.payloadLength);
      out.lastAck = tcp.ack;
      out.lastWindow = tcp.window;
    } else {
      if (duplicateOf === null) anomalies = IGNORED_RST;
      relSeq = out.base === null ? 0 : seqOffset(tcp.seq, out.base);
      relAck = ackFlag && back.base !== null ? seqOffset(tcp.ack, back.base) : 0;
    }
    for (const anomaly of anomalies) this.count(anomaly);

    if (this.packets) {
      const d = raw.bytes;
      const shift = syn ? 0 : this.scaleShift(from);
      this.packets.push({
        frame: raw.frame,
        offset,
        from,
        flags: flagNames(flags),
        seq: unsigned32(tcp.seq),
        ack: unsigned32(tcp.ack),
        relSeq,
        relAck,
        len: tcp.payloadLength,
        window: tcp.window,
        windowScaled: shift === null ? null : tcp.window * 2 ** shift,
        options: decodeTcpOptions(d, tcp),
        states: this.machine.states(),
        anomalies: [...anomalies],
        ...(duplicateOf !== null ? { duplicateOf } : {}),
        header: Buffer.from(d.subarray(tcp.offset, tcp.offset + tcp.headerLength)).toString('hex'),
        flagBits: flags,
        srcPort: tcp.srcPort,
        dstPort: tcp.dstPort,
        headerLength: tcp.headerLength,
        checksum: tcp.checksum,
        urgent: tcp.urgent,
        ...(raw.end - raw.start < raw.originalLength ? { truncated: true } : {}),
        ...wrongChecksums(d, packet.ip!, tcp),
      });
    }
  }

  private secondsSinceStart(sec: number, nsec: number): number {
    return sec - this.startSec + (nsec - this.startNsec) / 1e9;
  }

  private sends(side: Side): Direction {
    return side === 'client' ? this.clientSends : this.serverSends;
  }

  private finOf(side: Side): FinSeen {
    return side === 'client' ? this.clientFin : this.serverFin;
  }

  /** Window scaling is in effect only when both SYNs carried the option; unknown without the SYNs. */
  private scaleShift(from: Side): number | null {
    const { clientSends: client, serverSends: server } = this;
    if (!client.synSeen || !server.synSeen) return null;
    return client.windowShift !== null && server.windowShift !== null ? this.sends(from).windowShift : 0;
  }

  private count(anomaly: Anomaly): void {
    const counts = (this.anomalies ??= {});
    counts[anomaly] = (counts[anomaly] ?? 0) + 1;
  }

  private handshakeSyn(from: Side, tcp: TcpHeader, data: Uint8Array, frame: number, ts: Timestamps): void {
    const ackFlag = (tcp.flags & TCP_FLAGS.ACK) !== 0;
    const side = this.sends(from);
    if (!side.synSeen) {
      side.synSeen = true;
      side.windowShift = windowScaleShift(data, tcp);
    }
    if (!ackFlag && from === 'client') {
      if (this.clientIsn === null) {
        this.clientIsn = tcp.seq;
        const cookie = fastOpenCookie(data, tcp);
        if (cookie !== null || tcp.payloadLength > 0) this.fastOpen = { cookie, cookieGranted: false, synData: tcp.payloadLength, dataAccepted: null };
      } else if (tcp.seq === this.clientIsn) this.synRetransmissions++;
      if (tcp.seq === this.clientIsn) {
        this.firstSynFrame ??= frame;
        if (this.synAckFrame === null) {
          this.answeredSynFrame = frame;
          if (ts.tsval !== null) {
            // Made with its two slots (most connections send one SYN): a first push makes room for seventeen.
            if (this.synTsvals) this.synTsvals.push(ts.tsval, frame);
            else this.synTsvals = [ts.tsval, frame];
          }
        }
      }
    } else if (ackFlag && from === 'server' && this.synAckFrame === null) {
      this.serverIsn = tcp.seq;
      this.synAckFrame = frame;
      // The SYN-ACK echoes the TSval of the SYN it answers (0 too: a SYN's TSval may be 0); without
      // timestamps, the latest SYN is taken.
      const syns = this.synTsvals;
      if (syns && ts.tsecr !== null) for (let at = 0; at < syns.length; at += 2) if (syns[at] === ts.tsecr) this.answeredSynFrame = syns[at + 1]!;
      // Read only here, for the first SYN-ACK: let it go rather than keep it while the connection lingers
      // (thousands of ended connections wait for late retransmissions, and the collector copies them all).
      this.synTsvals = null;
      if (this.clientIsn === null) return;
      const synData = this.fastOpen?.synData ?? 0;
      this.synAckOk = tcp.ack === seqAdd(this.clientIsn, 1) || (synData > 0 && tcp.ack === seqAdd(this.clientIsn, 1 + synData));
      if (this.fastOpen) {
        this.fastOpen.cookieGranted = fastOpenCookie(data, tcp) === 'presented';
        if (synData > 0) this.fastOpen.dataAccepted = tcp.ack === seqAdd(this.clientIsn, 1 + synData);
      }
    }
  }

  /** FINs (first and resent), their first acknowledgement and half-close, as captured. It takes the
   * packet, not its offset in seconds: V8 does not inline it, and a fractional number passed to a call is
   * allocated on the heap, for every packet (the offset is worked out here only for the few that need it). */
  private teardownFacts(from: Side, to: Side, tcp: TcpHeader, raw: RawPacket, relSeq: number): void {
    const flags = tcp.flags;
    const frame = raw.frame;
    const peerFin = this.finOf(to);
    if (flags & TCP_FLAGS.ACK && peerFin.frame >= 0 && peerFin.ackFrame < 0 && seqDiff(tcp.ack, seqAdd(peerFin.seq, 1)) >= 0) {
      peerFin.ackFrame = frame;
      peerFin.ackSec = raw.sec;
      peerFin.ackNsec = raw.nsec;
      peerFin.ackWith = flags & TCP_FLAGS.FIN ? 'fin' : tcp.payloadLength > 0 ? 'data' : 'nothing';
    }
    if (flags & TCP_FLAGS.FIN) {
      const seq = seqAdd(tcp.seq, tcp.payloadLength + (flags & TCP_FLAGS.SYN ? 1 : 0));
      const own = this.finOf(from);
      if (own.frame < 0) {
        own.frame = frame;
        own.seq = seq;
        own.sec = raw.sec;
        own.nsec = raw.nsec;
        this.firstFinSide ??= from;
      } else if (own.seq === seq) own.resent = [...own.resent, frame];
    }
    if (tcp.payloadLength > 0 && this.firstFinSide === to && relSeq + tcp.payloadLength > this.sends(from).dataEnd) this.halfClose = true;
  }

  /** An RST its receiver took (one the client dropped in SYN-SENT is no part of the teardown). */
  private rstFact(from: Side, raw: RawPacket): void {
    if (this.rstFrame < 0) {
      this.rstFrame = raw.frame;
      this.rstFrom = from;
      this.rstSec = raw.sec;
      this.rstNsec = raw.nsec;
    }
    else (this.laterRstFrames ??= []).push(raw.frame);
  }

  /** A side's first FIN as the report gives it, or null. */
  private finReport(side: Side): FinReport | null {
    const fin = this.finOf(side);
    if (fin.frame < 0) return null;
    const offset = this.secondsSinceStart(fin.sec, fin.nsec);
    const acked = fin.ackFrame >= 0;
    const ackDelay = acked ? this.secondsSinceStart(fin.ackSec, fin.ackNsec) - offset : null;
    return { side, frame: fin.frame, resent: fin.resent, seq: unsigned32(fin.seq), ackFrame: acked ? fin.ackFrame : null, ackDelay, ackWith: fin.ackWith, offset };
  }

  /** The connection's report, with the programs' calls when their events are given; it takes no more
   * packets after this. */
  finish(calls: SocketCallIndex | null = null): ConnectionReport {
    this.duplicates.close(this.duplicateRing);
    this.machine.noMoreSegments();
    this.machine.release();
    const v = this.machine.verdict();
    const refused = this.machine.refused;
    const outcome: Outcome = refused ? 'refused' : v.resetBy ? 'reset' : v.bothClosed ? 'closed' : 'open';
    let kind: TeardownKind | null = null;
    let initiator: Side | 'both' | null = v.initiator;
    if (refused || v.resetBy) {
      kind = 'reset';
      initiator = refused ? 'server' : v.resetBy;
    } else if (v.simultaneous) kind = 'simultaneous';
    else if (v.initiator && v.passiveFinOnFirstAck !== null && this.finOf(v.initiator === 'client' ? 'server' : 'client').frame >= 0)
      kind = v.passiveFinOnFirstAck ? 'three-way' : 'four-way';
    const clientFin = this.finReport('client');
    const serverFin = this.finReport('server');
    const fins = clientFin && serverFin ? (clientFin.frame < serverFin.frame ? [clientFin, serverFin] : [serverFin, clientFin]) : clientFin ? [clientFin] : serverFin ? [serverFin] : [];
    const teardownFrames: number[] = [];
    for (let i = 0; i < fins.length; i++) {
      const fin = fins[i]!;
      addFrame(teardownFrames, fin.frame);
      for (let r = 0; r < fin.resent.length; r++) addFrame(teardownFrames, fin.resent[r]!);
      if (fin.ackFrame !== null) addFrame(teardownFrames, fin.ackFrame);
    }
    const rst: RstReport | null = this.rstFrame < 0 ? null : { frame: this.rstFrame, from: this.rstFrom, offset: this.secondsSinceStart(this.rstSec, this.rstNsec) };
    if (rst) addFrame(teardownFrames, rst.frame);
    if (this.laterRstFrames) for (let r = 0; r < this.laterRstFrames.length; r++) addFrame(teardownFrames, this.laterRstFrames[r]!);
    const { clientSends: client, serverSends: server } = this;
    const report: ConnectionReport = {
      index: this.index,
      client: keyEndpoint(this.key, this.clientFirst),
      server: this.server,
      rolesGuessed: this.rolesGuessed,
      ipVersion: keyIpVersion(this.key),
      firstFrame: this.firstFrame,
      startTime: { sec: this.startSec, nsec: this.startNsec },
      durationSeconds: this.secondsSinceStart(this.lastSec, this.lastNsec),
      packetCount: this.packetCount,
      handshake: {
        complete: this.clientIsn !== null && this.synAckOk === true && this.finalAckOk === true,
        synRetransmissions: this.synRetransmissions,
        clientIsn: this.clientIsn === null ? null : unsigned32(this.clientIsn),
        serverIsn: this.serverIsn === null ? null : unsigned32(this.serverIsn),
        // Without a SYN-ACK no copy was answered: the handshake's SYN is the first.
        syn: this.synAckFrame === null ? this.firstSynFrame : (this.answeredSynFrame ?? this.firstSynFrame),
        synAck: this.synAckFrame,
        finalAck: this.finalAckFrame,
        lostFinalAck: this.lostFinalAckFrame,
        synAckAcknowledgesIsn: this.synAckOk,
        finalAckAcknowledgesIsn: this.finalAckOk,
        fastOpen: this.fastOpen,
      },
      teardown: { kind, initiator, halfClose: this.halfClose, frames: teardownFrames, fins, rst },
      outcome,
      timeWait: v.timeWait,
      timeWaitEndedEarly: v.timeWaitEndedEarly,
      states: this.machine.states(),
      bytes: { client: Math.max(0, client.dataEnd - 1), server: Math.max(0, server.dataEnd - 1) },
      anomalies: this.anomalies ?? NO_ANOMALIES,
    };
    if (this.machine.transitions) report.transitions = this.machine.transitions;
    if (calls) Object.assign(report, calls.match(report, BigInt(this.startSec) * 1_000_000_000n + BigInt(this.startNsec), this.finalAckFrame === null ? null : this.secondsSinceStart(this.finalAckSec, this.finalAckNsec)));
    if (this.packets) report.packets = this.packets;
    return report;
  }
}

/** A side's first FIN as captured, in numbers (its report is made by finish()). A builder keeps one per side
 * for every connection it follows, where a report object with two times in seconds (fractional numbers, each
 * an object of its own) was made for each FIN and lived as long as its connection lingered. */
class FinSeen {
  /** -1 until the side sends a FIN. */
  frame = -1;
  /** The sequence number the FIN occupies (signed, as sequence numbers are kept: see sequence.ts). */
  seq = 0;
  sec = 0;
  nsec = 0;
  /** The FIN sent again (see FinReport.resent). */
  resent = NOT_RESENT;
  /** Its first acknowledgement (-1 until one), when, and what it carried. */
  ackFrame = -1;
  ackSec = 0;
  ackNsec = 0;
  ackWith: FinReport['ackWith'] = null;

  reset(): void {
    this.frame = this.ackFrame = -1;
    this.seq = this.sec = this.nsec = this.ackSec = this.ackNsec = 0;
    this.resent = NOT_RESENT;
    this.ackWith = null;
  }
}

/** Adds a frame number to a short ascending list, once (insertion sort: the lists hold a few frames). */
function addFrame(list: number[], frame: number): void {
  if (list.includes(frame)) return;
  let at = list.length;
  list.push(frame);
  for (; at > 0 && list[at - 1]! > frame; at--) list[at] = list[at - 1]!;
  list[at] = frame;
}
