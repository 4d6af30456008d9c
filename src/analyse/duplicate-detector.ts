// Recognises the same packet captured twice (on two interfaces, or with and without a VLAN tag): same
// connection and direction, header fields, IP id and checksum, moments apart. A retransmission differs
// in IP id or timestamp option (so in checksum), or comes a retransmission timeout later.
//
// Each open connection remembers its last few packets in a ring. The rings of all connections live in
// one pair of typed arrays and are reused once a connection is done: this runs for every packet, and
// connections linger for seconds, so it must neither allocate nor give the garbage collector work.

/** Two captures of one packet arrive within this time of each other. */
const DUPLICATE_WINDOW_SECONDS = 0.05;
const REMEMBERED = 4;
/** Per remembered packet: direction and flags and checksum, seq, ack, window, length, IP id, frame. */
const FIELDS = 7;
/** Per ring: where the next packet goes, then the packets. */
const RING = 1 + REMEMBERED * FIELDS;
const EMPTY = -1;

export interface PacketSignature {
  /** As decoded: signed 32-bit, as the rings hold them. */
  seq: number;
  ack: number;
  checksum: number;
  flags: number;
  window: number;
  payloadLength: number;
}

export class DuplicateDetector {
  private fields = new Int32Array(64 * RING);
  /** Capture time of each remembered packet, in seconds. */
  private times = new Float64Array(64 * REMEMBERED);
  private rings = 0;
  private readonly free: number[] = [];

  /** A ring for a new connection. */
  open(): number {
    const ring = this.free.pop() ?? this.rings++;
    if ((ring + 1) * RING > this.fields.length) this.grow();
    const at = ring * RING;
    this.fields[at] = 0;
    for (let i = 0; i < REMEMBERED; i++) this.fields[at + 1 + i * FIELDS] = EMPTY;
    return ring;
  }

  /** The connection is done: its ring may serve another. */
  close(ring: number): void {
    this.free.push(ring);
  }

  /** The frame this packet repeats, or null (and then it is remembered). `ipId` is -2 when there is none. */
  check(ring: number, direction: 0 | 1, tcp: PacketSignature, ipId: number, seconds: number, frame: number): number | null {
    const f = this.fields;
    const start = ring * RING;
    const head = direction | (tcp.flags << 1) | (tcp.checksum << 10);
    for (let i = 0; i < REMEMBERED; i++) {
      const at = start + 1 + i * FIELDS;
      if (
        f[at] === head &&
        f[at + 1] === tcp.seq &&
        f[at + 2] === tcp.ack &&
        f[at + 3] === tcp.window &&
        f[at + 4] === tcp.payloadLength &&
        f[at + 5] === (ipId | 0) &&
        seconds - this.times[ring * REMEMBERED + i]! <= DUPLICATE_WINDOW_SECONDS
      )
        return f[at + 6]! >>> 0;
    }
    const next = f[start]!;
    const at = start + 1 + next * FIELDS;
    f[at] = head;
    f[at + 1] = tcp.seq;
    f[at + 2] = tcp.ack;
    f[at + 3] = tcp.window;
    f[at + 4] = tcp.payloadLength;
    f[at + 5] = ipId;
    f[at + 6] = frame;
    this.times[ring * REMEMBERED + next] = seconds;
    f[start] = (next + 1) % REMEMBERED;
    return null;
  }

  private grow(): void {
    const fields = new Int32Array(this.fields.length * 2);
    fields.set(this.fields);
    this.fields = fields;
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
  }
}
