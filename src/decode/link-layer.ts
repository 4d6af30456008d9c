// Link layers: where the network-layer header starts and which protocol it is (by EtherType).
// The frame is d[start, end); offsets here, problems' included, are positions in d.
import type { DecodeProblem } from './decoded-packet.js';

export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW_LEGACY: 12, RAW: 101, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276 } as const;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
/** The VLAN tag protocol identifiers: 802.1Q, 802.1ad (QinQ) and the older 0x9100. Compared, not looked up
 * in a Set: this runs twice for every Ethernet frame, and a Set lookup cost more than all of decodeLink. */
const isVlanTpid = (type: number) => type === 0x8100 || type === 0x88a8 || type === 0x9100;

/** What the link layer says, filled in for each frame (one object, reused). */
export interface LinkLayer {
  etherType: number;
  offset: number;
  vlans: number[];
}

const NO_VLANS: number[] = [];
const problem = (layer: DecodeProblem['layer'], offset: number, message: string): DecodeProblem => ({ layer, offset, message });

function found(link: LinkLayer, etherType: number, offset: number, vlans = NO_VLANS): null {
  link.etherType = etherType;
  link.offset = offset;
  link.vlans = vlans;
  return null;
}

/** Fills in `link`; returns null, or the problem that stopped it. */
export function decodeLink(linkType: number, d: Uint8Array, start: number, end: number, link: LinkLayer): DecodeProblem | null {
  link.vlans = NO_VLANS;
  const length = end - start;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return decodeEthernet(d, start, end, link);
    case LINKTYPE.LINUX_SLL:
      if (length < 16) return problem('sll', start, `Linux cooked header needs 16 bytes, the frame has ${length}`);
      return found(link, (d[start + 14]! << 8) | d[start + 15]!, start + 16);
    case LINKTYPE.LINUX_SLL2:
      if (length < 20) return problem('sll2', start, `Linux cooked v2 header needs 20 bytes, the frame has ${length}`);
      return found(link, (d[start]! << 8) | d[start + 1]!, start + 20);
    case LINKTYPE.NULL:
      return loopback(d, start, end, link);
    // 12 is raw IP as OpenBSD and older tools write it; tcpdump and tshark read it as 101.
    case LINKTYPE.RAW_LEGACY:
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      if (length < 1) return problem('link', start, 'empty frame');
      return found(link, d[start]! >> 4 === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, start);
    default:
      return problem('link', start, `link type ${linkType} is not supported (supported: 0, 1, 12, 101, 113, 228, 229, 276)`);
  }
}

/** Ethernet II, with any number of 802.1Q / 802.1ad (QinQ) tags; the VLAN ids are kept. Also the
 * frame inside a tunnel (VXLAN, GRE's transparent Ethernet bridging). */
export function decodeEthernet(d: Uint8Array, start: number, end: number, link: LinkLayer): DecodeProblem | null {
  if (end - start < 14) return problem('ethernet', start, `Ethernet header needs 14 bytes, the frame has ${end - start}`);
  let type = (d[start + 12]! << 8) | d[start + 13]!;
  let at = start + 14;
  const vlans: number[] = isVlanTpid(type) ? [] : NO_VLANS;
  while (isVlanTpid(type)) {
    if (end < at + 4) {
      link.vlans = vlans;
      return problem('vlan', at, 'frame ends inside an 802.1Q tag');
    }
    vlans.push(((d[at]! << 8) | d[at + 1]!) & 0x0fff);
    type = (d[at + 2]! << 8) | d[at + 3]!;
    at += 4;
  }
  return found(link, type, at, vlans);
}

/** BSD loopback: a 4-byte address family in the capturing host's byte order. */
function loopback(d: Uint8Array, start: number, end: number, link: LinkLayer): DecodeProblem | null {
  if (end - start < 4) return problem('loopback', start, `loopback header needs 4 bytes, the frame has ${end - start}`);
  const le = d[start]! | (d[start + 1]! << 8) | (d[start + 2]! << 16) | (d[start + 3]! << 24);
  const be = (d[start]! << 24) | (d[start + 1]! << 16) | (d[start + 2]! << 8) | d[start + 3]!;
  const family = le >= 0 && le < 256 ? le : be;
  if (family === 2) return found(link, ETHERTYPE_IPV4, start + 4);
  if (family === 10 || family === 24 || family === 28 || family === 30) return found(link, ETHERTYPE_IPV6, start + 4);
  return problem('loopback', start, `address family ${family} is neither IPv4 nor IPv6`);
}
