// The TCP header (RFC 9293 section 3.1) and its options.
import type { DecodeProblem, TcpHeader } from './decoded-packet.js';

/** Fills in `tcp` from the header at `at` of `view` (a view on the packet's bytes: one bounds-checked load per
 * field rather than one per byte); `end` is where the captured IP payload ends and `declaredEnd`
 * where the IP length says it ends, which gives the segment length even when a snap length cut the
 * payload. Returns null, or the problem that stopped it. */
export function decodeTcp(view: DataView, at: number, end: number, declaredEnd: number, tcp: TcpHeader): DecodeProblem | null {
  const fail = (offset: number, message: string): DecodeProblem => ({ layer: 'tcp', offset, message });
  if (end - at < 20) return fail(at, `TCP header needs 20 bytes, ${Math.max(0, end - at)} present`);
  const headerLength = (view.getUint8(at + 12) >> 4) * 4;
  if (headerLength < 20) return fail(at + 12, `data offset ${headerLength / 4} is below the minimum of 5`);
  if (at + headerLength > end) return fail(at + 12, `header with options needs ${headerLength} bytes, ${end - at} present`);
  tcp.offset = at;
  tcp.srcPort = view.getUint16(at);
  tcp.dstPort = view.getUint16(at + 2);
  // Signed: see analyse/sequence.ts.
  tcp.seq = view.getInt32(at + 4);
  tcp.ack = view.getInt32(at + 8);
  tcp.headerLength = headerLength;
  tcp.flags = view.getUint16(at + 12) & 0x1ff;
  tcp.window = view.getUint16(at + 14);
  tcp.checksum = view.getUint16(at + 16);
  tcp.urgent = view.getUint16(at + 18);
  tcp.payloadLength = Math.max(end, declaredEnd) - at - headerLength;
  return null;
}

export type TcpOption =
  | { kind: 0; name: 'EOL' }
  | { kind: 1; name: 'NOP' }
  | { kind: 2; name: 'MSS'; value: number }
  | { kind: 3; name: 'WS'; shift: number; multiplier: number }
  | { kind: 4; name: 'SACK_PERM' }
  | { kind: 5; name: 'SACK'; blocks: [number, number][] }
  | { kind: 8; name: 'TS'; tsval: number; tsecr: number }
  | { kind: number; name: 'UNKNOWN'; bytes: string }
  | { kind: number; name: 'MALFORMED'; offset: number; reason: string };

const EXPECTED_LENGTH: Record<number, number> = { 2: 4, 3: 3, 4: 2, 8: 10 };

/** Decodes the options of a TCP header. A malformed option is reported as such and ends the list. */
export function decodeTcpOptions(d: Uint8Array, tcp: TcpHeader): TcpOption[] {
  const options: TcpOption[] = [];
  const end = tcp.offset + tcp.headerLength;
  let at = tcp.offset + 20;
  while (at < end) {
    const kind = d[at]!;
    if (kind === 0) {
      options.push({ kind: 0, name: 'EOL' });
      break;
    }
    if (kind === 1) {
      options.push({ kind: 1, name: 'NOP' });
      at++;
      continue;
    }
    const malformed = (reason: string) => options.push({ kind, name: 'MALFORMED', offset: at - tcp.offset, reason });
    if (at + 1 >= end) {
      malformed('the length byte is past the end of the header');
      break;
    }
    const length = d[at + 1]!;
    if (length < 2) {
      malformed(`length ${length} is below 2`);
      break;
    }
    if (at + length > end) {
      malformed(`length ${length} runs past the end of the header`);
      break;
    }
    const expected = EXPECTED_LENGTH[kind];
    if ((expected !== undefined && length !== expected) || (kind === 5 && (length - 2) % 8 !== 0)) {
      malformed(`length ${length} is wrong for option kind ${kind}`);
      break;
    }
    const u32 = (p: number) => ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0;
    switch (kind) {
      case 2:
        options.push({ kind, name: 'MSS', value: (d[at + 2]! << 8) | d[at + 3]! });
        break;
      case 3: {
        const shift = d[at + 2]!;
        options.push({ kind, name: 'WS', shift, multiplier: 2 ** Math.min(shift, 14) });
        break;
      }
      case 4:
        options.push({ kind, name: 'SACK_PERM' });
        break;
      case 5: {
        const blocks: [number, number][] = [];
        for (let p = at + 2; p < at + length; p += 8) blocks.push([u32(p), u32(p + 4)]);
        options.push({ kind, name: 'SACK', blocks });
        break;
      }
      case 8:
        options.push({ kind, name: 'TS', tsval: u32(at + 2), tsecr: u32(at + 6) });
        break;
      default:
        options.push({ kind, name: 'UNKNOWN', bytes: Buffer.from(d.subarray(at + 2, at + length)).toString('hex') });
    }
    at += length;
  }
  return options;
}

/** Walks a header's options in place (no list is built: this runs for every SYN) and returns the first
 * value `pick` gives for an option; null when none does, at EOL, or at a malformed length. */
export function findTcpOption<T>(d: Uint8Array, tcp: TcpHeader, pick: (kind: number, at: number, length: number) => T | undefined): T | null {
  const end = tcp.offset + tcp.headerLength;
  for (let at = tcp.offset + 20; at < end; ) {
    const kind = d[at]!;
    if (kind === 0) return null;
    if (kind === 1) {
      at++;
      continue;
    }
    const length = d[at + 1] ?? 0;
    if (length < 2 || at + length > end) return null;
    const value = pick(kind, at, length);
    if (value !== undefined) return value;
    at += length;
  }
  return null;
}

/** The shift of a SYN's window scale option; null when there is none or the options are malformed. */
export function windowScaleShift(d: Uint8Array, tcp: TcpHeader): number | null {
  return findTcpOption(d, tcp, (kind, at, length) => (kind === 3 && length === 3 ? Math.min(d[at + 2]!, 14) : undefined));
}
