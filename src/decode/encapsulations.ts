// Which protocols carry other packets (and so may hide TCP) and which never do. A frame that stops at
// a carrier the decoder does not go into is counted and named in the report instead of vanishing.
import type { UndecodedEncapsulation } from './decoded-packet.js';

/** EtherTypes (and GRE protocol types, which are EtherTypes) of encapsulations not decoded. */
const ETHERTYPE_CARRIERS: Record<number, string> = {
  0x22f3: 'TRILL',
  0x6559: 'Frame Relay',
  0x8847: 'MPLS',
  0x8848: 'MPLS multicast',
  0x880b: 'PPP',
  0x88be: 'ERSPAN',
  0x22eb: 'ERSPAN type III',
  0x88e5: 'MACsec',
  0x88e7: 'PBB (802.1ah)',
  0x8926: 'VN-Tag',
  0x893f: 'E-Tag (802.1BR)',
  0x894f: 'NSH',
};

/** EtherTypes of protocols that never carry TCP: not an encapsulation, nothing to report. */
const ETHERTYPE_NOT_CARRIERS = new Set([
  0x0806, // ARP
  0x8035, // RARP
  0x0842, // Wake-on-LAN
  0x8808, // Ethernet flow control
  0x8809, // LACP and other slow protocols
  0x8863, // PPPoE discovery
  0x888e, // 802.1X (EAPOL)
  0x88cc, // LLDP
  0x88f7, // PTP
  0x8902, // CFM
  0x8906, // FCoE
  0x8914, // FIP
  0x8915, // RoCE
  0x9000, // Ethernet loopback test
  0x8137, // IPX
  0x809b, // AppleTalk
  0x80f3, // AARP
  0x6003, // DECnet
]);

/** IP protocols that carry packets and are not decoded (IP-in-IP, GRE and AH are). */
const IP_PROTOCOL_CARRIERS: Record<number, string> = {
  50: 'ESP',
  51: 'AH', // IPv4 only: IPv6 decodes it as an extension header
  94: 'KA9Q IPIP',
  97: 'EtherIP',
  98: 'ENCAP',
  115: 'L2TPv3',
  137: 'MPLS-in-IP',
};

/** UDP ports of tunnels not decoded (VXLAN's 4789 is). */
const UDP_PORT_CARRIERS: Record<number, string> = {
  1701: 'L2TP',
  2152: 'GTP-U',
  4500: 'IPsec NAT-T',
  4790: 'VXLAN-GPE',
  6081: 'Geneve',
  6635: 'MPLS-over-UDP',
  8472: 'VXLAN', // Linux's port before IANA assigned 4789; tshark does not decode it by default either
  51820: 'WireGuard',
};

/** The undecoded encapsulation an EtherType announces, or null when it is one that never carries TCP
 * (ARP, LLDP, …). An EtherType that neither table knows is reported by number: it might carry anything. */
export function undecodedEtherType(etherType: number): UndecodedEncapsulation | null {
  if (etherType < 0x0600 || ETHERTYPE_NOT_CARRIERS.has(etherType)) return null; // below 0x0600: an 802.3 length (LLC: STP, CDP, …)
  return { field: 'ethertype', value: etherType, name: ETHERTYPE_CARRIERS[etherType] ?? null };
}

export function undecodedIpProtocol(protocol: number): UndecodedEncapsulation | null {
  const name = IP_PROTOCOL_CARRIERS[protocol];
  return name ? { field: 'ip-protocol', value: protocol, name } : null;
}

/** A tunnel by its UDP port: the destination port, else the source port (a reply's). */
export function undecodedUdpPort(srcPort: number, dstPort: number): UndecodedEncapsulation | null {
  const port = UDP_PORT_CARRIERS[dstPort] ? dstPort : UDP_PORT_CARRIERS[srcPort] ? srcPort : null;
  return port === null ? null : { field: 'udp-port', value: port, name: UDP_PORT_CARRIERS[port]! };
}

/** PPP protocols below 0x4000 carry network-layer packets (RFC 1661); 0xc021 (LCP) and others above are control. */
export function undecodedPppProtocol(protocol: number): UndecodedEncapsulation | null {
  if (protocol >= 0x4000) return null;
  return { field: 'ppp-protocol', value: protocol, name: PPP_NAMES[protocol] ?? null };
}

const PPP_NAMES: Record<number, string> = { 0x002d: 'VJ compressed TCP/IP', 0x002f: 'VJ uncompressed TCP/IP', 0x00fd: 'CCP compressed', 0x0281: 'MPLS' };
