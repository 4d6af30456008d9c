// Damaged captures: cut at every length, random bytes flipped. Only the project's own capture error
// may ever escape, a bad packet never stops the rest of the file, and what is reported adds up.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import type { Report } from '../../src/analyse/report-model.js';
import { CaptureFormatError } from '../../src/errors.js';
import { corpusBytes, corpusFiles } from '../helpers/corpus.ts';

/** The report, or null when the file was refused as a whole with the project's capture error. */
function analyseOrFormatError(bytes: Buffer): Report | null {
  try {
    return analyseCapture([bytes]);
  } catch (error) {
    if (!(error instanceof CaptureFormatError)) throw error;
    return null;
  }
}

/** Every TCP packet is in exactly one connection, in frame order, and no frame is past the last read. */
function expectConsistent(report: Report): void {
  const { packets, tcpPackets } = report.capture;
  expect(tcpPackets).toBeLessThanOrEqual(packets);
  expect(report.connections.reduce((sum, c) => sum + c.packetCount, 0)).toBe(tcpPackets);
  const frames = report.connections.flatMap((c) => c.packets!.map((p) => p.frame));
  expect(new Set(frames).size).toBe(frames.length);
  expect(frames.every((f) => f >= 1 && f <= packets)).toBe(true);
  for (const c of report.connections) expect(c.packets!.map((p) => p.frame)).toEqual(c.packets!.map((p) => p.frame).sort((a, b) => a - b));
}

/** Where each record (pcap) or block (pcapng) of an undamaged file ends, and whether it holds a packet. */
function recordEnds(file: Buffer): { end: number; packet: boolean }[] {
  const ends: { end: number; packet: boolean }[] = [];
  if (file.readUInt32LE(0) === 0x0a0d0d0a) {
    for (let at = 0; at < file.length; ) {
      const type = file.readUInt32LE(at);
      at += file.readUInt32LE(at + 4);
      ends.push({ end: at, packet: type === 6 || type === 3 || type === 2 });
    }
    return ends;
  }
  const bigEndian = file.readUInt32BE(0) === 0xa1b2c3d4 || file.readUInt32BE(0) === 0xa1b23c4d;
  ends.push({ end: 24, packet: false });
  for (let at = 24; at < file.length; ) {
    at += 16 + (bigEndian ? file.readUInt32BE(at + 8) : file.readUInt32LE(at + 8));
    ends.push({ end: at, packet: true });
  }
  return ends;
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
  it.each(corpusFiles())('%s cut at every length: the packets before the cut, and a warning when it falls inside one', (name) => {
    const bytes = corpusBytes(name);
    const ends = recordEnds(bytes);
    const firstPacket = ends.findIndex((e) => e.packet);
    for (let n = 0; n <= bytes.length; n++) {
      const report = analyseOrFormatError(bytes.subarray(0, n));
      const complete = ends.filter((e) => e.end <= n);
      if (!report) {
        expect({ n, refused: true }).toEqual({ n, refused: complete.length <= firstPacket });
        continue;
      }
      expect({ n, packets: report.capture.packets }).toEqual({ n, packets: complete.filter((e) => e.packet).length });
      const atBoundary = n === 0 || ends.some((e) => e.end === n);
      expect({ n, warned: report.capture.warnings.length > 0 }).toEqual({ n, warned: !atBoundary });
      expectConsistent(report);
    }
  });

  it.each(corpusFiles())('%s with random bytes flipped', (name) => {
    const original = corpusBytes(name);
    const random = prng(name.length * 7919);
    let analysed = 0;
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(original);
      const flips = 1 + Math.floor(random() * 8);
      for (let i = 0; i < flips; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const report = analyseOrFormatError(bytes);
      if (!report) continue;
      analysed++;
      expectConsistent(report);
    }
    // Most damage is inside packets: the file is still read, not refused.
    expect(analysed).toBeGreaterThan(150);
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
    expect(report.capture.warnings).toMatchObject([{ code: 'cutInPacket', frame: 11 }]);
  });
});
