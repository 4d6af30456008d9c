// One frame, link layer to TCP. Never throws: a problem is recorded with its layer and byte offset.
import type { RawPacket } from '../capture/raw-packet.js';
import { IpHeader, type DecodedPacket, type TcpHeader } from './decoded-packet.js';
import { decodeIpv4, decodeIpv6 } from './ip.js';
import { decodeLink, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './link-layer.js';
import { decodeTcp } from './tcp.js';

const PROTOCOL_TCP = 6;

/** Decodes frame after frame into the same objects (as gopacket's DecodingLayerParser does), so that a
 * million packets allocate next to nothing. What decode() returns is valid until its next call. */
export class PacketDecoder {
  private readonly ip = new IpHeader();
  private readonly tcp: TcpHeader = { offset: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, headerLength: 0, flags: 0, window: 0, checksum: 0, urgent: 0, payloadLength: 0 };
  private readonly packet: DecodedPacket = { raw: undefined as unknown as RawPacket, vlans: [], ip: null, tcp: null, problem: null };

  decode(raw: RawPacket): DecodedPacket {
    const d = raw.data;
    const packet = this.packet;
    const link = decodeLink(raw.linkType, d);
    packet.raw = raw;
    packet.vlans = link.vlans;
    packet.ip = null;
    packet.tcp = null;
    packet.problem = link.problem;
    if (link.problem) return packet;
    if (link.etherType === ETHERTYPE_IPV4) packet.problem = decodeIpv4(d, link.offset, this.ip);
    else if (link.etherType === ETHERTYPE_IPV6) packet.problem = decodeIpv6(d, link.offset, this.ip);
    else return packet; // ARP and friends: not IP, not a problem
    if (packet.problem) return packet;
    const ip = (packet.ip = this.ip);
    if (ip.protocol !== PROTOCOL_TCP || (ip.fragment && ip.fragment.offset > 0)) return packet;
    packet.problem = decodeTcp(d, ip.payloadOffset, ip.payloadEnd, ip.declaredEnd, this.tcp);
    if (!packet.problem) packet.tcp = this.tcp;
    return packet;
  }
}

/** Decodes one frame into fresh objects that the caller may keep. */
export function decodePacket(raw: RawPacket): DecodedPacket {
  return new PacketDecoder().decode(raw);
}
