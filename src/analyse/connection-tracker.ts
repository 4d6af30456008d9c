// Groups TCP packets into connections, keyed by 4-tuple and ISN (a reused port starts a new connection),
// and hands each one on as soon as it has ended and gone quiet, whatever the others do, so memory follows
// the number of open connections rather than the size of the file. `index` keeps the order of first packet.
import { TCP_FLAGS, type DecodedPacket } from '../decode/decoded-packet.js';
import { ConnectionBuilder } from './connection-builder.js';
import { ConnectionTable } from './connection-table.js';
import { DuplicateDetector } from './duplicate-detector.js';
import type { ConnectionReport, Endpoint } from './report-model.js';
import type { SocketCallIndex } from './socket-calls.js';

/** An ended connection is kept this long (capture time) for late retransmissions (a FIN resent in
 * TIME-WAIT backs off 0.2, 0.4, 0.8, 1.6 s ...) before it is emitted and forgotten. */
const LINGER_SECONDS = 5;
const SWEEP_EVERY = 4096;

export class ConnectionTracker {
  private readonly open = new ConnectionTable<ConnectionBuilder>();
  /** Connections that have ended, in the order they ended; emitted from the front once quiet. */
  private readonly ended: (ConnectionBuilder | null)[] = [];
  private head = 0;
  private nextIndex = 0;
  private sinceSweep = 0;
  private readonly duplicates = new DuplicateDetector();
  /** Builders of connections handed on, for new ones. Thousands of ended connections linger at a time, and
   * the young generation is kept small (see the report command), so a new builder and what it keeps would
   * live long enough to be copied twice by the garbage collector, then be garbage in the old generation: a
   * builder reused stays where it is, and only what a connection adds to it is new. */
  private readonly spare: ConnectionBuilder[] = [];
  /** The latest connection's server: most connections of a capture have the same one, and they share its
   * Endpoint (and address text) rather than each keep a copy while it lingers. Its address bytes are kept
   * to compare with, so that the text is made only for a new server. */
  private lastServer: Endpoint | null = null;
  private readonly lastServerAddress = new Uint8Array(16);
  private lastServerAddressSize = 0;

  constructor(
    private readonly emit: (connection: ConnectionReport) => void,
    private readonly keepPackets: boolean,
    private readonly calls: SocketCallIndex | null = null,
    /** The capture was taken at the server (a lab's): see TcpStateMachine. */
    private readonly capturedAtServer = false,
  ) {}

  add(packet: DecodedPacket): void {
    const tcp = packet.tcp!;
    let connection = this.open.find(packet);
    const sourceFirst = this.open.sourceFirst();
    const pureSyn = (tcp.flags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) === TCP_FLAGS.SYN;
    // An ended connection quiet for longer than the linger time is over, whether or not a sweep has handed it
    // on yet (the report must not depend on how many packets the sweeps count): sweep now, so that the quiet
    // ones ended before it are handed on first, in order.
    const quietEnd = connection !== undefined && connection.finished && packet.raw.sec - connection.lastSec > LINGER_SECONDS;
    if (quietEnd) this.sweep(packet.raw.sec);
    // A new ISN on the same 4-tuple: the port was reused, and the old connection is over.
    if (connection && (quietEnd || (pureSyn && !this.isSameSyn(connection, sourceFirst === connection.clientFirst, packet)))) {
      if (this.open.holds(connection)) {
        this.emit(connection.finish(this.calls));
        this.open.delete(connection);
        // One still queued is reused once the sweep has passed it.
        if (!connection.queued) this.spare.push(connection);
      }
      connection = undefined;
    }
    if (!connection) {
      const clientSent = sentByClient(tcp.flags, tcp.srcPort, tcp.dstPort);
      const key = this.open.keyOfLastFound();
      const server = this.serverOf(packet, !clientSent);
      const guessed = !(tcp.flags & TCP_FLAGS.SYN);
      connection = this.spare.pop() ?? new ConnectionBuilder(this.duplicates, this.keepPackets, this.capturedAtServer);
      connection.start(this.nextIndex++, key, this.open.clientFirst(clientSent), server, guessed, packet);
      this.open.add(connection);
    }
    connection.add(packet, sourceFirst === connection.clientFirst ? 'client' : 'server');
    if (!connection.queued && connection.finished) {
      connection.queued = true;
      this.ended.push(connection);
    }
    if (++this.sinceSweep >= SWEEP_EVERY) {
      this.sinceSweep = 0;
      this.sweep(packet.raw.sec);
    }
  }

  /** Emits every connection still held, in order of first packet; call once at the end of the capture. */
  finish(): void {
    const rest = this.open.values().sort((a, b) => a.index - b.index);
    for (const connection of rest) this.emit(connection.finish(this.calls));
    this.open.clear();
    this.ended.length = 0;
    this.head = 0;
  }

  /** A SYN on a known 4-tuple: the client's with the same ISN is a retransmission, the server's is a
   * simultaneous open while the connection lives; anything else starts a new connection. */
  private isSameSyn(connection: ConnectionBuilder, fromClient: boolean, packet: DecodedPacket): boolean {
    if (connection.clientIsn === null) return true;
    if (fromClient) return connection.clientIsn === packet.tcp!.seq;
    return !connection.finished;
  }

  /** The server's Endpoint: the latest one when it has the same address and port. */
  private serverOf(packet: DecodedPacket, serverSent: boolean): Endpoint {
    const ip = packet.ip!;
    const port = serverSent ? packet.tcp!.srcPort : packet.tcp!.dstPort;
    const size = ip.version === 4 ? 4 : 16;
    const at = ip.offset + (ip.version === 4 ? 12 : 8) + (serverSent ? 0 : size);
    const known = this.lastServerAddress;
    const last = this.lastServer;
    if (last && last.port === port && this.lastServerAddressSize === size) {
      let same = true;
      for (let i = 0; i < size && same; i++) same = ip.bytes[at + i] === known[i];
      if (same) return last;
    }
    known.set(ip.bytes.subarray(at, at + size));
    this.lastServerAddressSize = size;
    return (this.lastServer = { ip: serverSent ? ip.src : ip.dst, port });
  }

  /** Emits the ended connections that have gone quiet (replaced ones were emitted when replaced). */
  private sweep(now: number): void {
    while (this.head < this.ended.length) {
      const connection = this.ended[this.head]!;
      const current = this.open.holds(connection);
      if (current && now - connection.lastSec <= LINGER_SECONDS) break;
      if (current) {
        this.emit(connection.finish(this.calls));
        this.open.delete(connection);
      }
      this.spare.push(connection);
      this.ended[this.head++] = null;
    }
    if (this.head > 65536 && this.head * 2 > this.ended.length) {
      this.ended.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** Who sent a connection's first packet: the client sent the first SYN; a SYN-ACK's sender is the server;
 * otherwise (a guess) the lower port is the server's (a well-known one, below 1024, is lower than any other),
 * and with equal ports the sender of the first packet is taken as the client. */
function sentByClient(flags: number, srcPort: number, dstPort: number): boolean {
  if (flags & TCP_FLAGS.SYN) return !(flags & TCP_FLAGS.ACK);
  return srcPort >= dstPort;
}
