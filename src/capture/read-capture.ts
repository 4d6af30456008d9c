// The batch reader: a whole capture, from chunks already in memory or from a file read piece by piece,
// through the same push decoder that follows a live stream.
import { CaptureReader } from './capture-reader.js';
import type { CaptureSource } from './capture-source.js';
import type { CaptureInfo, RawPacket } from './raw-packet.js';

export interface CaptureStream {
  /** Complete once the packets have been read. */
  info: CaptureInfo;
  /** The next packet, or null at the end of the capture. One packet object, refilled for every record:
   * each is valid until the next is read. Throws CaptureFormatError when the input is neither pcap nor
   * pcapng. A plain call rather than an iterator: the analyser's loop runs a million times, and each
   * step of a generator allocates its result. */
  next(): RawPacket | null;
  /** Closes the source (once; again does nothing): call it when done with next(), also after an error.
   * `packets` closes it by itself. */
  close(): void;
  /** The same packets, for code that reads a handful and prefers for…of. */
  packets: Generator<RawPacket>;
}

export function readCapture(input: Iterable<Uint8Array> | CaptureSource): CaptureStream {
  const reader = new CaptureReader();
  const { next, close } = 'read' in input ? fromSource(reader, input) : fromChunks(reader, input);
  return { info: reader.info, next, close, packets: generate(next, close) };
}

function* generate(next: () => RawPacket | null, close: () => void): Generator<RawPacket> {
  try {
    for (let packet = next(); packet; packet = next()) yield packet;
  } finally {
    close();
  }
}

function fromChunks(reader: CaptureReader, chunks: Iterable<Uint8Array>): { next(): RawPacket | null; close(): void } {
  const iterator = chunks[Symbol.iterator]();
  return {
    next: pull(reader, () => {
      const chunk = iterator.next();
      if (chunk.done) reader.end();
      else reader.feed(chunk.value);
    }),
    close() {},
  };
}

function fromSource(reader: CaptureReader, source: CaptureSource): { next(): RawPacket | null; close(): void } {
  let open = true;
  return {
    next: pull(reader, () => {
      if (!reader.fill(source)) reader.end();
    }),
    close() {
      if (open) source.close();
      open = false;
    },
  };
}

/** The next packet, refilling the reader (feeding it more bytes, or ending it) whenever it has none ready.
 * The refill runs once per chunk, not per packet, so the packet loop stays a plain call. */
function pull(reader: CaptureReader, refill: () => void): () => RawPacket | null {
  return () => {
    for (;;) {
      const packet = reader.next();
      if (packet) return packet;
      if (reader.done) return null;
      refill();
    }
  };
}
