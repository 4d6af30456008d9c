// One frame, link layer to TCP. Never throws: a problem is recorded with its layer and byte offset.
import type { RawPacket } from '../capture/raw-packet.js';
import { IpHeader, type DecodedPacket, type DecodeProblem, type TcpHeader } from './decoded-packet.js';
import { decodeIpv4, decodeIpv6 } from './ip.js';
import { decodeLink, ETHERTYPE_IPV4, ETHERTYPE_IPV6, type LinkLayer } from './link-layer.js';
import { decodeTcp } from './tcp.js';

const PROTOCOL_TCP = 6;

/** Decodes frame after frame into the same objects (as gopacket's DecodingLayerParser does), so that a
 * million packets allocate next to nothing. What decode() returns is valid until its next call. */
export class PacketDecoder {
  private readonly link: LinkLayer = { etherType: 0, offset: 0, vlans: [] };
  private readonly ip = new IpHeader();
  private readonly tcp: TcpHeader = { offset: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, headerLength: 0, flags: 0, window: 0, checksum: 0, urgent: 0, payloadLength: 0 };
  private readonly packet: DecodedPacket = { raw: undefined as unknown as RawPacket, vlans: [], ip: null, tcp: null, problem: null };

  decode(raw: RawPacket): DecodedPacket {
    const packet = this.packet;
    packet.raw = raw;
    packet.problem = this.decodeLayers(raw, packet);
    // Layers give positions in the reader's buffer; a problem is told from the start of the frame.
    if (packet.problem) packet.problem = { ...packet.problem, offset: packet.problem.offset - raw.start };
    return packet;
  }

  private decodeLayers(raw: RawPacket, packet: DecodedPacket): DecodeProblem | null {
    const d = raw.bytes;
    const link = this.link;
    let problem = decodeLink(raw.linkType, d, raw.start, raw.end, link);
    packet.vlans = link.vlans;
    packet.ip = null;
    packet.tcp = null;
    if (problem) return problem;
    if (link.etherType === ETHERTYPE_IPV4) problem = decodeIpv4(d, link.offset, raw.end, this.ip);
    else if (link.etherType === ETHERTYPE_IPV6) problem = decodeIpv6(d, link.offset, raw.end, this.ip);
    else return null; // ARP and friends: not IP, not a problem
    if (problem) return problem;
    const ip = (packet.ip = this.ip);
    if (ip.protocol !== PROTOCOL_TCP || (ip.fragment && ip.fragment.offset > 0)) return null;
    problem = decodeTcp(d, ip.payloadOffset, ip.payloadEnd, ip.declaredEnd, this.tcp);
    if (!problem) packet.tcp = this.tcp;
    return problem;
  }
}

/** Decodes one frame into fresh objects that the caller may keep. */
export function decodePacket(raw: RawPacket): DecodedPacket {
  return new PacketDecoder().decode(raw);
}
