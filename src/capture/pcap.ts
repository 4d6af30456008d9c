// Classic pcap: a 24-byte file header, then records of (ts_sec, ts_frac, incl_len, orig_len) + data.
// Both byte orders, microsecond (a1b2c3d4) and nanosecond (a1b23c4d) timestamps.
import { CaptureFormatError } from '../errors.js';
import type { ChunkedBytes } from './byte-source.js';
import type { CaptureInfo, RawPacket } from './raw-packet.js';

export const PCAP_MAGICS = { micro: 0xa1b2c3d4, nano: 0xa1b23c4d } as const;
const MAX_RECORD = 256 * 1024 * 1024;

export function* readPcap(input: ChunkedBytes, info: CaptureInfo): Generator<RawPacket> {
  if (!input.ensure(24)) throw new CaptureFormatError('not a capture file: shorter than a pcap header', 0);
  const header = input.take(24);
  const magicLE = header.readUInt32LE(0);
  const littleEndian = magicLE === PCAP_MAGICS.micro || magicLE === PCAP_MAGICS.nano;
  const magic = littleEndian ? magicLE : header.readUInt32BE(0);
  const fracPerSec = magic === PCAP_MAGICS.nano ? 1_000_000_000 : 1_000_000;
  const u32 = (b: Buffer, at: number) => (littleEndian ? b.readUInt32LE(at) : b.readUInt32BE(at));
  // The link type is the low 16 bits; the upper bits may carry FCS information.
  const linkType = u32(header, 20) & 0xffff;
  info.linkTypes.push(linkType);
  // One packet object, refilled for every record: what is yielded is valid until the next record.
  const packet: RawPacket = { frame: 0, sec: 0, nsec: 0, linkType, interfaceId: 0, bytes: header, start: 0, end: 0, originalLength: 0 };

  for (let frame = 1; ; frame++) {
    const start = input.offset;
    if (!input.ensure(16)) {
      if (input.remaining > 0) info.warnings.push(`the file ends inside the record header of packet ${frame} (at byte ${start}); decoded the ${frame - 1} packets before it`);
      return;
    }
    const capturedLength = input.u32(8, littleEndian);
    if (capturedLength > MAX_RECORD) {
      info.warnings.push(`packet ${frame} (at byte ${start}) claims ${capturedLength} captured bytes, which cannot be right; stopped reading there`);
      return;
    }
    if (!input.ensure(16 + capturedLength)) {
      info.warnings.push(`the file is cut inside packet ${frame} (at byte ${start}: ${input.remaining - 16} of ${capturedLength} bytes present); decoded the ${frame - 1} packets before it`);
      return;
    }
    const frac = input.u32(4, littleEndian);
    packet.frame = frame;
    packet.sec = input.u32(0, littleEndian);
    packet.nsec = fracPerSec === 1_000_000 ? frac * 1000 : frac;
    packet.originalLength = input.u32(12, littleEndian);
    input.skip(16);
    packet.bytes = input.current;
    packet.start = input.position;
    packet.end = packet.start + capturedLength;
    input.skip(capturedLength);
    info.packets = frame;
    yield packet;
  }
}
