// One frame, link layer to TCP, through the tunnels on the way (PPPoE, GRE, VXLAN, IP in IP). Never
// throws: a problem is recorded with its layer and byte offset; an encapsulation that is not decoded
// is named in `undecoded`.
import type { RawPacket } from '../capture/raw-packet.js';
import { IpHeader, TUNNEL, type DecodedPacket, type DecodeProblem, type TcpHeader } from './decoded-packet.js';
import { undecodedEtherType, undecodedIpProtocol } from './encapsulations.js';
import { decodeGre, IP_PROTOCOL_GRE } from './gre.js';
import { decodeIpv4, decodeIpv6 } from './ip.js';
import { decodeEthernet, decodeLink, ETHERTYPE_IPV4, ETHERTYPE_IPV6, type LinkLayer } from './link-layer.js';
import { END, type LayerOutcome, type Payload } from './payload.js';
import { decodePppoeSession } from './ppp.js';
import { decodeTcp } from './tcp.js';
import { decodeUdp, ETHERTYPE_TRANSPARENT_ETHERNET, IP_PROTOCOL_UDP } from './vxlan.js';

const PROTOCOL_TCP = 6;
const PROTOCOL_IPV4_IN_IP = 4;
const PROTOCOL_IPV6_IN_IP = 41;
const ETHERTYPE_PPPOE_SESSION = 0x8864;
/** Tunnels inside tunnels end here: no real network nests deeper, a crafted packet could forever. */
const MAX_LAYERS = 8;

/** Decodes frame after frame into the same objects (as gopacket's DecodingLayerParser does), so that a
 * million packets allocate next to nothing. What decode() returns is valid until its next call. */
export class PacketDecoder {
  private readonly link: LinkLayer = { etherType: 0, offset: 0, vlans: [] };
  private readonly innerLink: LinkLayer = { etherType: 0, offset: 0, vlans: [] };
  private readonly next: Payload = { etherType: 0, offset: 0, end: 0 };
  private readonly ip = new IpHeader();
  private readonly tcp: TcpHeader = { offset: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, headerLength: 0, flags: 0, window: 0, checksum: 0, urgent: 0, payloadLength: 0 };
  /** A view on the bytes of the packets decoded (the reader's buffer, which changes seldom). */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private viewed: Uint8Array | null = null;
  private readonly packet: DecodedPacket = { raw: undefined as unknown as RawPacket, vlans: [], ip: null, tcp: null, problem: null, undecoded: null, tunnels: 0 };

  decode(raw: RawPacket): DecodedPacket {
    const packet = this.packet;
    packet.raw = raw;
    packet.problem = this.decodeLayers(raw, packet);
    // Layers give positions in the reader's buffer; a problem is told from the start of the frame.
    if (packet.problem) packet.problem = { ...packet.problem, offset: packet.problem.offset - raw.start };
    return packet;
  }

  private decodeLayers(raw: RawPacket, packet: DecodedPacket): DecodeProblem | null {
    const link = this.link;
    const problem = decodeLink(raw.linkType, raw.bytes, raw.start, raw.end, link);
    packet.vlans = link.vlans;
    packet.ip = null;
    packet.tcp = null;
    packet.undecoded = null;
    packet.tunnels = 0;
    if (problem) return problem;
    const next = this.next;
    next.etherType = link.etherType;
    next.offset = link.offset;
    next.end = raw.end;
    for (let layers = 0; layers < MAX_LAYERS; layers++) {
      const outcome = this.decodeNext(raw.bytes, packet);
      if (outcome === null) continue;
      if (outcome === END) return null;
      if ('layer' in outcome) return outcome;
      packet.undecoded = outcome;
      return null;
    }
    return { layer: 'link', offset: next.offset, message: `more than ${MAX_LAYERS} encapsulations inside each other` };
  }

  /** Decodes the layer `next` describes; null when it found another layer inside (and refilled `next`). */
  private decodeNext(d: Uint8Array, packet: DecodedPacket): LayerOutcome {
    const next = this.next;
    const { etherType, offset, end } = next;
    if (etherType === ETHERTYPE_IPV4 || etherType === ETHERTYPE_IPV6) return this.decodeIp(d, packet);
    if (etherType === ETHERTYPE_PPPOE_SESSION) {
      packet.tunnels |= TUNNEL.pppoe;
      return decodePppoeSession(d, offset, end, next);
    }
    if (etherType === ETHERTYPE_TRANSPARENT_ETHERNET) {
      const problem = decodeEthernet(d, offset, end, this.innerLink);
      if (problem) return problem;
      next.etherType = this.innerLink.etherType;
      next.offset = this.innerLink.offset;
      return null;
    }
    return undecodedEtherType(etherType) ?? END;
  }

  private decodeIp(d: Uint8Array, packet: DecodedPacket): LayerOutcome {
    const next = this.next;
    const ip = this.ip;
    const problem = next.etherType === ETHERTYPE_IPV4 ? decodeIpv4(d, next.offset, next.end, ip) : decodeIpv6(d, next.offset, next.end, ip);
    if (problem) return problem;
    packet.ip = ip;
    // Only the first fragment carries the next header.
    if (ip.fragment && ip.fragment.offset > 0) return END;
    const { payloadOffset: at, payloadEnd: end } = ip;
    switch (ip.protocol) {
      case PROTOCOL_TCP: {
        if (d !== this.viewed) {
          this.viewed = d;
          this.view = new DataView(d.buffer, d.byteOffset, d.byteLength);
        }
        const tcpProblem = decodeTcp(this.view, at, end, ip.declaredEnd, this.tcp);
        if (tcpProblem) return tcpProblem;
        packet.tcp = this.tcp;
        return END;
      }
      case IP_PROTOCOL_GRE:
        packet.tunnels |= TUNNEL.gre;
        return decodeGre(d, at, end, next);
      case IP_PROTOCOL_UDP: {
        const outcome = decodeUdp(d, at, end, next);
        if (outcome === null) packet.tunnels |= TUNNEL.vxlan;
        return outcome;
      }
      case PROTOCOL_IPV4_IN_IP:
      case PROTOCOL_IPV6_IN_IP:
        packet.tunnels |= TUNNEL['ip-in-ip'];
        next.etherType = ip.protocol === PROTOCOL_IPV4_IN_IP ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
        next.offset = at;
        next.end = end;
        return null;
      default:
        return undecodedIpProtocol(ip.protocol) ?? END;
    }
  }
}

/** Decodes one frame into fresh objects that the caller may keep. */
export function decodePacket(raw: RawPacket): DecodedPacket {
  return new PacketDecoder().decode(raw);
}
