// Recognises the same packet captured twice (on two interfaces, or with and without a VLAN tag): same
// direction, header fields, IP id and checksum, moments apart. A retransmission differs in IP id or
// timestamp option (so in checksum), or comes a retransmission timeout later.

/** Two captures of one packet arrive within this time of each other. */
const DUPLICATE_WINDOW_NS = 50_000_000;
const REMEMBERED = 4;

export interface PacketSignature {
  seq: number;
  ack: number;
  checksum: number;
  flags: number;
  window: number;
  payloadLength: number;
}

/** A packet's numbers, copied: remembering a packet keeps no packet alive. */
interface Remembered extends PacketSignature {
  direction: 0 | 1;
  ipId: number;
  sec: number;
  nsec: number;
  frame: number;
}

export class DuplicateDetector {
  /** The last few packets; once full, the oldest entry is overwritten in place (nothing is allocated per packet). */
  private readonly recent: Remembered[] = [];
  private next = 0;

  /** The frame this packet repeats, or null (and then it is remembered). `ipId` is -2 when there is none. */
  check(direction: 0 | 1, tcp: PacketSignature, ipId: number, sec: number, nsec: number, frame: number): number | null {
    for (const r of this.recent) {
      if (
        r.direction === direction &&
        r.seq === tcp.seq &&
        r.ack === tcp.ack &&
        r.checksum === tcp.checksum &&
        r.flags === tcp.flags &&
        r.window === tcp.window &&
        r.payloadLength === tcp.payloadLength &&
        r.ipId === ipId &&
        (sec - r.sec) * 1e9 + (nsec - r.nsec) <= DUPLICATE_WINDOW_NS
      )
        return r.frame;
    }
    let r = this.recent[this.next];
    if (!r) this.recent.push((r = { direction, seq: 0, ack: 0, checksum: 0, flags: 0, window: 0, payloadLength: 0, ipId, sec, nsec, frame }));
    r.direction = direction;
    r.seq = tcp.seq;
    r.ack = tcp.ack;
    r.checksum = tcp.checksum;
    r.flags = tcp.flags;
    r.window = tcp.window;
    r.payloadLength = tcp.payloadLength;
    r.ipId = ipId;
    r.sec = sec;
    r.nsec = nsec;
    r.frame = frame;
    this.next = (this.next + 1) % REMEMBERED;
    return null;
  }
}
