import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.js';

describe('ByteQueue', () => {
  it('grows geometrically: a record arriving in many small pieces is copied a few times, not once per piece', () => {
    const queue = new ByteQueue();
    const piece = new Uint8Array(64 * 1024).fill(7);
    const buffers = new Set<Uint8Array>();
    queue.append(Uint8Array.of(1)); // something pending, so that every later piece is copied in
    for (let i = 0; i < 512; i++) {
      queue.append(piece);
      buffers.add(queue.buffer);
    }
    expect(queue.available).toBe(1 + 512 * piece.length);
    // 32 MiB arrived: 1 MiB doubled up to 64 MiB is 7 buffers (growing by concatenation made one per piece).
    expect(buffers.size).toBeLessThanOrEqual(7);
  });

  it('grows at once to what the pending record is known to need, and no more', () => {
    const queue = new ByteQueue();
    queue.append(Uint8Array.of(1, 2, 3));
    queue.append(Uint8Array.of(4), 40 << 20);
    expect(queue.buffer.length).toBe(40 << 20);
  });

  it('says how much room it made after the unread bytes', () => {
    const queue = new ByteQueue();
    queue.append(Uint8Array.of(1, 2, 3)); // read in place: the first reserve copies it into the queue's own buffer
    const room = queue.reserve(10);
    expect(queue.tail).toBe(3);
    expect(room).toBe(queue.buffer.length - 3);
  });

  it('moves nothing when the room asked for is there, and does not grow when moving the unread bytes makes it', () => {
    const queue = new ByteQueue();
    queue.reserve(10);
    const own = queue.buffer;
    queue.commit(5);
    queue.consume(2);
    expect(queue.reserve(own.length - 5)).toBe(own.length - 5);
    expect(queue.buffer).toBe(own);
    expect([queue.head, queue.tail]).toEqual([2, 5]);
    expect(queue.reserve(own.length - 3)).toBe(own.length - 3); // exactly the whole buffer with the 3 unread bytes
    expect(queue.buffer).toBe(own);
    expect([queue.head, queue.tail, queue.offset]).toEqual([0, 3, 2]);
  });

  it('reads a chunk in place when nothing is pending, and never writes into it', () => {
    const queue = new ByteQueue();
    const chunk = Uint8Array.of(1, 2, 3, 4);
    queue.append(chunk);
    expect(queue.buffer).toBe(chunk);
    queue.consume(2);
    queue.append(Uint8Array.of(5, 6));
    expect(Array.from(chunk)).toEqual([1, 2, 3, 4]);
    expect(Array.from(queue.buffer.subarray(queue.head, queue.tail))).toEqual([3, 4, 5, 6]);
    expect(queue.offset).toBe(2);
  });

  it('moves the unread bytes to the front instead of growing when there is room', () => {
    const queue = new ByteQueue();
    queue.reserve(10);
    const own = queue.buffer;
    queue.commit(own.length);
    queue.consume(own.length - 3);
    queue.reserve(100);
    expect(queue.buffer).toBe(own);
    expect(queue.head).toBe(0);
    expect(queue.available).toBe(3);
    expect(queue.offset).toBe(own.length - 3);
  });
});
