// The report model: what `lab report --format json` prints and what every renderer reads. It is data,
// not display: frames are numbers, times are seconds, states are RFC 9293 names; views do the wording.
import type { CaptureWarning } from '../capture/raw-packet.js';
import type { Tunnel, UndecodedEncapsulation } from '../decode/decoded-packet.js';
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
export type Anomaly = 'retransmission' | 'duplicate-ack' | 'out-of-order' | 'zero-window' | 'previous-segment-not-captured' | 'keep-alive' | 'duplicate' | 'ignored-rst';

/** Why a captured segment never arrived, when the lab knows: its scenario's firewall rule, or the listener's
 * full accept queue (the server never calls accept(); Linux drops the SYN, net.ipv4.tcp_abort_on_overflow = 0). */
export type LossCause = 'scenario-firewall' | 'accept-queue-full';
export type ChecksumLayer = 'ipv4' | 'tcp';

/** A segment the lab's own firewall drops after the capture point (ahead of it, tcpdump still records it):
 * the first SYN or FIN sent to the server's port. */
export interface FirewallDrop {
  segment: 'syn' | 'fin';
  port: number;
}

/** What the lab knows is dropped after the capture point, and why: its firewall's drops, and the SYNs to a
 * listener that never accepts (its accept queue of `backlog` fills up). */
export type KnownDrop = (FirewallDrop & { cause: 'scenario-firewall' }) | { segment: 'syn'; port: number; cause: 'accept-queue-full'; backlog: number };

export interface Endpoint {
  ip: string;
  port: number;
}

export type SideStates = Record<Side, TcpState>;

export interface PacketReport {
  frame: number;
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
  /** Each side's state after this packet (a lost packet changes only its sender's). */
  states: SideStates;
  /** Captured but never reached the receiver: the sender sent it again, and nothing the receiver did
   * shows it arrived (the capture point is before the loss, for example a firewall rule). */
  lost?: true;
  /** Why it was lost, when the lab knows: its scenario's firewall rule dropped it after the capture, or the
   * server's kernel did because its accept queue was full. */
  lostCause?: LossCause;
  /** With 'accept-queue-full': the backlog the server passed to listen(). */
  lostBacklog?: number;
  anomalies: Anomaly[];
  /** For a packet captured twice, the frame it repeats. */
  duplicateOf?: number;
  /** The TCP header's bytes as captured, in hex. */
  header: string;
  /** The header's fields, decoded once: the flag bits (FIN 0x01 … AE 0x100), ports and header length. */
  flagBits: number;
  srcPort: number;
  dstPort: number;
  headerLength: number;
  checksum: number;
  urgent: number;
  /** The payload was cut by the capture's snap length. */
  truncated?: boolean;
  /** Checksums that do not match the captured bytes (left out when all that could be checked are right). */
  wrongChecksums?: ChecksumLayer[];
}

/** One state a side entered: at which frame and time (null for the state assumed before the first packet). */
export interface StateChange {
  state: TcpState;
  frame: number | null;
  /** Seconds since the connection's first packet. */
  offset: number | null;
}

/** TCP Fast Open (RFC 7413): the SYN carries a cookie option (kind 34, or 254 with magic 0xF989), and data. */
export interface FastOpenReport {
  /** The client's SYN asked for a cookie (empty option) or presented one. */
  cookie: 'requested' | 'presented' | null;
  /** The server's SYN-ACK carried a cookie for later connections. */
  cookieGranted: boolean;
  /** Payload bytes in the SYN. */
  synData: number;
  /** The SYN-ACK acknowledged the SYN's data (ISN + 1 + length); false: only ISN + 1, the client sends it
   * again after the handshake; null when the SYN carried no data or no SYN-ACK was captured. */
  dataAccepted: boolean | null;
}

export interface HandshakeReport {
  complete: boolean;
  synRetransmissions: number;
  clientIsn: number | null;
  serverIsn: number | null;
  /** The client's SYN that the server answered (the first one when none was), the server's first SYN-ACK,
   * the client's ACK of it: each a frame number, or null when the capture does not hold it. */
  syn: number | null;
  synAck: number | null;
  finalAck: number | null;
  /** The client's first ACK of the SYN-ACK when it never reached the server's TCP (the server, still in
   * SYN-RECEIVED, sent its SYN-ACK again, and `finalAck` is the client's ACK of that copy); else null. */
  lostFinalAck: number | null;
  /** The two acknowledgement rules; null when the packet was not captured. */
  synAckAcknowledgesIsn: boolean | null;
  finalAckAcknowledgesIsn: boolean | null;
  fastOpen: FastOpenReport | null;
}

