// Capture bytes arrive in chunks (a file is never read whole), and records may straddle chunks.
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK_SIZE = 1 << 20;

/** Chunks of a file, read synchronously: the decoder's loop stays free of promises. */
export function* fileChunks(path: string, chunkSize = CHUNK_SIZE): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkSize);
      const n = readSync(fd, chunk, 0, chunkSize, null);
      if (n === 0) return;
      yield chunk.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** A cursor over chunked input that hands out views of whole records. */
export class ChunkedBytes {
  private buffer: Buffer = Buffer.alloc(0);
  private pos = 0;
  private base = 0;

  constructor(private readonly chunks: Iterator<Buffer>) {}

  /** Absolute offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** True when n more bytes are available (reading chunks as needed); false at the end of input. */
  ensure(n: number): boolean {
    while (this.buffer.length - this.pos < n) {
      const next = this.chunks.next();
      if (next.done) return false;
      this.buffer = this.pos < this.buffer.length ? Buffer.concat([this.buffer.subarray(this.pos), next.value]) : next.value;
      this.base += this.pos;
      this.pos = 0;
    }
    return true;
  }

  /** The next n bytes, which ensure(n) must have confirmed. */
  take(n: number): Buffer {
    const view = this.buffer.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }

  /** The buffer that holds the next unread byte, at `position`: a window on it is valid until the next ensure(). */
  get current(): Buffer {
    return this.buffer;
  }

  get position(): number {
    return this.pos;
  }

  /** A 32-bit number `at` bytes ahead, read in place (ensure must have confirmed the bytes). */
  u32(at: number, littleEndian: boolean): number {
    const b = this.buffer;
    const p = this.pos + at;
    return littleEndian ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0 : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  skip(n: number): void {
    this.pos += n;
  }

  peek(n: number): Buffer {
    return this.buffer.subarray(this.pos, this.pos + n);
  }

  /** Bytes left over at the end of input (for the "cut in the middle" warning). */
  get remaining(): number {
    return this.buffer.length - this.pos;
  }
}
