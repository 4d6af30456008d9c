// Writes TCP conversations segment by segment, keeping each side's sequence numbers the way a TCP stack
// does, and makes a pcap of them: the analyser's tests describe what happened, not bytes.
import { pcapFile, tcpFrame, type TimedFrame } from './frames.ts';

export type Side = 'client' | 'server';

export interface Peer {
  ip: string;
  port: number;
  isn: number;
}

export interface SegmentOptions {
  /** Payload bytes. */
  len?: number;
  /** Send from this sequence number instead of the side's next one (a retransmission, a keep-alive). */
  seq?: number;
  /** Acknowledge this number instead of everything received so far. */
  ack?: number;
  window?: number;
  options?: number[];
  /** Seconds after the previous segment of the capture (default 1 ms). */
  after?: number;
}

/** One capture shared by any number of conversations, its frames in the order they were sent. */
export class Capture {
  private readonly frames: TimedFrame[] = [];
  private nanos: bigint;

  constructor(startSeconds = 1_700_000_000) {
    this.nanos = BigInt(startSeconds) * 1_000_000_000n;
  }

  add(seconds: number, data: Buffer): number {
    this.nanos += BigInt(Math.round(seconds * 1e9));
    this.frames.push({ sec: Number(this.nanos / 1_000_000_000n), frac: Number((this.nanos % 1_000_000_000n) / 1000n), data });
    return this.frames.length;
  }

  /** Lets time pass with nothing captured. */
  pause(seconds: number): void {
    this.nanos += BigInt(Math.round(seconds * 1e9));
  }

  /** Sends the last frame again, byte for byte (a frame captured twice). */
  repeatLast(seconds = 0.000_002): number {
    return this.add(seconds, this.frames.at(-1)!.data);
  }

  get frameCount(): number {
    return this.frames.length;
  }

  pcap(): Buffer {
    return pcapFile(this.frames);
  }
}

export class Conversation {
  private readonly next: Record<Side, number>;
  private ipId = 1;

  constructor(
    private readonly capture: Capture,
    private readonly client: Peer,
    private readonly server: Peer,
  ) {
    this.next = { client: client.isn, server: server.isn };
  }

  /** Sends one segment and returns its frame number. SYN and FIN take one sequence number each. */
  send(from: Side, flags: number, o: SegmentOptions = {}): number {
    const [src, dst] = from === 'client' ? [this.client, this.server] : [this.server, this.client];
    const to: Side = from === 'client' ? 'server' : 'client';
    const seq = o.seq ?? this.next[from];
    const len = o.len ?? 0;
    const frame = tcpFrame({
      src: src.ip,
      dst: dst.ip,
      sport: src.port,
      dport: dst.port,
      seq: seq >>> 0,
      ack: flags & 0x10 ? (o.ack ?? this.next[to]) >>> 0 : 0,
      flags,
      window: o.window ?? 64240,
      options: o.options,
      payload: Buffer.alloc(len, 0x61),
      ipId: this.ipId++,
    });
    const end = seq + len + (flags & 0x02 ? 1 : 0) + (flags & 0x01 ? 1 : 0);
    if (o.seq === undefined || end > this.next[from]) this.next[from] = end;
    return this.capture.add(o.after ?? 0.001, frame);
  }

  /** SYN, SYN-ACK, ACK; returns their frames. */
  handshake(): [number, number, number] {
    return [this.send('client', SYN), this.send('server', SYN | ACK), this.send('client', ACK)];
  }

  /** FIN, its ACK, the peer's FIN, its ACK; returns their frames. */
  fourWayClose(initiator: Side = 'client'): [number, number, number, number] {
    const passive: Side = initiator === 'client' ? 'server' : 'client';
    return [this.send(initiator, FIN | ACK), this.send(passive, ACK), this.send(passive, FIN | ACK), this.send(initiator, ACK)];
  }

  /** The sequence number a side will send next. */
  nextSeq(side: Side): number {
    return this.next[side];
  }
}

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
