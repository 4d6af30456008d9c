// pcapng: a sequence of blocks (type, total length, body, total length). Sections (SHB) set the byte
// order; interfaces (IDB) set link type and timestamp resolution; packets come in EPB, SPB or the
// obsolete PB. Unknown blocks are skipped.
import { CaptureFormatError } from '../errors.js';
import type { ChunkedBytes } from './byte-source.js';
import type { CaptureInfo, RawPacket } from './raw-packet.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const OBSOLETE_PB = 2;
const SPB = 3;
const EPB = 6;
const MAX_BLOCK = 256 * 1024 * 1024;

interface Interface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second, as a BigInt when finer than microseconds (to stay exact). */
  unitsPerSecond: number;
  offsetSeconds: number;
}

export function* readPcapng(input: ChunkedBytes, info: CaptureInfo): Generator<RawPacket> {
  let littleEndian = true;
  let interfaces: Interface[] = [];
  let frame = 0;
  for (;;) {
    const start = input.offset;
    if (!input.ensure(8)) {
      if (input.remaining > 0) info.warnings.push(`the file ends inside a block header at byte ${start}; decoded the ${frame} packets before it`);
      return;
    }
    const head = input.peek(8);
    const type = littleEndian ? head.readUInt32LE(0) : head.readUInt32BE(0);
    if (type === PCAPNG_SHB || head.readUInt32LE(0) === PCAPNG_SHB) {
      // A new section may switch byte order: read it from the byte-order magic.
      if (!input.ensure(12)) {
        info.warnings.push(`the file ends inside a section header at byte ${start}`);
        return;
      }
      const magic = input.peek(12).readUInt32LE(8);
      if (magic === BYTE_ORDER_MAGIC) littleEndian = true;
      else if (magic === 0x4d3c2b1a) littleEndian = false;
      else throw new CaptureFormatError('pcapng section header with an unknown byte-order magic', start + 8);
      interfaces = [];
    }
    const u32 = (b: Buffer, at: number) => (littleEndian ? b.readUInt32LE(at) : b.readUInt32BE(at));
    const u16 = (b: Buffer, at: number) => (littleEndian ? b.readUInt16LE(at) : b.readUInt16BE(at));
    const blockType = u32(input.peek(8), 0);
    const length = u32(input.peek(8), 4);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
      if (frame === 0 && start === 0) throw new CaptureFormatError(`pcapng block with an impossible length ${length}`, start + 4);
      info.warnings.push(`block at byte ${start} has an impossible length (${length}); stopped reading there after ${frame} packets`);
      return;
    }
    if (!input.ensure(length)) {
      info.warnings.push(`the file is cut inside the block at byte ${start} (${input.remaining} of ${length} bytes present); decoded the ${frame} packets before it`);
      return;
    }
    const block = input.take(length);
    const body = block.subarray(8, length - 4);

    if (blockType === IDB) {
      if (body.length < 8) continue;
      const iface = { linkType: u16(body, 0), snapLength: u32(body, 4), unitsPerSecond: 1_000_000, offsetSeconds: 0 };
      readOptions(body.subarray(8), littleEndian, (code, value) => {
        if (code === 9 && value.length >= 1) {
          const units = resolution(value[0]!);
          if (units) iface.unitsPerSecond = units;
          else info.warnings.push(`interface ${interfaces.length} has an impossible timestamp resolution (if_tsresol ${value[0]}); using microseconds`);
        }
        if (code === 14 && value.length >= 8) iface.offsetSeconds = Number(littleEndian ? value.readBigInt64LE(0) : value.readBigInt64BE(0));
      });
      interfaces.push(iface);
      if (!info.linkTypes.includes(iface.linkType)) info.linkTypes.push(iface.linkType);
      continue;
    }
    if (blockType !== EPB && blockType !== SPB && blockType !== OBSOLETE_PB) continue;

    frame++;
    info.packets = frame;
    let interfaceId = 0;
    let high = 0;
    let low = 0;
    let capturedLength: number;
    let originalLength: number;
    let dataStart: number;
    if (blockType === SPB) {
      originalLength = u32(body, 0);
      dataStart = 4;
      capturedLength = Math.min(originalLength, body.length - 4, interfaces[0]?.snapLength || Infinity);
    } else {
      const headerSize = 20;
      if (body.length < headerSize) {
        info.warnings.push(`packet ${frame}: its block at byte ${start} is too short for a packet header; skipped`);
        continue;
      }
      interfaceId = blockType === EPB ? u32(body, 0) : u16(body, 0);
      high = u32(body, 4);
      low = u32(body, 8);
      capturedLength = Math.min(u32(body, 12), body.length - headerSize);
      originalLength = u32(body, 16);
      dataStart = headerSize;
    }
    const iface = interfaces[interfaceId];
    if (!iface) {
      info.warnings.push(`packet ${frame} names interface ${interfaceId}, which no interface block described; skipped`);
      continue;
    }
    const { sec, nsec } = timestamp(high, low, iface);
    yield {
      frame,
      sec,
      nsec,
      linkType: iface.linkType,
      interfaceId,
      bytes: body,
      start: dataStart,
      end: dataStart + capturedLength,
      originalLength,
    };
  }
}

/** if_tsresol: high bit clear means 10^-n seconds, set means 2^-n; null beyond what a clock can mean. */
function resolution(value: number): number | null {
  const units = value & 0x80 ? 2 ** (value & 0x7f) : 10 ** value;
  return units <= 2 ** 60 ? units : null;
}

function timestamp(high: number, low: number, iface: Interface): { sec: number; nsec: number } {
  const units = iface.unitsPerSecond;
  if (units <= 1_000_000) {
    const ticks = high * 2 ** 32 + low; // below 2^53 for microseconds until the year 2255
    const sec = Math.floor(ticks / units);
    return { sec: sec + iface.offsetSeconds, nsec: Math.round(((ticks - sec * units) * 1e9) / units) };
  }
  const ticks = (BigInt(high) << 32n) | BigInt(low);
  const perSecond = BigInt(units);
  const sec = ticks / perSecond;
  return { sec: Number(sec) + iface.offsetSeconds, nsec: Number(((ticks - sec * perSecond) * 1_000_000_000n) / perSecond) };
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
