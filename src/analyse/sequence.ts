// Sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4). Sequence and acknowledgement numbers and
// TSvals are kept as their 32 bits read as a signed integer (decode/tcp.ts), so that V8 holds every one as a
// small integer: read unsigned, half of them would be heap numbers, and the first such value stored in a
// field makes V8 change how every object of that shape holds it, throwing away the code compiled for it.
// A report shows them unsigned (`unsigned32`).

/** a - b as a signed 32-bit distance: positive when a is after b. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** (a - b) mod 2^32, for relative sequence numbers. */
export function seqOffset(a: number, b: number): number {
  return (a - b) >>> 0;
}

/** a + n mod 2^32, as kept (signed). */
export function seqAdd(a: number, n: number): number {
  return (a + n) | 0;
}

/** A sequence number, acknowledgement number or TSval as a report shows it (0 to 2^32 - 1). */
export function unsigned32(value: number): number {
  return value >>> 0;
}
