import { describe, expect, it } from 'vitest';
import { F, pcapFile, pcapngFile, tcpFrame } from '../../test/helpers/frames.ts';
import { CaptureFormatError } from '../errors.js';
import { frameBytes } from './raw-packet.js';
import { readCapture } from './read-capture.js';

const syn = tcpFrame({ src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 8899, seq: 1, flags: F.SYN });
const all = (file: Buffer, chunkSize = file.length) => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < file.length; i += chunkSize) chunks.push(file.subarray(i, i + chunkSize));
  const stream = readCapture(chunks);
  // The reader refills one packet object: keep a copy of each, with its bytes.
  return { packets: Array.from(stream.packets, (p) => ({ ...p, data: Buffer.from(frameBytes(p)) })), info: stream.info };
};

describe('pcap', () => {
  it.each([
    ['little-endian microseconds', { bigEndian: false, nano: false }, 123_456, 123_456_000],
    ['big-endian microseconds', { bigEndian: true, nano: false }, 123_456, 123_456_000],
    ['little-endian nanoseconds', { bigEndian: false, nano: true }, 123_456_789, 123_456_789],
    ['big-endian nanoseconds', { bigEndian: true, nano: true }, 123_456_789, 123_456_789],
  ])('reads %s', (_name, options, frac, nsec) => {
    const { packets, info } = all(pcapFile([{ sec: 1_700_000_000, frac, data: syn }, { sec: 1_700_000_001, frac: 0, data: syn }], options));
    expect(info).toMatchObject({ format: 'pcap', linkTypes: [1], packets: 2, warnings: [] });
    expect(packets[0]).toMatchObject({ frame: 1, sec: 1_700_000_000, nsec, linkType: 1 });
    expect(packets[0]!.data).toEqual(syn);
  });

  it('reads records that straddle chunk boundaries', () => {
    const file = pcapFile(Array.from({ length: 20 }, (_, i) => ({ sec: i, frac: 0, data: syn })));
    expect(all(file, 7).packets).toHaveLength(20);
  });

  it('analyses a file cut inside a record up to that record, with a warning', () => {
    const file = pcapFile([{ sec: 1, frac: 0, data: syn }, { sec: 2, frac: 0, data: syn }]);
    const { packets, info } = all(file.subarray(0, file.length - 10));
    expect(packets).toHaveLength(1);
    expect(info.warnings).toEqual([{ code: 'cutInPacket', frame: 2, byte: 94, present: syn.length - 10, length: syn.length }]);
  });

  it('rejects a file that is neither pcap nor pcapng with a clear error', () => {
    expect(() => all(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(CaptureFormatError);
    expect(() => all(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(/not a pcap or pcapng file: it starts with 47 45 54 20/);
    expect(() => all(Buffer.alloc(0))).toThrow(/empty/);
  });
});

describe('pcapng', () => {
  it('reads several interfaces, each with its own link type and timestamp resolution', () => {
    const file = pcapngFile(
      [{ linkType: 1 }, { linkType: 1, tsresol: 9 }, { linkType: 1, tsresol: 0x80 | 10 }],
      [
        { interfaceId: 0, ticks: 1_700_000_000_123_456n, data: syn },
        { interfaceId: 1, ticks: 1_700_000_000_123_456_789n, data: syn },
        { interfaceId: 2, ticks: (1_700_000_000n << 10n) + 512n, data: syn },
      ],
    );
    const { packets, info } = all(file);
    expect(info).toMatchObject({ format: 'pcapng', linkTypes: [1], packets: 3 });
    expect(packets.map((p) => [p.interfaceId, p.sec, p.nsec])).toEqual([
      [0, 1_700_000_000, 123_456_000],
      [1, 1_700_000_000, 123_456_789],
      [2, 1_700_000_000, 500_000_000],
    ]);
  });

  it('reads big-endian sections', () => {
    const file = pcapngFile([{ linkType: 1 }], [{ interfaceId: 0, ticks: 5_000_001n, data: syn }], { bigEndian: true });
    const { packets } = all(file);
    expect(packets[0]).toMatchObject({ sec: 5, nsec: 1000 });
    expect(packets[0]!.data).toEqual(syn);
  });

  it('skips unknown blocks', () => {
    const unknown = Buffer.alloc(16);
    unknown.writeUInt32LE(0x0bad, 0);
    unknown.writeUInt32LE(16, 4);
    unknown.writeUInt32LE(16, 12);
    const { packets } = all(pcapngFile([{ linkType: 1 }], [{ interfaceId: 0, ticks: 1n, data: syn }], { extraBlocks: [unknown] }));
    expect(packets).toHaveLength(1);
  });

  it('warns and stops at a block cut short', () => {
    const file = pcapngFile([{ linkType: 1 }], [{ interfaceId: 0, ticks: 1n, data: syn }, { interfaceId: 0, ticks: 2n, data: syn }]);
    const { packets, info } = all(file.subarray(0, file.length - 3));
    expect(packets).toHaveLength(1);
    expect(info.warnings).toMatchObject([{ code: 'cutInBlock', packets: 1 }]);
  });
});

describe('a capture read from a source', () => {
  /** A source that gives at most `piece` bytes a read, and counts how often it was closed. */
  const pieces = (file: Buffer, piece: number) => {
    let at = 0;
    return {
      closes: 0,
      read(buffer: Uint8Array, offset: number, length: number) {
        const n = Math.min(length, piece, file.length - at);
        buffer.set(file.subarray(at, at + n), offset);
        at += n;
        return n;
      },
      close() {
        this.closes++;
      },
    };
  };
  const file = pcapFile(Array.from({ length: 3 }, (_, i) => ({ sec: i, frac: 0, data: syn })));

  it('reads on until the source gives nothing, then closes it once, however often close() is called', () => {
    const source = pieces(file, 10);
    const stream = readCapture(source);
    expect(Array.from(stream.packets, (p) => p.frame)).toEqual([1, 2, 3]);
    expect(source.closes).toBe(1);
    stream.close();
    expect(source.closes).toBe(1);
  });

  it('closes the source when the reader stops early', () => {
    const source = pieces(file, 10);
    for (const packet of readCapture(source).packets) if (packet.frame === 1) break;
    expect(source.closes).toBe(1);
  });
});
