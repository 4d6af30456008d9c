// The batch reader: a whole capture, from chunks already in memory or from a file read piece by piece,
// through the same push decoder that follows a live stream.
import { CaptureReader } from './capture-reader.js';
import type { CaptureSource } from './capture-source.js';
import type { CaptureInfo, RawPacket } from './raw-packet.js';

export interface CaptureStream {
  /** Complete once the packets have been read. */
  info: CaptureInfo;
  /** One packet object, refilled for every record: each is valid until the next is read. Throws
   * CaptureFormatError when the input is neither pcap nor pcapng. */
  packets: Generator<RawPacket>;
}

export function readCapture(input: Iterable<Uint8Array> | CaptureSource): CaptureStream {
  const reader = new CaptureReader();
  return { info: reader.info, packets: 'read' in input ? fromSource(reader, input) : fromChunks(reader, input) };
}

// One generator level per packet, not a delegated one per chunk: this loop runs a million times.
function* fromChunks(reader: CaptureReader, chunks: Iterable<Uint8Array>): Generator<RawPacket> {
  const iterator = chunks[Symbol.iterator]();
  for (;;) {
    const packet = reader.next();
    if (packet) yield packet;
    else if (reader.done) return;
    else {
      const chunk = iterator.next();
      if (chunk.done) reader.end();
      else reader.feed(chunk.value);
    }
  }
}

function* fromSource(reader: CaptureReader, source: CaptureSource): Generator<RawPacket> {
  try {
    for (;;) {
      const packet = reader.next();
      if (packet) yield packet;
      else if (reader.done) return;
      else if (!reader.fill(source)) reader.end();
    }
  } finally {
    source.close();
  }
}
