import { describe, expect, it } from 'vitest';
import { DuplicateDetector } from './duplicate-detector.js';

// Numbers as decoded: signed 32-bit (3_000_000_000 on the wire).
const segment = { seq: 3_000_000_000 | 0, ack: 17, checksum: 0xbeef, flags: 0x18, window: 502, payloadLength: 24 };

describe('DuplicateDetector', () => {
  it('finds a packet captured twice within 50 ms, in its own connection and direction only', () => {
    const d = new DuplicateDetector();
    const a = d.open();
    const b = d.open();
    expect(d.check(a, 0, segment, 7, 100, 1)).toBeNull();
    expect(d.check(b, 0, segment, 7, 100.001, 2)).toBeNull(); // same numbers, another connection
    expect(d.check(a, 1, segment, 7, 100.001, 3)).toBeNull(); // the other direction
    expect(d.check(a, 0, segment, 7, 100.002, 4)).toBe(1);
    expect(d.check(a, 0, segment, 7, 100.2, 5)).toBeNull(); // a retransmission timeout later
  });

  it('tells a retransmission by its IP id or checksum', () => {
    const d = new DuplicateDetector();
    const ring = d.open();
    expect(d.check(ring, 0, segment, 7, 1, 1)).toBeNull();
    expect(d.check(ring, 0, segment, 8, 1, 2)).toBeNull();
    expect(d.check(ring, 0, { ...segment, checksum: 0x1234 }, 7, 1, 3)).toBeNull();
  });

  it('remembers the last four packets of a connection', () => {
    const d = new DuplicateDetector();
    const ring = d.open();
    for (let i = 0; i < 5; i++) d.check(ring, 0, { ...segment, seq: i }, i, 1, i + 1);
    expect(d.check(ring, 0, { ...segment, seq: 0 }, 0, 1, 6)).toBeNull(); // the oldest was overwritten
    expect(d.check(ring, 0, { ...segment, seq: 4 }, 4, 1, 7)).toBe(5);
  });

  it('gives a closed connection’s ring to a new one with nothing remembered, and grows past its first size', () => {
    const d = new DuplicateDetector();
    const first = d.open();
    d.check(first, 0, segment, 7, 1, 1);
    d.close(first);
    const reused = d.open();
    expect(reused).toBe(first);
    expect(d.check(reused, 0, segment, 7, 1, 2)).toBeNull();
    const rings = Array.from({ length: 1000 }, (_, i) => {
      const ring = d.open();
      d.check(ring, 0, { ...segment, seq: i }, 7, 1, 10 + i);
      return ring;
    });
    rings.forEach((ring, i) => expect(d.check(ring, 0, { ...segment, seq: i }, 7, 1, 5000)).toBe(10 + i));
  });

  it('takes a packet for a second capture only when every field is the same, up to 50 ms apart', () => {
    for (const field of ['seq', 'ack', 'window', 'payloadLength', 'flags'] as const) {
      const d = new DuplicateDetector();
      const ring = d.open();
      d.check(ring, 0, segment, 7, 0, 1);
      expect(d.check(ring, 0, { ...segment, [field]: segment[field] + 1 }, 7, 0, 2), field).toBeNull();
    }
    const d = new DuplicateDetector();
    const ring = d.open();
    d.check(ring, 0, segment, 7, 0, 1);
    expect(d.check(ring, 0, segment, 7, 0.05, 2)).toBe(1);
  });

  it('remembers nothing in a new ring, not even a packet whose every field is zero', () => {
    const d = new DuplicateDetector();
    const zero = { seq: 0, ack: 0, checksum: 0, flags: 0, window: 0, payloadLength: 0 };
    for (const direction of [0, 1] as const) expect(d.check(d.open(), direction, zero, 0, 0, 1)).toBeNull();
  });

  it('opening a ring leaves its neighbours’ packets alone', () => {
    const d = new DuplicateDetector();
    const first = d.open();
    const second = d.open();
    d.check(second, 0, { ...segment, seq: 1 }, 7, 1, 1);
    d.close(first);
    d.open();
    d.check(second, 0, { ...segment, seq: 2 }, 7, 1, 2);
    expect([d.check(second, 0, { ...segment, seq: 1 }, 7, 1, 3), d.check(second, 0, { ...segment, seq: 2 }, 7, 1, 4)]).toEqual([1, 2]);
  });
});
