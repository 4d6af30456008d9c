// The Internet checksum (RFC 1071) of a captured packet: the IPv4 header's, and TCP's over its pseudo-header
// (RFC 9293 3.1 for IPv4, RFC 8200 8.1 for IPv6), the header and the data. Computed only when asked for (a
// report that lists packets), never by the decoder itself: it reads every byte of the packet.
import type { IpHeader, TcpHeader } from './decoded-packet.js';

/** Checked and right; checked and wrong; or not checkable (bytes missing: a snap length or a fragment). */
export type ChecksumStatus = 'good' | 'bad' | 'unverified';

const TCP = 6;

/** The 16-bit one's complement sum of d[from, to) (an odd last byte padded with zero), added to `sum`. */
function addWords(d: Uint8Array, from: number, to: number, sum: number): number {
  let at = from;
  for (; at + 1 < to; at += 2) sum += (d[at]! << 8) | d[at + 1]!;
  if (at < to) sum += d[at]! << 8;
  return sum;
}

function folded(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

export function ipv4HeaderChecksum(d: Uint8Array, ip: IpHeader): ChecksumStatus {
  if (ip.version !== 4) return 'unverified';
  return folded(addWords(d, ip.offset, ip.offset + ip.headerLength, 0)) === 0xffff ? 'good' : 'bad';
}

export function tcpChecksum(d: Uint8Array, ip: IpHeader, tcp: TcpHeader): ChecksumStatus {
  // The whole segment must be in the capture; a fragment's TCP checksum covers the reassembled datagram.
  if (ip.fragment || ip.payloadEnd < ip.declaredEnd) return 'unverified';
  const end = ip.declaredEnd;
  const length = end - tcp.offset;
  let sum = length + TCP;
  sum = ip.version === 4 ? addWords(d, ip.offset + 12, ip.offset + 20, sum) : addWords(d, ip.offset + 8, ip.offset + 40, sum);
  sum = addWords(d, tcp.offset, end, sum);
  return folded(sum) === 0xffff ? 'good' : 'bad';
}
