// pcapng: a sequence of blocks (type, total length, body, total length). Sections (SHB) set the byte
// order; interfaces (IDB) set link type and timestamp resolution; packets come in EPB, SPB or the
// obsolete PB. Unknown blocks are skipped.
import { CaptureFormatError } from '../errors.js';
import type { ByteQueue } from './byte-queue.js';
import type { CaptureInfo, RawPacket } from './raw-packet.js';
import type { RecordParser } from './record-parser.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const OBSOLETE_PB = 2;
const SPB = 3;
const EPB = 6;
const MAX_BLOCK = 256 * 1024 * 1024;
const BLOCK_HEADER = 8;
const PACKET_HEADER = 20;

interface Interface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
  offsetSeconds: number;
}

export class PcapngParser implements RecordParser {
  wanted = BLOCK_HEADER;
  stopped = false;
  private littleEndian = true;
  private interfaces: Interface[] = [];
  private frame = 0;

  constructor(private readonly info: CaptureInfo) {}

  next(input: ByteQueue, packet: RawPacket): boolean {
    while (!this.stopped) {
      this.wanted = BLOCK_HEADER;
      if (input.available < BLOCK_HEADER) return false;
      const start = input.offset;
      if (input.u32(0, true) === PCAPNG_SHB) {
        // A new section may switch byte order: read it from the byte-order magic.
        this.wanted = 12;
        if (input.available < 12) return false;
        const magic = input.u32(8, true);
        if (magic === BYTE_ORDER_MAGIC) this.littleEndian = true;
        else if (magic === 0x4d3c2b1a) this.littleEndian = false;
        else throw new CaptureFormatError('pcapngByteOrder', { offset: start + 8 });
        this.interfaces = [];
      }
      const le = this.littleEndian;
      const blockType = input.u32(0, le);
      const length = input.u32(4, le);
      if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
        if (this.frame === 0 && start === 0) throw new CaptureFormatError('pcapngBlockLength', { length, offset: start + 4 });
        this.info.warnings.push({ code: 'blockLengthImpossible', byte: start, length, packets: this.frame });
        this.stopped = true;
        return false;
      }
      this.wanted = length;
      if (input.available < length) return false;
      const bodyStart = input.head + BLOCK_HEADER;
      const bodyEnd = input.head + length - 4;
      input.consume(length);
      if (blockType === IDB) this.readInterface(input.buffer, bodyStart, bodyEnd);
      else if ((blockType === EPB || blockType === SPB || blockType === OBSOLETE_PB) && this.readPacket(input.buffer, bodyStart, bodyEnd, blockType, start, packet)) return true;
    }
    return false;
  }

  finish(input: ByteQueue): void {
    if (this.stopped || input.available === 0) return;
    const start = input.offset;
    if (input.available < BLOCK_HEADER) this.info.warnings.push({ code: 'endsInBlockHeader', byte: start, packets: this.frame });
    else if (input.available < 12 && input.u32(0, true) === PCAPNG_SHB) this.info.warnings.push({ code: 'endsInSectionHeader', byte: start });
    else this.info.warnings.push({ code: 'cutInBlock', byte: start, present: input.available, length: this.wanted, packets: this.frame });
  }

  private readInterface(d: Uint8Array, at: number, end: number): void {
    if (end - at < 8) return;
    const body = Buffer.from(d.buffer, d.byteOffset + at, end - at);
    const le = this.littleEndian;
    const iface = { linkType: le ? body.readUInt16LE(0) : body.readUInt16BE(0), snapLength: le ? body.readUInt32LE(4) : body.readUInt32BE(4), unitsPerSecond: 1_000_000, offsetSeconds: 0 };
    readOptions(body.subarray(8), le, (code, value) => {
      if (code === 9 && value.length >= 1) {
        const units = resolution(value[0]!);
        if (units) iface.unitsPerSecond = units;
        else this.info.warnings.push({ code: 'timestampResolutionImpossible', interfaceId: this.interfaces.length, tsresol: value[0]! });
      }
      if (code === 14 && value.length >= 8) iface.offsetSeconds = Number(le ? value.readBigInt64LE(0) : value.readBigInt64BE(0));
    });
    this.interfaces.push(iface);
    if (!this.info.linkTypes.includes(iface.linkType)) this.info.linkTypes.push(iface.linkType);
  }

  /** Fills `packet` from a packet block's body d[at, end); false when the block is skipped. */
  private readPacket(d: Uint8Array, at: number, end: number, blockType: number, start: number, packet: RawPacket): boolean {
    const frame = ++this.frame;
    this.info.packets = frame;
    const u32 = (p: number) => (this.littleEndian ? (d[p]! | (d[p + 1]! << 8) | (d[p + 2]! << 16) | (d[p + 3]! << 24)) >>> 0 : ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0);
    let interfaceId = 0;
    let high = 0;
    let low = 0;
    let capturedLength: number;
    let dataStart: number;
    if (blockType === SPB) {
      packet.originalLength = u32(at);
      dataStart = at + 4;
      capturedLength = Math.min(packet.originalLength, end - dataStart, this.interfaces[0]?.snapLength || Infinity);
    } else {
      if (end - at < PACKET_HEADER) {
        this.info.warnings.push({ code: 'blockTooShort', frame, byte: start });
        return false;
      }
      interfaceId = blockType === EPB ? u32(at) : this.littleEndian ? d[at]! | (d[at + 1]! << 8) : (d[at]! << 8) | d[at + 1]!;
      high = u32(at + 4);
      low = u32(at + 8);
      dataStart = at + PACKET_HEADER;
      capturedLength = Math.min(u32(at + 12), end - dataStart);
      packet.originalLength = u32(at + 16);
    }
    const iface = this.interfaces[interfaceId];
    if (!iface) {
      this.info.warnings.push({ code: 'unknownInterface', frame, interfaceId });
      return false;
    }
    setTimestamp(packet, high, low, iface);
    packet.frame = frame;
    packet.linkType = iface.linkType;
    packet.interfaceId = interfaceId;
    packet.bytes = d;
    packet.start = dataStart;
    packet.end = dataStart + capturedLength;
    return true;
  }
}

