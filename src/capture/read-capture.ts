// Detects the file format from its magic number and streams its packets.
import { CaptureFormatError } from '../errors.js';
import { ChunkedBytes } from './byte-source.js';
import { PCAP_MAGICS, readPcap } from './pcap.js';
import { PCAPNG_SHB, readPcapng } from './pcapng.js';
import type { CaptureInfo, RawPacket } from './raw-packet.js';

export interface CaptureStream {
  info: CaptureInfo;
  packets: Generator<RawPacket>;
}

/** Opens a capture from chunks of bytes; throws CaptureFormatError when it is neither pcap nor pcapng. */
export function readCapture(chunks: Iterable<Buffer>): CaptureStream {
  const input = new ChunkedBytes(chunks[Symbol.iterator]());
  if (!input.ensure(4)) throw new CaptureFormatError('not a capture file: it is empty or shorter than any capture header', 0);
  const magic = input.peek(4);
  const le = magic.readUInt32LE(0);
  const be = magic.readUInt32BE(0);
  const pcapMagics: number[] = [PCAP_MAGICS.micro, PCAP_MAGICS.nano];
  if (le === PCAPNG_SHB) {
    const info: CaptureInfo = { format: 'pcapng', linkTypes: [], packets: 0, warnings: [] };
    return { info, packets: readPcapng(input, info) };
  }
  if (pcapMagics.includes(le) || pcapMagics.includes(be)) {
    const info: CaptureInfo = { format: 'pcap', linkTypes: [], packets: 0, warnings: [] };
    return { info, packets: readPcap(input, info) };
  }
  throw new CaptureFormatError(
    `not a pcap or pcapng file: it starts with ${magic.toString('hex').match(/../g)!.join(' ')} ` +
      '(pcap starts with d4 c3 b2 a1 or a1 b2 c3 d4, pcapng with 0a 0d 0d 0a)',
    0,
  );
}