export interface FinReport {
  side: Side;
  frame: number;
  /** Seconds since the connection's first packet. */
  offset: number;
  /** The FIN sent again (same sequence number), in frame order. */
  resent: number[];
  /** The sequence number the FIN occupies (raw). */
  seq: number;
  /** The frame that first acknowledged it (ack = seq + 1), if captured. */
  ackFrame: number | null;
  /** Seconds from the FIN to that acknowledgement (Linux delays a lone ACK up to about 40 ms). */
  ackDelay: number | null;
  /** What the acknowledging segment carried besides the ACK. */
  ackWith: 'nothing' | 'data' | 'fin' | null;
}

export interface RstReport {
  frame: number;
  from: Side;
  /** Seconds since the connection's first packet. */
  offset: number;
}

export interface TeardownReport {
  kind: TeardownKind | null;
  initiator: Side | 'both' | null;
  halfClose: boolean;
  /** Every FIN (resent ones too), their acknowledgements and every RST, ascending. */
  frames: number[];
  fins: FinReport[];
  /** The first RST. */
  rst: RstReport | null;
}

/** A program's socket call (or one of the tool's own events), matched to this connection. */
export interface SocketCallReport {
  role: Side;
  pid: number;
  call: string;
  ret: number;
  error?: string;
  /** Seconds since the connection's first packet at which the call was made and returned (negative:
   * before it); `called` is null for events written before calls had spans. */
  called: number | null;
  returned: number;
  meaning: CallMeaning;
  /** The event's other fields (peer, ports, backlog, data read, state …). */
  details: Record<string, unknown>;
}

/** What a call did, from the call, its result and the connection's state at that moment. `tool-*` are the
 * lab's own events, not socket calls. */
export type CallMeaning =
  | 'socket'
  | 'bind'
  | 'listen'
  | 'setsockopt'
  | 'connect-established'
  | 'connect-refused'
  | 'connect-failed'
  | 'connect-timed-out'
  | 'connect-fast-open'
  | 'accept-established'
  | 'accept-failed'
  | 'fork'
  | 'fork-failed'
  | 'read-data'
  | 'read-eof'
  | 'read-reset'
  | 'read-failed'
  | 'write-data'
  | 'write-reset'
  | 'write-failed'
  | 'shutdown-fin'
  | 'close-fin'
  | 'close-rst'
  | 'close-after-shutdown'
  | 'close-after-reset'
  | 'close-not-connected'
  | 'tool-ready'
  | 'tool-settled'
  | 'other';

export interface ConnectionReport {
  /** 0-based, in order of first packet; matches Wireshark's tcp.stream when the file holds only TCP. */
  index: number;
  client: Endpoint;
  server: Endpoint;
  rolesGuessed: boolean;
  ipVersion: 4 | 6;
  firstFrame: number;
  /** The first packet's capture time since the epoch, exact (a double holds only about a microsecond of
   * it); every other time is an offset from it in seconds. */
  startTime: { sec: number; nsec: number };
  durationSeconds: number;
  packetCount: number;
  handshake: HandshakeReport;
  teardown: TeardownReport;
  outcome: Outcome;
  /** Who is in TIME-WAIT after the last packet (the states say the same). */
  timeWait: Side | 'both' | null;
  /** A side that was in TIME-WAIT until an RST ended it early (Linux, net.ipv4.tcp_rfc1337 = 0). */
  timeWaitEndedEarly: { side: Side; rstFrame: number } | null;
  /** Each side's state after the last packet (with --brief too). */
  states: SideStates;
  /** Every state each side went through, from the one assumed before the first packet; left out with
   * --brief, like the packets. */
  transitions?: Record<Side, StateChange[]>;
  bytes: Record<Side, number>;
  anomalies: Partial<Record<Anomaly, number>>;
  /** The programs' socket calls for this connection, when their events were given. */
  calls?: SocketCallReport[];
  /** Seconds from the handshake's final ACK to accept()'s return, when both are known. */
  acceptDelay?: number | null;
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
  /** What is wrong with the file, as codes and numbers (the views word them). */
  warnings: CaptureWarning[];
  /** Packets whose decoding stopped early (first 100). */
  problems: DecodeProblemReport[];
  /** Frames of encapsulations that are not decoded (MPLS, ESP, Geneve, …): any TCP inside them is not
   * analysed. One entry per encapsulation, in order of first frame. */
  notDecoded: NotDecodedReport[];
  /** TCP packets that came through each kind of tunnel (decoded to the TCP inside), in a fixed order. */
  tunnels: { tunnel: Tunnel; tcpPackets: number }[];
}

export interface NotDecodedReport extends UndecodedEncapsulation {
  frames: number;
  firstFrame: number;
}

export interface Report {
  capture: CaptureReport;
  connections: ConnectionReport[];
}