/** if_tsresol: high bit clear means 10^-n seconds, set means 2^-n; null beyond what a clock can mean. */
function resolution(value: number): number | null {
  const units = value & 0x80 ? 2 ** (value & 0x7f) : 10 ** value;
  return units <= 2 ** 60 ? units : null;
}

function setTimestamp(packet: RawPacket, high: number, low: number, iface: Interface): void {
  const units = iface.unitsPerSecond;
  if (units <= 1_000_000) {
    const ticks = high * 2 ** 32 + low; // below 2^53 for microseconds until the year 2255
    const sec = Math.floor(ticks / units);
    packet.sec = sec + iface.offsetSeconds;
    packet.nsec = Math.round(((ticks - sec * units) * 1e9) / units);
    return;
  }
  // Finer than microseconds: in BigInt, to stay exact.
  const ticks = (BigInt(high) << 32n) | BigInt(low);
  const perSecond = BigInt(units);
  const sec = ticks / perSecond;
  packet.sec = Number(sec) + iface.offsetSeconds;
  packet.nsec = Number(((ticks - sec * perSecond) * 1_000_000_000n) / perSecond);
}

/** Walks a block's options (code, length, value padded to 4 bytes) until opt_endofopt. */
export function readOptions(options: Buffer, littleEndian: boolean, visit: (code: number, value: Buffer) => void): void {
  let at = 0;
  while (at + 4 <= options.length) {
    const code = littleEndian ? options.readUInt16LE(at) : options.readUInt16BE(at);
    const length = littleEndian ? options.readUInt16LE(at + 2) : options.readUInt16BE(at + 2);
    if (code === 0 || at + 4 + length > options.length) return;
    visit(code, options.subarray(at + 4, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
}
