// Link layers: where the network-layer header starts and which protocol it is (by EtherType).
import type { DecodeProblem } from './decoded-packet.js';

export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276 } as const;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TPIDS = new Set([0x8100, 0x88a8, 0x9100]);

export interface LinkResult {
  etherType: number;
  offset: number;
  vlans: number[];
  problem: DecodeProblem | null;
}

const NO_VLANS: number[] = [];
const none = (etherType: number, offset: number, vlans = NO_VLANS): LinkResult => ({ etherType, offset, vlans, problem: null });
const fail = (layer: DecodeProblem['layer'], offset: number, message: string, vlans = NO_VLANS): LinkResult => ({
  etherType: 0,
  offset,
  vlans,
  problem: { layer, offset, message },
});

export function decodeLink(linkType: number, d: Uint8Array): LinkResult {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return ethernet(d);
    case LINKTYPE.LINUX_SLL:
      if (d.length < 16) return fail('sll', 0, `Linux cooked header needs 16 bytes, the frame has ${d.length}`);
      return none((d[14]! << 8) | d[15]!, 16);
    case LINKTYPE.LINUX_SLL2:
      if (d.length < 20) return fail('sll2', 0, `Linux cooked v2 header needs 20 bytes, the frame has ${d.length}`);
      return none((d[0]! << 8) | d[1]!, 20);
    case LINKTYPE.NULL:
      return loopback(d);
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      if (d.length < 1) return fail('link', 0, 'empty frame');
      return none(d[0]! >> 4 === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, 0);
    default:
      return fail('link', 0, `link type ${linkType} is not supported (supported: 0, 1, 101, 113, 276)`);
  }
}

/** Ethernet II, with any number of 802.1Q / 802.1ad (QinQ) tags; the VLAN ids are kept. */
function ethernet(d: Uint8Array): LinkResult {
  if (d.length < 14) return fail('ethernet', 0, `Ethernet header needs 14 bytes, the frame has ${d.length}`);
  let type = (d[12]! << 8) | d[13]!;
  let at = 14;
  const vlans: number[] = VLAN_TPIDS.has(type) ? [] : NO_VLANS;
  while (VLAN_TPIDS.has(type)) {
    if (d.length < at + 4) return fail('vlan', at, 'frame ends inside an 802.1Q tag', vlans);
    vlans.push(((d[at]! << 8) | d[at + 1]!) & 0x0fff);
    type = (d[at + 2]! << 8) | d[at + 3]!;
    at += 4;
  }
  return none(type, at, vlans);
}

/** BSD loopback: a 4-byte address family in the capturing host's byte order. */
function loopback(d: Uint8Array): LinkResult {
  if (d.length < 4) return fail('loopback', 0, `loopback header needs 4 bytes, the frame has ${d.length}`);
  const le = d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24);
  const be = (d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!;
  const family = le >= 0 && le < 256 ? le : be;
  if (family === 2) return none(ETHERTYPE_IPV4, 4);
  if (family === 10 || family === 24 || family === 28 || family === 30) return none(ETHERTYPE_IPV6, 4);
  return fail('loopback', 0, `address family ${family} is neither IPv4 nor IPv6`);
}
