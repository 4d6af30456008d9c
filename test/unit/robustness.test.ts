// Damaged captures: cut at every length, random bytes flipped. Only the project's own capture error
// may ever escape, and a bad packet never stops the rest of the file.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { CaptureFormatError } from '../../src/errors.js';
import { corpusBytes, corpusFiles } from '../helpers/corpus.ts';

function analyseOrFormatError(bytes: Buffer): void {
  try {
    analyseCapture([bytes]);
  } catch (error) {
    if (!(error instanceof CaptureFormatError)) throw error;
  }
}

/** A small deterministic PRNG (mulberry32), so a failure can be reproduced. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('damaged captures', () => {
  it.each(corpusFiles())('%s cut at every length', (name) => {
    const bytes = corpusBytes(name);
    for (let n = 0; n <= bytes.length; n++) analyseOrFormatError(bytes.subarray(0, n));
  });

  it.each(corpusFiles())('%s with random bytes flipped', (name) => {
    const original = corpusBytes(name);
    const random = prng(name.length * 7919);
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(original);
      const flips = 1 + Math.floor(random() * 8);
      for (let i = 0; i < flips; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      analyseOrFormatError(bytes);
    }
  });

  it('keeps analysing after a broken packet, and says where it broke', () => {
    const bytes = Buffer.from(corpusBytes('td_dns_tcp.pcap'));
    // Frame 2 starts at 24 + 16 + 74 (frame 1) + 16 = 130; its IPv4 header at +14. Break its version.
    bytes[130 + 14] = 0x95;
    const report = analyseCapture([bytes]);
    expect(report.capture.problems).toEqual([{ frame: 2, layer: 'ipv4', offset: 14, message: 'version field is 9, not 4' }]);
    expect(report.connections[0]!.packetCount).toBe(10);
    expect(report.connections[0]!.teardown.kind).toBe('four-way');
  });

  it('reports a truncated file with a warning and analyses what is there', () => {
    const bytes = corpusBytes('td_dns_tcp.pcap');
    const report = analyseCapture([bytes.subarray(0, bytes.length - 20)]);
    expect(report.capture.packets).toBe(10);
    expect(report.capture.warnings[0]).toMatch(/cut inside packet 11/);
  });
});
