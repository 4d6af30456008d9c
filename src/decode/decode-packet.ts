// One frame, link layer to TCP. Never throws: a problem is recorded with its layer and byte offset.
import type { RawPacket } from '../capture/raw-packet.js';
import type { DecodedPacket } from './decoded-packet.js';
import { decodeIpv4, decodeIpv6, type IpResult } from './ip.js';
import { decodeLink, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './link-layer.js';
import { decodeTcp } from './tcp.js';

const PROTOCOL_TCP = 6;

export function decodePacket(raw: RawPacket): DecodedPacket {
  const d = raw.data;
  const link = decodeLink(raw.linkType, d);
  const packet: DecodedPacket = { raw, vlans: link.vlans, ip: null, tcp: null, problem: link.problem };
  if (link.problem) return packet;
  let ipResult: IpResult;
  if (link.etherType === ETHERTYPE_IPV4) ipResult = decodeIpv4(d, link.offset);
  else if (link.etherType === ETHERTYPE_IPV6) ipResult = decodeIpv6(d, link.offset);
  else return packet; // ARP and friends: not IP, not a problem
  packet.ip = ipResult.ip;
  packet.problem = ipResult.problem;
  const ip = ipResult.ip;
  if (!ip || ip.protocol !== PROTOCOL_TCP || (ip.fragment && ip.fragment.offset > 0)) return packet;
  const tcpResult = decodeTcp(d, ip.payloadOffset, ip.payloadEnd, ip.declaredEnd);
  packet.tcp = tcpResult.tcp;
  if (tcpResult.problem) packet.problem = tcpResult.problem;
  return packet;
}
