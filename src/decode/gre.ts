// GRE (RFC 2784 with RFC 2890's key and sequence number; RFC 1701's routing is not decoded) and PPTP's
// enhanced GRE, version 1 (RFC 2637), which carries PPP. The protocol type is an EtherType: IPv4,
// IPv6 and transparent Ethernet bridging (0x6558) are decoded by the caller like any EtherType.
import type { DecodeProblem } from './decoded-packet.js';
import { decodePpp } from './ppp.js';
import { END, type LayerOutcome, type Payload } from './payload.js';

export const IP_PROTOCOL_GRE = 47;
const CHECKSUM = 0x80;
const ROUTING = 0x40;
const KEY = 0x20;
const SEQUENCE = 0x10;
const ACKNOWLEDGEMENT = 0x80; // version 1, in the second byte
const GRE_PPP = 0x880b;

const problem = (offset: number, message: string): DecodeProblem => ({ layer: 'gre', offset, message });

export function decodeGre(d: Uint8Array, at: number, end: number, next: Payload): LayerOutcome {
  if (end - at < 4) return problem(at, `GRE header needs 4 bytes, ${Math.max(0, end - at)} present`);
  const flags = d[at]!;
  const version = d[at + 1]! & 0x07;
  const protocol = (d[at + 2]! << 8) | d[at + 3]!;
  if (flags & ROUTING) return problem(at, 'GRE with source routing (RFC 1701) is not decoded');
  let length = 4;
  if (version === 0) {
    if (flags & CHECKSUM) length += 4;
    if (flags & KEY) length += 4;
    if (flags & SEQUENCE) length += 4;
  } else if (version === 1) {
    length += 4; // payload length and call id, always present
    if (flags & SEQUENCE) length += 4;
    if (d[at + 1]! & ACKNOWLEDGEMENT) length += 4;
  } else return problem(at + 1, `GRE version ${version} is neither 0 nor 1`);
  if (end - at < length) return problem(at, `GRE header with its optional fields needs ${length} bytes, ${end - at} present`);
  if (version === 1) {
    if (protocol !== GRE_PPP) return problem(at + 2, `enhanced GRE carries PPP (0x880b), not 0x${protocol.toString(16)}`);
    // The key's high half is the payload length: 0 in a packet that only acknowledges.
    const payloadLength = (d[at + 4]! << 8) | d[at + 5]!;
    return payloadLength === 0 ? END : decodePpp(d, at + length, Math.min(end, at + length + payloadLength), next);
  }
  next.etherType = protocol;
  next.offset = at + length;
  next.end = end;
  return null;
}
