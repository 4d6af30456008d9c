// Packets as tcpdump streams them: pushed through the incremental pcap decoder, each one decoded, given
// its direction, its connection, its sequence numbers relative to that side's ISN, and both sides'
// states after it.
import { TcpStateMachine } from '../analyse/tcp-state-machine.js';
import { seqOffset, unsigned32 } from '../analyse/sequence.js';
import { readTimestamps } from '../analyse/tcp-timestamps.js';
import type { Side, TcpState } from '../analyse/report-model.js';
import { CaptureReader } from '../capture/capture-reader.js';
import { PacketDecoder } from '../decode/decode-packet.js';
import { TCP_FLAGS, type TcpFlagName } from '../decode/decoded-packet.js';

export interface LivePacket {
  /** 1-based, as Wireshark numbers the capture's frames. */
  frame: number;
  /** Seconds since the session's first packet. */
  time: number;
  /** The client's port: one connection each. */
  clientPort: number;
  from: Side;
  flags: TcpFlagName[];
  /** Relative to the sender's ISN (0 for its SYN), as Wireshark shows them. */
  seq: number;
  /** Relative to the receiver's ISN; null without the ACK flag. */
  ack: number | null;
  len: number;
  /** The raw numbers, as on the wire. */
  rawSeq: number;
  rawAck: number;
  window: number;
  /** The TCP header's bytes, in hex, for a byte-by-byte view. */
  header: string;
  /** Both sides' states after this packet, and which changed. */
  states: Record<Side, TcpState>;
  changed: Side[];
  /** Earlier segments this one shows never reached their receiver (the server sent its SYN-ACK again after
   * the client's ACK of it, say): the states printed with them took them as arrived. */
  neverArrived: { frame: number; from: Side }[];
}

/** The order in which people say them: SYN,ACK and FIN,ACK. */
const FLAG_ORDER: TcpFlagName[] = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

interface Connection {
  isn: Partial<Record<Side, number>>;
  /** The analyser's own state machine, fed one segment at a time, as `lab report` feeds it. */
  machine: TcpStateMachine;
  packets: number;
  firstTime: number;
  /** Each segment's frame and sender, by its index in the connection, for the revisions that name one. */
  sent: { frame: number; from: Side }[];
  /** Segments the machine revised as lost while taking the latest. */
  lost: { frame: number; from: Side }[];
}

export class LivePackets {
  private readonly reader = new CaptureReader();
  private readonly decoder = new PacketDecoder();
  private readonly connections = new Map<number, Connection>();
  private firstTime: number | undefined;

  constructor(
    private readonly serverPort: number,
    private readonly onPacket: (packet: LivePacket) => void,
  ) {}

  /** Bytes of the pcap stream, in order; whole packets are reported as soon as they are complete. */
  feed(chunk: Uint8Array): void {
    this.reader.feed(chunk);
    for (let raw = this.reader.next(); raw; raw = this.reader.next()) {
      const time = raw.sec + raw.nsec / 1e9;
      const { tcp } = this.decoder.decode(raw);
      if (!tcp) continue;
      this.firstTime ??= time;
      const from: Side = tcp.dstPort === this.serverPort ? 'client' : 'server';
      const to: Side = from === 'client' ? 'server' : 'client';
      const clientPort = from === 'client' ? tcp.srcPort : tcp.dstPort;
      const connection = this.connection(clientPort, tcp.flags, time);
      if (tcp.flags & TCP_FLAGS.SYN) connection.isn[from] = tcp.seq;
      connection.isn[from] ??= tcp.seq;
      const hasAck = (tcp.flags & TCP_FLAGS.ACK) !== 0;
      const before = connection.machine.states();
      const { tsval, tsecr } = readTimestamps(raw.bytes, tcp, { tsval: null, tsecr: null });
      connection.sent.push({ frame: raw.frame, from });
      connection.machine.feed({ index: connection.packets++, frame: raw.frame, offset: time - connection.firstTime, from, flags: tcp.flags, seq: tcp.seq, ack: tcp.ack, len: tcp.payloadLength, tsval, tsecr });
      const states = connection.machine.states();
      const receiverIsn = connection.isn[to];
      this.onPacket({
        frame: raw.frame,
        time: time - this.firstTime,
        clientPort,
        from,
        flags: FLAG_ORDER.filter((name) => tcp.flags & TCP_FLAGS[name]),
        seq: seqOffset(tcp.seq, connection.isn[from]!),
        ack: hasAck && receiverIsn !== undefined ? seqOffset(tcp.ack, receiverIsn) : hasAck ? unsigned32(tcp.ack) : null,
        len: tcp.payloadLength,
        rawSeq: unsigned32(tcp.seq),
        rawAck: unsigned32(tcp.ack),
        window: tcp.window,
        header: Buffer.from(raw.bytes.subarray(tcp.offset, tcp.offset + tcp.headerLength)).toString('hex'),
        states,
        changed: (['client', 'server'] as const).filter((side) => before[side] !== states[side]),
        neverArrived: connection.lost.splice(0),
      });
    }
  }

  private connection(clientPort: number, flags: number, time: number): Connection {
    let connection = this.connections.get(clientPort);
    if (!connection) {
      const start = flags & TCP_FLAGS.SYN ? (flags & TCP_FLAGS.ACK ? 'syn-ack' : 'syn') : 'mid-stream';
      const sent: Connection['sent'] = [];
      const lost: Connection['lost'] = [];
      const reported = new Set<number>();
      const onRevise = (index: number, _states: unknown, isLost: boolean | null) => {
        if (isLost && !reported.has(index)) reported.add(index), lost.push(sent[index]!);
      };
      connection = { isn: {}, machine: new TcpStateMachine(start, { revised: onRevise }, true, true), packets: 0, firstTime: time, sent, lost };
      this.connections.set(clientPort, connection);
    }
    return connection;
  }
}
