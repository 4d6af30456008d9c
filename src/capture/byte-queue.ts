// The bytes of a capture that have arrived and not been consumed yet, in one buffer that is reused.
// Records are handed out as windows on it (no copy); a window stays valid until the next append or
// reserve, which may move the unread bytes to the front or into a larger buffer.
const MIN_CAPACITY = 1 << 20;

export class ByteQueue {
  /** Unread bytes are buffer[head, tail). */
  buffer: Uint8Array = new Uint8Array(0);
  /** A view on the same bytes, for u32(): one bounds-checked load where four byte loads cost four. */
  private view = new DataView(this.buffer.buffer);
  head = 0;
  tail = 0;
  /** The queue's own buffer; `buffer` may instead be a chunk appended while the queue was empty. */
  private own: Uint8Array = new Uint8Array(0);
  /** Absolute offset (in the whole input) of buffer[0]. */
  private base = 0;

  /** Absolute offset of the next unread byte. */
  get offset(): number {
    return this.base + this.head;
  }

  get available(): number {
    return this.tail - this.head;
  }

  consume(n: number): void {
    this.head += n;
  }

  /** Adds bytes at the end. A chunk that arrives while nothing is pending is read in place, not copied. */
  append(chunk: Uint8Array, wanted = 0): void {
    if (this.head === this.tail) {
      this.base += this.tail;
      this.use(chunk);
      this.head = 0;
      this.tail = chunk.length;
      return;
    }
    this.reserve(Math.max(chunk.length, wanted - this.available));
    this.buffer.set(chunk, this.tail);
    this.tail += chunk.length;
  }

  /** Makes room for at least n bytes after the unread ones, in the queue's own buffer, and returns the
   * room there is. The buffer grows geometrically, so one large record costs a few copies, not one per chunk. */
  reserve(n: number): number {
    if (this.buffer === this.own && this.own.length - this.tail >= n) return this.own.length - this.tail;
    const unread = this.tail - this.head;
    const needed = unread + n;
    if (this.own.length < needed) this.own = Buffer.allocUnsafe(Math.max(needed, 2 * this.own.length, MIN_CAPACITY));
    if (this.buffer === this.own) this.own.copyWithin(0, this.head, this.tail);
    else this.own.set(this.buffer.subarray(this.head, this.tail));
    this.use(this.own);
    this.base += this.head;
    this.head = 0;
    this.tail = unread;
    return this.own.length - this.tail;
  }

  /** Records that n bytes were written after the unread ones (into the room reserve() made). */
  commit(n: number): void {
    this.tail += n;
  }

  /** A 32-bit number `at` bytes past the next unread byte, in either byte order. */
  u32(at: number, littleEndian: boolean): number {
    return this.view.getUint32(this.head + at, littleEndian);
  }

  private use(buffer: Uint8Array): void {
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
}
