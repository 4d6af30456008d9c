// What decoding one frame yields. Header offsets are positions in the packet's bytes (raw.bytes, the
// reader's buffer), so a report can show header bytes; a problem's offset counts from the frame's start.
import type { RawPacket } from '../capture/raw-packet.js';
import { ipv4ToText, ipv6ToText } from './ip-address.js';

const EMPTY = new Uint8Array(0);

export type DecodeLayer = 'link' | 'ethernet' | 'vlan' | 'sll' | 'sll2' | 'loopback' | 'pppoe' | 'ppp' | 'gre' | 'udp' | 'vxlan' | 'ipv4' | 'ipv6' | 'tcp';

/** Where decoding of one packet stopped; the rest of the capture is unaffected. */
export interface DecodeProblem {
  layer: DecodeLayer;
  offset: number;
  message: string;
}

/** An encapsulation that may carry TCP but is not decoded, named by the field that announces it: an
 * EtherType (also GRE's protocol type), an IP protocol number, a UDP port or a PPP protocol number. */
export interface UndecodedEncapsulation {
  field: 'ethertype' | 'ip-protocol' | 'udp-port' | 'ppp-protocol';
  value: number;
  /** Its usual name, a protocol name in any language (MPLS, ESP, Geneve, …), or null for a number no table names. */
  name: string | null;
}

/** Tunnels a packet can come through on its way to the TCP inside, as bits of DecodedPacket.tunnels. */
export const TUNNEL = { pppoe: 1, gre: 2, vxlan: 4, 'ip-in-ip': 8 } as const;
export type Tunnel = keyof typeof TUNNEL;

/** An IP header. The address text is made only when asked for: most packets never need it. */
export class IpHeader {
  version: 4 | 6 = 4;
  /** The packet's bytes (raw.bytes), for the addresses. */
  bytes: Uint8Array = EMPTY;
  /** Position of the IP header in bytes. */
  offset = 0;
  headerLength = 0;
  /** IPv4 identification; null for IPv6 (unless it has a fragment header). */
  id: number | null = null;
  ttl = 0;
  /** Set for fragments; only the first fragment carries the TCP header. */
  fragment: { offset: number; more: boolean } | null = null;
  protocol = 0;
  /** Offset where the transport header starts, and where the captured IP payload ends (trimmed to the IP length). */
  payloadOffset = 0;
  payloadEnd = 0;
  /** Where the payload ends by the IP length field: past payloadEnd when a snap length cut the packet. */
  declaredEnd = 0;

  get src(): string {
    return this.version === 4 ? ipv4ToText(this.bytes, this.offset + 12) : ipv6ToText(this.bytes, this.offset + 8);
  }

  get dst(): string {
    return this.version === 4 ? ipv4ToText(this.bytes, this.offset + 16) : ipv6ToText(this.bytes, this.offset + 24);
  }
}

export interface TcpHeader {
  offset: number;
  srcPort: number;
  dstPort: number;
  /** The sequence and acknowledgement numbers' 32 bits as a signed integer (`>>> 0` gives the number as
   * shown): the analyser's representation, see analyse/sequence.ts. */
  seq: number;
  ack: number;
  headerLength: number;
  /** FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80, AE (formerly NS) 0x100. */
  flags: number;
  window: number;
  checksum: number;
  urgent: number;
  payloadLength: number;
}

export interface DecodedPacket {
  raw: RawPacket;
  vlans: number[];
  ip: IpHeader | null;
  tcp: TcpHeader | null;
  problem: DecodeProblem | null;
  /** Set when decoding stopped at an encapsulation it does not go into (tunnels it does decode, such as
   * PPPoE, GRE and VXLAN, lead to `ip` and `tcp` of the innermost packet). */
  undecoded: UndecodedEncapsulation | null;
  /** The tunnels it came through (TUNNEL bits; 0 for none); `ip` and `tcp` are the innermost packet's. */
  tunnels: number;
}

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80, AE: 0x100 } as const;
export type TcpFlagName = keyof typeof TCP_FLAGS;
const FLAG_ORDER = Object.entries(TCP_FLAGS) as [TcpFlagName, number][];

/** Flag names in Wireshark's order, e.g. ["SYN", "ACK"]. */
export function flagNames(flags: number): TcpFlagName[] {
  const names: TcpFlagName[] = [];
  for (const [name, bit] of FLAG_ORDER) if (flags & bit) names.push(name);
  return names;
}
