// The connection key of a packet: both endpoints (address, port) in a fixed order, packed into a short
// string of 16-bit units straight from the header bytes. It is built once per packet, so it avoids
// the address text, string concatenation and temporary arrays.
import type { DecodedPacket } from '../decode/decoded-packet.js';

export function tupleKey(packet: DecodedPacket): string {
  const d = packet.raw.bytes;
  const ip = packet.ip!;
  const tcp = packet.tcp!;
  const v4 = ip.version === 4;
  const size = v4 ? 4 : 16;
  const src = ip.offset + (v4 ? 12 : 8);
  const dst = src + size;
  let order = 0;
  for (let i = 0; i < size && order === 0; i++) order = d[src + i]! - d[dst + i]!;
  if (order === 0) order = tcp.srcPort - tcp.dstPort;
  const srcFirst = order <= 0;
  const a = srcFirst ? src : dst;
  const b = srcFirst ? dst : src;
  const aPort = srcFirst ? tcp.srcPort : tcp.dstPort;
  const bPort = srcFirst ? tcp.dstPort : tcp.srcPort;
  const u16 = (at: number) => (d[at]! << 8) | d[at + 1]!;
  if (v4) return String.fromCharCode(u16(a), u16(a + 2), aPort, u16(b), u16(b + 2), bPort);
  let key = '';
  for (let i = 0; i < 16; i += 2) key += String.fromCharCode(u16(a + i));
  key += String.fromCharCode(aPort);
  for (let i = 0; i < 16; i += 2) key += String.fromCharCode(u16(b + i));
  return key + String.fromCharCode(bPort);
}
