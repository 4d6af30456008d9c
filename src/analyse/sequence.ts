// Sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4).

/** a - b as a signed 32-bit distance: positive when a is after b. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** (a - b) mod 2^32, for relative sequence numbers. */
export function seqOffset(a: number, b: number): number {
  return (a - b) >>> 0;
}

export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}
