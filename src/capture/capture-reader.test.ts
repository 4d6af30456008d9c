// The push decoder against the batch reader: every real capture, fed in pieces of any size (and cut
// anywhere), gives the same packets, counts and warnings as the whole file read at once.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusBytes, corpusDir, corpusFiles } from '../../test/helpers/corpus.ts';
import { pcapHeader } from '../../test/helpers/frames.ts';
import { CaptureReader } from './capture-reader.js';
import { openCaptureSource } from './capture-source.js';
import { frameBytes, type RawPacket } from './raw-packet.js';
import { readCapture } from './read-capture.js';

const fixturesDir = new URL('../../test/fixtures/', import.meta.url);
const fixtureFiles = readdirSync(fixturesDir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.pcap(ng)?$/.test(name));
// The corpus and every capture the other tests keep, all under test/fixtures.
const captures = fixtureFiles.sort().map((name): [string, Buffer] => [name, readFileSync(new URL(name, fixturesDir))]);

/** Every field of a packet, its bytes copied (the reader refills one object). */
const snapshot = (p: RawPacket) => ({ frame: p.frame, sec: p.sec, nsec: p.nsec, linkType: p.linkType, interfaceId: p.interfaceId, originalLength: p.originalLength, data: Buffer.from(frameBytes(p)).toString('hex') });

function batch(file: Buffer) {
  const stream = readCapture([file]);
  return { packets: Array.from(stream.packets, snapshot), info: stream.info };
}

/** Feeds the file in the given piece sizes, reading packets whenever they become whole. */
function pushed(file: Buffer, sizes: number[]) {
  const reader = new CaptureReader();
  const packets: ReturnType<typeof snapshot>[] = [];
  const drain = () => {
    for (let p = reader.next(); p; p = reader.next()) packets.push(snapshot(p));
  };
  let at = 0;
  for (let i = 0; at < file.length; i++) {
    const size = sizes[i % sizes.length]!;
    reader.feed(file.subarray(at, at + size));
    at += size;
    drain();
    expect(reader.done).toBe(false);
  }
  reader.end();
  drain();
  expect(reader.done).toBe(true);
  return { packets, info: reader.info };
}

/** The result, or the error a file too short for its header gives. */
function outcome<T>(read: () => T): T | { error: string } {
  try {
    return read();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('the push decoder', () => {
  it('finds real captures to check', () => {
    expect(captures.length).toBeGreaterThan(15);
  });

  it.each(captures)('%s fed in random-sized pieces gives exactly the batch result', (_name, file) => {
    const expected = batch(file);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        expect(pushed(file, sizes)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it.each(captures)('%s cut anywhere and fed in pieces warns as the batch reader does', (_name, file) => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: file.length - 1 }), fc.integer({ min: 1, max: 2000 }), (cut, size) => {
        const truncated = file.subarray(0, cut);
        expect(outcome(() => pushed(truncated, [size]))).toEqual(outcome(() => batch(truncated)));
      }),
      { numRuns: 60 },
    );
  });

  it('tells a packet not yet arrived from the end of the capture', () => {
    const file = corpusBytes('td_dns_tcp.pcap');
    const reader = new CaptureReader();
    reader.feed(file.subarray(0, 24 + 16 + 10)); // the file header and part of the first record
    expect(reader.next()).toBeNull();
    expect(reader.done).toBe(false);
    reader.feed(file.subarray(50));
    expect(reader.next()?.frame).toBe(1);
    reader.end();
    let last = 1;
    for (let p = reader.next(); p; p = reader.next()) last = p.frame;
    expect(last).toBe(batch(file).packets.length);
    expect(reader.done).toBe(true);
    expect(reader.info.warnings).toEqual([]);
  });

  it('reads a file through its own buffer exactly as from memory', () => {
    for (const name of corpusFiles()) {
      const stream = readCapture(openCaptureSource(corpusDir + name));
      expect({ packets: Array.from(stream.packets, snapshot), info: stream.info }).toEqual(batch(corpusBytes(name)));
    }
  });

  it('refuses bytes after end(), and reads from a source in pieces of at least 64 KiB until it gives none', () => {
    const reader = new CaptureReader();
    const asked: number[] = [];
    // A pipe that gives at most 1,000 bytes a read: the reader's first buffer (1 MiB) fills up bit by bit.
    const total = (1 << 20) + 5000;
    let given = 0;
    const source = {
      read(_buffer: Uint8Array, _offset: number, length: number) {
        asked.push(length);
        const n = Math.min(length, 1000, total - given);
        given += n;
        return n;
      },
    };
    while (reader.fill(source));
    expect(given).toBe(total);
    expect(Math.min(...asked)).toBeGreaterThanOrEqual(64 * 1024);
    reader.end();
    expect(() => reader.feed(Uint8Array.of(1))).toThrow('CaptureReader.feed() after end()');
  });

  it('gathers a record larger than its first buffer in one buffer of the record’s size, fed or read from a source', () => {
    const size = 3 << 20;
    const record = Buffer.alloc(16 + size, 0x5a);
    for (const [at, value] of [[0, 1], [4, 0], [8, size], [12, size]] as const) record.writeUInt32LE(value, at);
    const file = Buffer.concat([pcapHeader(), record]);
    // Fed: the first piece ends inside the record, whose length the reader then knows.
    const fed = new CaptureReader();
    fed.feed(file.subarray(0, 1000));
    expect(fed.next()).toBeNull();
    for (let at = 1000; at < file.length; at += 64 * 1024) fed.feed(file.subarray(at, at + 64 * 1024));
    const whole = fed.next()!;
    expect([whole.end - whole.start, whole.bytes.length]).toEqual([size, 16 + size]);
    // Read from a source: a first piece of 1 MiB, then the rest of the record at once.
    const filled = new CaptureReader();
    let given = 0;
    const asked: number[] = [];
    const source = {
      read(buffer: Uint8Array, offset: number, length: number) {
        asked.push(length);
        const n = Math.min(length, file.length - given);
        buffer.set(file.subarray(given, given + n), offset);
        given += n;
        return n;
      },
    };
    let packet = filled.next();
    while (!packet && filled.fill(source)) packet = filled.next();
    expect([packet!.end - packet!.start, packet!.bytes.length]).toEqual([size, 16 + size]);
    expect(asked).toEqual([1 << 20, file.length - (1 << 20)]);
  });

  it('names the first 4 bytes of a file that is no capture, even one of just 4 bytes', () => {
    const reader = new CaptureReader();
    reader.feed(Buffer.from('GET '));
    expect(() => reader.next()).toThrow(expect.objectContaining({ key: 'notACapture', params: { magic: '47 45 54 20', offset: 0 } }) as Error);
  });

  it('keeps nothing of a live stream after a record that cannot be right', () => {
    const file = Buffer.from(corpusBytes('td_dns_tcp.pcap'));
    file.writeUInt32LE(0x7fffffff, 24 + 8); // the first record claims 2 GiB
    const reader = new CaptureReader();
    reader.feed(file);
    expect(reader.next()).toBeNull();
    expect(reader.info.warnings).toEqual([{ code: 'recordLengthImpossible', frame: 1, byte: 24, length: 0x7fffffff }]);
    const before = process.memoryUsage().arrayBuffers;
    const chunk = Buffer.alloc(1 << 20);
    for (let i = 0; i < 200; i++) reader.feed(chunk);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 << 20); // 200 MiB arrived
    expect(reader.next()).toBeNull();
    reader.end();
    expect(reader.next()).toBeNull();
    expect(reader.done).toBe(true);
    expect(reader.info.warnings).toHaveLength(1);
  });
});
