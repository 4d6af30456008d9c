// UDP (RFC 768), as far as tunnels need it, and VXLAN (RFC 7348) on its IANA port 4789: an 8-byte
// header (flags with the I bit for a valid VNI, the 24-bit VNI) before an Ethernet frame.
import type { DecodeProblem } from './decoded-packet.js';
import { undecodedUdpPort } from './encapsulations.js';
import { END, type LayerOutcome, type Payload } from './payload.js';

export const IP_PROTOCOL_UDP = 17;
export const ETHERTYPE_TRANSPARENT_ETHERNET = 0x6558;
const VXLAN_PORT = 4789;
const VXLAN_VALID_VNI = 0x08;

/** A UDP datagram: VXLAN's payload (as transparent Ethernet), a tunnel that is not decoded, or END. */
export function decodeUdp(d: Uint8Array, at: number, end: number, next: Payload): LayerOutcome {
  if (end - at < 8) return { layer: 'udp', offset: at, message: `UDP header needs 8 bytes, ${Math.max(0, end - at)} present` } satisfies DecodeProblem;
  const srcPort = (d[at]! << 8) | d[at + 1]!;
  const dstPort = (d[at + 2]! << 8) | d[at + 3]!;
  if (dstPort !== VXLAN_PORT) return undecodedUdpPort(srcPort, dstPort) ?? END;
  const vxlan = at + 8;
  if (end - vxlan < 8) return { layer: 'vxlan', offset: vxlan, message: `VXLAN header needs 8 bytes, ${Math.max(0, end - vxlan)} present` };
  if (!(d[vxlan]! & VXLAN_VALID_VNI)) return { layer: 'vxlan', offset: vxlan, message: 'VXLAN flags lack the I bit (no valid VNI)' };
  next.etherType = ETHERTYPE_TRANSPARENT_ETHERNET;
  next.offset = vxlan + 8;
  next.end = end;
  return null;
}
