// Writes the capture again as pcapng with a comment on the packets the report explains. Every packet
// is kept with its original timestamp (nanosecond resolution); Wireshark shows the comments.
import type { CaptureSource } from '../capture/capture-source.js';
import { readCapture } from '../capture/read-capture.js';
import { frameBytes } from '../capture/raw-packet.js';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const EPB = 6;
const OPT_COMMENT = 1;
const IF_TSRESOL = 9;

function block(type: number, body: Buffer): Buffer {
  const padded = pad(body);
  const out = Buffer.alloc(12 + padded.length);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(out.length, 4);
  out.set(padded, 8);
  out.writeUInt32LE(out.length, out.length - 4);
  return out;
}

function pad(bytes: Uint8Array): Uint8Array {
  const extra = (4 - (bytes.length % 4)) % 4;
  return extra ? Buffer.concat([bytes, Buffer.alloc(extra)]) : bytes;
}

function option(code: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(code, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, pad(value)]);
}

const END_OF_OPTIONS = Buffer.alloc(4);

/** The capture as annotated pcapng chunks (one interface per link type, timestamps in nanoseconds). */
export function annotatedPcapng(input: Iterable<Uint8Array> | CaptureSource, comments: Map<number, string>): Buffer[] {
  const out: Buffer[] = [];
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeUInt16LE(0, 6);
  shb.writeBigInt64LE(-1n, 8); // section length unknown
  out.push(block(SHB, Buffer.concat([shb, option(4, Buffer.from('tcp-lab')), END_OF_OPTIONS])));
  const interfaces = new Map<number, number>();
  for (const packet of readCapture(input).packets) {
    let id = interfaces.get(packet.linkType);
    if (id === undefined) {
      id = interfaces.size;
      interfaces.set(packet.linkType, id);
      const idb = Buffer.alloc(8);
      idb.writeUInt16LE(packet.linkType, 0);
      idb.writeUInt32LE(0, 4); // no snap length limit
      out.push(block(IDB, Buffer.concat([idb, option(IF_TSRESOL, Buffer.from([9])), END_OF_OPTIONS])));
    }
    const data = frameBytes(packet);
    const ticks = BigInt(packet.sec) * 1_000_000_000n + BigInt(packet.nsec);
    const head = Buffer.alloc(20);
    head.writeUInt32LE(id, 0);
    head.writeUInt32LE(Number(ticks >> 32n), 4);
    head.writeUInt32LE(Number(ticks & 0xffffffffn), 8);
    head.writeUInt32LE(data.length, 12);
    head.writeUInt32LE(packet.originalLength, 16);
    const comment = comments.get(packet.frame);
    const options = comment ? Buffer.concat([option(OPT_COMMENT, Buffer.from(comment, 'utf8')), END_OF_OPTIONS]) : Buffer.alloc(0);
    out.push(block(EPB, Buffer.concat([head, pad(data), options])));
  }
  return out;
}
