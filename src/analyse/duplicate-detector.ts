// Recognises the same packet captured twice (on two interfaces, or with and without a VLAN tag): same
// direction, header fields, IP id and checksum, moments apart. A retransmission differs in IP id or
// timestamp option (so in checksum), or comes a retransmission timeout later.

/** Two captures of one packet arrive within this time of each other. */
const DUPLICATE_WINDOW_NS = 50_000_000;
const REMEMBERED = 4;
/** Per remembered packet: direction, seq, ack, checksum, flags, window, length, IP id, sec, nsec, frame. */
const FIELDS = 11;

export interface PacketSignature {
  seq: number;
  ack: number;
  checksum: number;
  flags: number;
  window: number;
  payloadLength: number;
}

export class DuplicateDetector {
  /** Numbers in a typed array, so that remembering a packet allocates nothing and keeps no packet alive. */
  private readonly recent = new Float64Array(REMEMBERED * FIELDS).fill(-1);
  private next = 0;

  /** The frame this packet repeats, or null (and then it is remembered). `ipId` is -2 when there is none. */
  check(direction: 0 | 1, tcp: PacketSignature, ipId: number, sec: number, nsec: number, frame: number): number | null {
    const r = this.recent;
    for (let at = 0; at < r.length; at += FIELDS) {
      if (
        r[at] === direction &&
        r[at + 1] === tcp.seq &&
        r[at + 2] === tcp.ack &&
        r[at + 3] === tcp.checksum &&
        r[at + 4] === tcp.flags &&
        r[at + 5] === tcp.window &&
        r[at + 6] === tcp.payloadLength &&
        r[at + 7] === ipId &&
        (sec - r[at + 8]!) * 1e9 + (nsec - r[at + 9]!) <= DUPLICATE_WINDOW_NS
      )
        return r[at + 10]!;
    }
    const at = this.next * FIELDS;
    r[at] = direction;
    r[at + 1] = tcp.seq;
    r[at + 2] = tcp.ack;
    r[at + 3] = tcp.checksum;
    r[at + 4] = tcp.flags;
    r[at + 5] = tcp.window;
    r[at + 6] = tcp.payloadLength;
    r[at + 7] = ipId;
    r[at + 8] = sec;
    r[at + 9] = nsec;
    r[at + 10] = frame;
    this.next = (this.next + 1) % REMEMBERED;
    return null;
  }
}
