// A synthetic capture of many TCP connections with a known mix of teardowns, written as a pcap stream.
// Connections overlap in time (a few open at once) as on a real server.
import { createWriteStream } from 'node:fs';
import { F, pcapHeader, pcapRecord, tcpFrame, type SegmentSpec } from '../test/helpers/frames.ts';

export const TEARDOWN_MIX = ['four-way', 'three-way', 'simultaneous', 'reset'] as const;
export type SyntheticKind = (typeof TEARDOWN_MIX)[number];

const TS = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 1]; // NOP, NOP, timestamps: every packet carries 12 option bytes
const REQUEST = Buffer.alloc(24, 0x61);
const RESPONSE = Buffer.alloc(64, 0x62);

/** The packets of connection i, with its teardown kind. */
export function connectionPackets(i: number): { kind: SyntheticKind; segments: SegmentSpec[] } {
  const kind = TEARDOWN_MIX[i % TEARDOWN_MIX.length]!;
  const client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const server = '192.0.2.80';
  const sport = 1024 + (i % 60000);
  const c = (seq: number, ack: number, flags: number, payload?: Buffer): SegmentSpec => ({ src: client, dst: server, sport, dport: 80, seq, ack, flags, options: TS, payload });
  const s = (seq: number, ack: number, flags: number, payload?: Buffer): SegmentSpec => ({ src: server, dst: client, sport: 80, dport: sport, seq, ack, flags, options: TS, payload });
  const ci = (i * 7919) >>> 0;
  const si = (i * 104729 + 17) >>> 0;
  const c1 = ci + 1;
  const s1 = si + 1;
  const c2 = c1 + REQUEST.length;
  const s2 = s1 + RESPONSE.length;
  const segments = [
    c(ci, 0, F.SYN),
    s(si, c1, F.SYN | F.ACK),
    c(c1, s1, F.ACK),
    c(c1, s1, F.PSH | F.ACK, REQUEST),
    s(s1, c2, F.ACK),
    s(s1, c2, F.PSH | F.ACK, RESPONSE),
    c(c2, s2, F.ACK),
  ];
  if (kind === 'four-way') segments.push(c(c2, s2, F.FIN | F.ACK), s(s2, c2 + 1, F.ACK), s(s2, c2 + 1, F.FIN | F.ACK), c(c2 + 1, s2 + 1, F.ACK));
  if (kind === 'three-way') segments.push(s(s2, c2, F.FIN | F.ACK), c(c2, s2 + 1, F.FIN | F.ACK), s(s2 + 1, c2 + 1, F.ACK));
  if (kind === 'simultaneous') segments.push(c(c2, s2, F.FIN | F.ACK), s(s2, c2, F.FIN | F.ACK), c(c2 + 1, s2 + 1, F.ACK), s(s2 + 1, c2 + 1, F.ACK));
  if (kind === 'reset') segments.push(c(c2, s2, F.RST | F.ACK));
  return { kind, segments };
}

/** Writes the capture; connections start 1 ms apart and their packets interleave, 8 at a time. */
export async function writeSyntheticCapture(path: string, connections: number): Promise<{ packets: number; kinds: Record<SyntheticKind, number> }> {
  const out = createWriteStream(path);
  const write = (chunk: Buffer) => (out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(pcapHeader());
  const kinds = { 'four-way': 0, 'three-way': 0, simultaneous: 0, reset: 0 };
  let packets = 0;
  let usec = 0;
  const group = 8;
  for (let start = 0; start < connections; start += group) {
    const batch = [];
    for (let i = start; i < Math.min(start + group, connections); i++) batch.push(connectionPackets(i));
    for (const { kind } of batch) kinds[kind]++;
    const longest = Math.max(...batch.map((b) => b.segments.length));
    const records: Buffer[] = [];
    for (let j = 0; j < longest; j++) {
      for (const { segments } of batch) {
        const segment = segments[j];
        if (!segment) continue;
        usec += 125;
        records.push(pcapRecord({ sec: 1_700_000_000 + Math.floor(usec / 1e6), frac: usec % 1e6, data: tcpFrame(segment) }));
        packets++;
      }
    }
    await write(Buffer.concat(records));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { packets, kinds };
}
