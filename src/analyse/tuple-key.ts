// The connection key of a packet: both endpoints (address, port) in a fixed order, packed into a short
// string of 16-bit units straight from the header bytes. A packet's tuple is read once into a reused
// TupleView, which gives the key's hash and compares it with a known key without building the string:
// only a new connection's key is ever built.
import type { DecodedPacket } from '../decode/decoded-packet.js';
import { ipv4ToText, ipv6ToText } from '../decode/ip-address.js';
import type { Endpoint } from './report-model.js';

export class TupleView {
  private d: Uint8Array = new Uint8Array(0);
  /** Positions of the first and second address in d, in key order, and their ports. */
  private a = 0;
  private b = 0;
  private aPort = 0;
  private bPort = 0;
  /** Address length in bytes: 4 or 16. */
  private size = 4;
  /** IPv4: both addresses in key order as 32-bit numbers, read once for hash() and matches() (IPv6 reads
   * its addresses from d as it goes). */
  private a32 = 0;
  private b32 = 0;
  /** The packet was sent from the key's first endpoint; `sameEnds`: its source and destination are one
   * endpoint (a socket connected to itself), and sourceFirst is then true. */
  sourceFirst = true;
  sameEnds = false;

  /** Reads the packet's endpoints (valid until the next call). */
  read(packet: DecodedPacket): this {
    const d = packet.raw.bytes;
    const ip = packet.ip!;
    const tcp = packet.tcp!;
    const v4 = ip.version === 4;
    const size = v4 ? 4 : 16;
    const src = ip.offset + (v4 ? 12 : 8);
    const dst = src + size;
    // Addresses in byte order, then ports. An IPv4 address is read as one signed 32-bit number (a small
    // integer, as the fields that keep it need); with the sign bit flipped, the signed order is the bytes'.
    let order = 0;
    const src32 = v4 ? (d[src]! << 24) | (d[src + 1]! << 16) | (d[src + 2]! << 8) | d[src + 3]! : 0;
    const dst32 = v4 ? (d[dst]! << 24) | (d[dst + 1]! << 16) | (d[dst + 2]! << 8) | d[dst + 3]! : 0;
    if (v4) order = (src32 ^ SIGN_BIT) < (dst32 ^ SIGN_BIT) ? -1 : src32 === dst32 ? 0 : 1;
    else for (let i = 0; i < size && order === 0; i++) order = d[src + i]! - d[dst + i]!;
    if (order === 0) order = tcp.srcPort - tcp.dstPort;
    const srcFirst = order <= 0;
    this.d = d;
    this.size = size;
    this.a = srcFirst ? src : dst;
    this.b = srcFirst ? dst : src;
    this.aPort = srcFirst ? tcp.srcPort : tcp.dstPort;
    this.bPort = srcFirst ? tcp.dstPort : tcp.srcPort;
    this.a32 = srcFirst ? src32 : dst32;
    this.b32 = srcFirst ? dst32 : src32;
    this.sourceFirst = srcFirst;
    this.sameEnds = order === 0;
    return this;
  }

  /** The key's hash, the same as keyHash(this.key()). */
  hash(): number {
    if (this.size === 4) {
      const { a32, b32 } = this;
      return finish(mix(mix(mix(mix(mix(mix(HASH_SEED, a32 >>> 16), a32 & 0xffff), this.aPort), b32 >>> 16), b32 & 0xffff), this.bPort));
    }
    let h = HASH_SEED;
    for (let i = 0; i < this.size; i += 2) h = mix(h, this.u16(this.a + i));
    h = mix(h, this.aPort);
    for (let i = 0; i < this.size; i += 2) h = mix(h, this.u16(this.b + i));
    return finish(mix(h, this.bPort));
  }

  /** True when `key` is this tuple's key. */
  matches(key: string): boolean {
    if (this.size === 4) {
      const { a32, b32 } = this;
      return (
        key.length === 6 &&
        key.charCodeAt(0) === a32 >>> 16 &&
        key.charCodeAt(1) === (a32 & 0xffff) &&
        key.charCodeAt(2) === this.aPort &&
        key.charCodeAt(3) === b32 >>> 16 &&
        key.charCodeAt(4) === (b32 & 0xffff) &&
        key.charCodeAt(5) === this.bPort
      );
    }
    const units = this.size / 2;
    if (key.length !== 2 * units + 2) return false;
    for (let i = 0; i < units; i++) if (key.charCodeAt(i) !== this.u16(this.a + 2 * i) || key.charCodeAt(units + 1 + i) !== this.u16(this.b + 2 * i)) return false;
    return key.charCodeAt(units) === this.aPort && key.charCodeAt(2 * units + 1) === this.bPort;
  }

  key(): string {
    const { a, b } = this;
    if (this.size === 4) return String.fromCharCode(this.a32 >>> 16, this.a32 & 0xffff, this.aPort, this.b32 >>> 16, this.b32 & 0xffff, this.bPort);
    let key = '';
    for (let i = 0; i < 16; i += 2) key += String.fromCharCode(this.u16(a + i));
    key += String.fromCharCode(this.aPort);
    for (let i = 0; i < 16; i += 2) key += String.fromCharCode(this.u16(b + i));
    return key + String.fromCharCode(this.bPort);
  }

  private u16(at: number): number {
    return (this.d[at]! << 8) | this.d[at + 1]!;
  }
}

/** The key's first or second endpoint, with its address as text (for the report: a connection keeps its
 * key while it is open, not an Endpoint and the text as well). */
export function keyEndpoint(key: string, first: boolean): Endpoint {
  const units = (key.length - 2) / 2;
  const at = first ? 0 : units + 1;
  for (let i = 0; i < units; i++) {
    const unit = key.charCodeAt(at + i);
    address[2 * i] = unit >>> 8;
    address[2 * i + 1] = unit & 0xff;
  }
  return { ip: units === 2 ? ipv4ToText(address, 0) : ipv6ToText(address, 0), port: key.charCodeAt(at + units) };
}

export function keyIpVersion(key: string): 4 | 6 {
  return key.length === 6 ? 4 : 6;
}

/** An address's bytes, read from a key (reused). */
const address = new Uint8Array(16);

/** The hash of a key (see TupleView.hash). */
export function keyHash(key: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < key.length; i++) h = mix(h, key.charCodeAt(i));
  return finish(h);
}

const SIGN_BIT = 0x80000000 | 0;
// FNV-1a over 16-bit units, kept to a small integer (V8 stores it without a box).
const HASH_SEED = 0x811c9dc5 | 0;
const mix = (h: number, unit: number) => Math.imul(h ^ unit, 0x01000193);
const finish = (h: number) => (h ^ (h >>> 15)) & 0x3fffffff;
