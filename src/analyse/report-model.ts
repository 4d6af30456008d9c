// The report model: what `lab report --format json` prints and what every renderer reads.
import type { UndecodedEncapsulation } from '../decode/decoded-packet.js';
import type { TcpOption } from '../decode/tcp.js';

export type Side = 'client' | 'server';
export type TcpState =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'ESTABLISHED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'CLOSING'
  | 'LAST-ACK'
  | 'TIME-WAIT';
export type TeardownKind = 'four-way' | 'three-way' | 'simultaneous' | 'reset';
export type Outcome = 'closed' | 'reset' | 'refused' | 'open';
export type Anomaly = 'retransmission' | 'duplicate-ack' | 'out-of-order' | 'zero-window' | 'previous-segment-not-captured' | 'keep-alive' | 'duplicate';

export interface Endpoint {
  ip: string;
  port: number;
}

export interface PacketReport {
  frame: number;
  time: string;
  /** Seconds since the connection's first packet. */
  offset: number;
  from: Side;
  flags: string[];
  seq: number;
  ack: number;
  relSeq: number;
  relAck: number;
  len: number;
  window: number;
  /** The window in bytes, once both SYNs carried window scale options. */
  windowScaled: number | null;
  options: TcpOption[];
  states: Record<Side, TcpState>;
  anomalies: Anomaly[];
  /** For a packet captured twice, the frame it repeats. */
  duplicateOf?: number;
  /** The TCP header's bytes as captured, in hex. */
  header: string;
  checksum: number;
  urgent: number;
  /** The payload was cut by the capture's snap length. */
  truncated?: boolean;
}

export interface HandshakeReport {
  complete: boolean;
  synRetransmissions: number;
  clientIsn: number | null;
  serverIsn: number | null;
  frames: number[];
  /** The two acknowledgement rules; null when the packet was not captured. */
  synAckAcknowledgesIsn: boolean | null;
  finalAckAcknowledgesIsn: boolean | null;
}

export interface FinReport {
  side: Side;
  frame: number;
  /** The sequence number the FIN occupies (raw). */
  seq: number;
  /** The frame that first acknowledged it (ack = seq + 1), if captured. */
  ackFrame: number | null;
}

export interface TeardownReport {
  kind: TeardownKind | null;
  initiator: Side | 'both' | null;
  halfClose: boolean;
  frames: number[];
  fins: FinReport[];
  rstFrame: number | null;
}

export interface ConnectionReport {
  /** 0-based, in order of first packet; matches Wireshark's tcp.stream when the file holds only TCP. */
  index: number;
  client: Endpoint;
  server: Endpoint;
  rolesGuessed: boolean;
  ipVersion: 4 | 6;
  firstFrame: number;
  startTime: string;
  durationSeconds: number;
  packetCount: number;
  handshake: HandshakeReport;
  teardown: TeardownReport;
  outcome: Outcome;
  timeWait: Side | 'both' | null;
  bytes: Record<Side, number>;
  anomalies: Partial<Record<Anomaly, number>>;
  packets?: PacketReport[];
}

export interface DecodeProblemReport {
  frame: number;
  layer: string;
  offset: number;
  message: string;
}

export interface CaptureReport {
  format: 'pcap' | 'pcapng';
  linkTypes: number[];
  packets: number;
  tcpPackets: number;
  warnings: string[];
  /** Packets whose decoding stopped early (first 100). */
  problems: DecodeProblemReport[];
  /** Frames of encapsulations that are not decoded (MPLS, ESP, Geneve, …): any TCP inside them is not
   * analysed. One entry per encapsulation, in order of first frame. */
  notDecoded: NotDecodedReport[];
}

export interface NotDecodedReport extends UndecodedEncapsulation {
  frames: number;
  firstFrame: number;
}

export interface Report {
  capture: CaptureReport;
  connections: ConnectionReport[];
}
