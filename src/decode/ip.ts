// IPv4 (with options; the payload is trimmed to the total length, which drops Ethernet padding) and
// IPv6 (with hop-by-hop, routing, destination-options and fragment extension headers).
// Each decoder fills in the IpHeader it is given and returns null, or the problem that stopped it.
// Each is told where the frame ends in d (IPv6 calls it frameEnd: its end is the payload's); offsets are positions in d.
// A payload cut by the snap length is not a problem: the length fields still give the segment's size.
import type { DecodeProblem, IpHeader } from './decoded-packet.js';

const problem = (layer: 'ipv4' | 'ipv6', offset: number, message: string): DecodeProblem => ({ layer, offset, message });

export function decodeIpv4(d: Uint8Array, at: number, end: number, ip: IpHeader): DecodeProblem | null {
  if (end < at + 20) return problem('ipv4', at, `IPv4 header needs 20 bytes, ${Math.max(0, end - at)} present`);
  const version = d[at]! >> 4;
  if (version !== 4) return problem('ipv4', at, `version field is ${version}, not 4`);
  const headerLength = (d[at]! & 0x0f) * 4;
  if (headerLength < 20) return problem('ipv4', at, `header length ${headerLength} is below the minimum of 20`);
  if (end < at + headerLength) return problem('ipv4', at, `header with options needs ${headerLength} bytes, ${end - at} present`);
  const totalLength = (d[at + 2]! << 8) | d[at + 3]!;
  if (totalLength < headerLength) return problem('ipv4', at + 2, `total length ${totalLength} is shorter than the header (${headerLength})`);
  const fragmentField = (d[at + 6]! << 8) | d[at + 7]!;
  const fragmentOffset = (fragmentField & 0x1fff) * 8;
  const more = (fragmentField & 0x2000) !== 0;
  const available = end - at;
  ip.version = 4;
  ip.bytes = d;
  ip.offset = at;
  ip.headerLength = headerLength;
  ip.id = (d[at + 4]! << 8) | d[at + 5]!;
  ip.ttl = d[at + 8]!;
  ip.fragment = fragmentOffset || more ? { offset: fragmentOffset, more } : null;
  ip.protocol = d[at + 9]!;
  ip.payloadOffset = at + headerLength;
  ip.payloadEnd = at + Math.min(totalLength, available);
  ip.declaredEnd = at + totalLength;
  return null;
}

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AUTH = 51;
const DEST_OPTIONS = 60;

export function decodeIpv6(d: Uint8Array, at: number, frameEnd: number, ip: IpHeader): DecodeProblem | null {
  if (frameEnd < at + 40) return problem('ipv6', at, `IPv6 header needs 40 bytes, ${Math.max(0, frameEnd - at)} present`);
  const version = d[at]! >> 4;
  if (version !== 6) return problem('ipv6', at, `version field is ${version}, not 6`);
  const payloadLength = (d[at + 4]! << 8) | d[at + 5]!;
  const available = frameEnd - at - 40;
  let next = d[at + 6]!;
  let cursor = at + 40;
  const end = at + 40 + Math.min(payloadLength, available);
  let fragment: IpHeader['fragment'] = null;
  let id: number | null = null;
  while (next === HOP_BY_HOP || next === ROUTING || next === FRAGMENT || next === DEST_OPTIONS || next === AUTH) {
    if (cursor + 8 > end) return problem('ipv6', cursor, `extension header ${next} runs past the packet`);
    const headerNext = d[cursor]!;
    let length: number;
    if (next === FRAGMENT) {
      length = 8;
      const field = (d[cursor + 2]! << 8) | d[cursor + 3]!;
      fragment = { offset: field & 0xfff8, more: (field & 1) === 1 };
      id = ((d[cursor + 4]! << 24) | (d[cursor + 5]! << 16) | (d[cursor + 6]! << 8) | d[cursor + 7]!) >>> 0;
    } else if (next === AUTH) length = (d[cursor + 1]! + 2) * 4;
    else length = (d[cursor + 1]! + 1) * 8;
    if (cursor + length > end) return problem('ipv6', cursor, `extension header ${next} (${length} bytes) runs past the packet`);
    next = headerNext;
    cursor += length;
  }
  if (fragment && fragment.offset === 0 && !fragment.more) fragment = null; // an atomic fragment is a whole packet
  ip.version = 6;
  ip.bytes = d;
  ip.offset = at;
  ip.headerLength = cursor - at;
  ip.id = id;
  ip.ttl = d[at + 7]!;
  ip.fragment = fragment;
  ip.protocol = next;
  ip.payloadOffset = cursor;
  ip.payloadEnd = end;
  ip.declaredEnd = at + 40 + payloadLength;
  return null;
}
