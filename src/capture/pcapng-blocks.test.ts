// pcapng block by block: the lengths a block may have, each section's byte order, the interface
// options that set the clock (if_tsresol, if_tsoffset), each kind of packet block's bounds, and the
// warning (a code with its byte offsets and counts) for each way a file can be cut or damaged.
import { describe, expect, it } from 'vitest';
import { F, pcapngBlock, tcpFrame } from '../../test/helpers/frames.ts';
import { CaptureFormatError } from '../errors.js';
import { frameBytes } from './raw-packet.js';
import { readCapture } from './read-capture.js';

const frame = tcpFrame({ src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 8899, seq: 1, flags: F.SYN }); // 54 bytes
const MiB = 1024 * 1024;

/** Writers of one byte order. */
function blocks(bigEndian = false) {
  const u16 = (v: number) => { const b = Buffer.alloc(2); bigEndian ? b.writeUInt16BE(v) : b.writeUInt16LE(v); return b; };
  const u32 = (v: number) => { const b = Buffer.alloc(4); bigEndian ? b.writeUInt32BE(v >>> 0) : b.writeUInt32LE(v >>> 0); return b; };
  const i64 = (v: bigint) => { const b = Buffer.alloc(8); bigEndian ? b.writeBigInt64BE(v) : b.writeBigInt64LE(v); return b; };
  const option = (code: number, value: Buffer) => Buffer.concat([u16(code), u16(value.length), value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
  return {
    u16,
    u32,
    i64,
    option,
    endOfOptions: option(0, Buffer.alloc(0)),
    /** A section header block: 28 bytes. */
    shb: () => pcapngBlock(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]), bigEndian),
    /** An interface description block: 20 bytes and its options. */
    idb: (linkType = 1, options: Buffer[] = [], snapLength = 262144) => pcapngBlock(1, Buffer.concat([u16(linkType), u16(0), u32(snapLength), ...options]), bigEndian),
    /** An enhanced packet block: 32 bytes and the data, padded. */
    epb: (data: Buffer, ticks = 0n, { interfaceId = 0, captured = data.length, original = data.length } = {}) =>
      pcapngBlock(6, Buffer.concat([u32(interfaceId), u32(Number(ticks >> 32n)), u32(Number(ticks & 0xffffffffn)), u32(captured), u32(original), data]), bigEndian),
    spb: (data: Buffer, original = data.length) => pcapngBlock(3, Buffer.concat([u32(original), data]), bigEndian),
    /** An obsolete packet block: a 16-bit interface id and a 16-bit drops count. */
    opb: (data: Buffer, interfaceId: number) => pcapngBlock(2, Buffer.concat([u16(interfaceId), u16(0), u32(0), u32(0), u32(data.length), u32(data.length), data]), bigEndian),
    /** A block header only: type and total length. */
    header: (type: number, length: number) => Buffer.concat([u32(type), u32(length)]),
  };
}
const le = blocks();
const be = blocks(true);

function read(...parts: Buffer[]) {
  const stream = readCapture([Buffer.concat(parts)]);
  const packets = Array.from(stream.packets, (p) => ({ frame: p.frame, sec: p.sec, nsec: p.nsec, linkType: p.linkType, interfaceId: p.interfaceId, originalLength: p.originalLength, data: Buffer.from(frameBytes(p)) }));
  return { packets, info: stream.info };
}

function formatError(...parts: Buffer[]): { key: string; params: unknown } {
  try {
    read(...parts);
  } catch (error) {
    if (error instanceof CaptureFormatError) return { key: error.key, params: error.params };
    throw error;
  }
  throw new Error('no CaptureFormatError');
}

describe('block lengths', () => {
  it('a first block whose length cannot be right makes the file unreadable', () => {
    const shb = le.shb();
    shb.writeUInt32LE(11, 4);
    expect(formatError(shb)).toEqual({ key: 'pcapngBlockLength', params: { length: 11, offset: 4 } });
  });

  it.each([
    ['below the 12 bytes of an empty block', 8],
    ['not a multiple of 4', 58],
    ['over 256 MiB', 256 * MiB + 4],
  ])('a later block %s: a warning, the packets before it, and nothing after', (_, length) => {
    const before = Buffer.concat([le.shb(), le.idb(), le.epb(frame)]);
    const { packets, info } = read(before, le.header(6, length), Buffer.alloc(60), le.epb(frame));
    expect(packets.map((p) => p.frame)).toEqual([1]);
    expect(info.warnings).toEqual([{ code: 'blockLengthImpossible', byte: before.length, length, packets: 1 }]);
  });

  it('the block right after the section header, before any packet, is no longer the start of the file: a warning', () => {
    expect(read(le.shb(), le.header(1, 8)).info.warnings).toEqual([{ code: 'blockLengthImpossible', byte: 28, length: 8, packets: 0 }]);
  });

  it('an empty block of 12 bytes and one of exactly 256 MiB are possible', () => {
    expect(read(le.shb(), le.idb(), pcapngBlock(0x0bad, Buffer.alloc(0)), le.epb(frame))).toMatchObject({ packets: [{ frame: 1 }], info: { warnings: [] } });
    // The 256 MiB block is cut short: the file ends 8 bytes into it.
    expect(read(le.shb(), le.header(6, 256 * MiB)).info.warnings).toEqual([{ code: 'cutInBlock', byte: 28, present: 8, length: 256 * MiB, packets: 0 }]);
  });
});

describe('a file cut short', () => {
  const file = Buffer.concat([le.shb(), le.idb(), le.epb(frame), le.epb(frame)]); // blocks at 0, 28, 48, 136
  const second = 48 + 32 + 56;

  it.each([
    ['inside a block header', second + 7, { code: 'endsInBlockHeader', byte: second, packets: 1 }],
    ['right after a block header', second + 8, { code: 'cutInBlock', byte: second, present: 8, length: 88, packets: 1 }],
    ['inside a block', second + 50, { code: 'cutInBlock', byte: second, present: 50, length: 88, packets: 1 }],
  ])('%s: a warning that says where', (_, cut, warning) => {
    const { packets, info } = read(file.subarray(0, cut));
    expect(packets.map((p) => p.frame)).toEqual([1]);
    expect(info.warnings).toEqual([warning]);
  });

  it.each([
    ['before its byte-order magic', 10, { code: 'endsInSectionHeader', byte: 0 }],
    ['right after its byte-order magic', 12, { code: 'cutInBlock', byte: 0, present: 12, length: 28, packets: 0 }],
    ['inside its body', 20, { code: 'cutInBlock', byte: 0, present: 20, length: 28, packets: 0 }],
  ])('a section header cut %s', (_, cut, warning) => {
    expect(read(file.subarray(0, cut)).info.warnings).toEqual([warning]);
  });

  it('a second section cut inside its header', () => {
    expect(read(file, le.shb().subarray(0, 10)).info.warnings).toEqual([{ code: 'endsInSectionHeader', byte: file.length }]);
  });

  it('another block cut as short is cut inside a block, not inside a section header', () => {
    expect(read(file, le.idb().subarray(0, 10)).info.warnings).toEqual([{ code: 'cutInBlock', byte: file.length, present: 10, length: 20, packets: 2 }]);
  });
});

describe('sections', () => {
  it('each section has its byte order and its own interfaces', () => {
    const { packets, info } = read(be.shb(), be.idb(1), be.epb(frame, 5_000_001n), le.shb(), le.idb(101), le.epb(frame, 7_000_002n));
    expect(packets.map((p) => [p.frame, p.linkType, p.interfaceId, p.sec, p.nsec])).toEqual([
      [1, 1, 0, 5, 1000],
      [2, 101, 0, 7, 2000],
    ]);
    expect(info.linkTypes).toEqual([1, 101]);
    expect(packets[0]!.data).toEqual(frame);
  });

  it('a byte-order magic that is neither order makes the file unreadable, at the magic', () => {
    const bad = le.shb();
    bad.writeUInt32LE(0x12345678, 8);
    expect(formatError(bad)).toEqual({ key: 'pcapngByteOrder', params: { offset: 8 } });
    const first = Buffer.concat([le.shb(), le.idb(), le.epb(frame)]);
    expect(formatError(first, bad)).toEqual({ key: 'pcapngByteOrder', params: { offset: first.length + 8 } });
  });
});

describe('interface options', () => {
  const times = (options: Buffer[], ticks: bigint, order = le) => read(order.shb(), order.idb(1, options), order.epb(frame, ticks));

  it('if_tsresol: 10^-n or 2^-n seconds; 2^-60 is the finest a clock can mean', () => {
    expect(times([le.option(9, Buffer.from([9])), le.endOfOptions], 5_000_000_007n).packets[0]).toMatchObject({ sec: 5, nsec: 7 });
    expect(times([le.option(9, Buffer.from([0x80 | 60]))], (3n << 60n) + (1n << 59n))).toMatchObject({ packets: [{ sec: 3, nsec: 500_000_000 }], info: { warnings: [] } });
  });

  it('a resolution coarser than microseconds rounds to the nearest nanosecond', () => {
    // 1/1024 s is 976,562.5 ns.
    expect(times([le.option(9, Buffer.from([0x80 | 10]))], (5n << 10n) + 1n).packets[0]).toMatchObject({ sec: 5, nsec: 976_563 });
  });

  it.each([100, 0x80 | 61])('an impossible if_tsresol (%i): a warning, and microseconds', (tsresol) => {
    const { packets, info } = times([le.option(9, Buffer.from([tsresol]))], 5_000_001n);
    expect(packets[0]).toMatchObject({ sec: 5, nsec: 1000 });
    expect(info.warnings).toEqual([{ code: 'timestampResolutionImpossible', interfaceId: 0, tsresol }]);
  });

  it('if_tsoffset adds seconds, in either byte order, at any resolution', () => {
    expect(times([le.option(14, le.i64(1_000n))], 5_000_001n).packets[0]).toMatchObject({ sec: 1005, nsec: 1000 });
    expect(times([be.option(14, be.i64(1_000n))], 5_000_001n, be).packets[0]).toMatchObject({ sec: 1005, nsec: 1000 });
    expect(times([le.option(9, Buffer.from([9])), le.option(14, le.i64(-5n)), le.endOfOptions], 5_000_000_001n).packets[0]).toMatchObject({ sec: 0, nsec: 1 });
  });

  it('other options, short values and options past opt_endofopt or past the block change nothing', () => {
    const name = le.option(2, Buffer.from('enp0s31f6'));
    const cases = [
      [name, le.option(9, Buffer.alloc(0)), le.option(14, le.u32(1000)), le.endOfOptions],
      [le.endOfOptions, le.option(9, Buffer.from([9])), le.option(14, le.i64(1_000n))],
      [name, Buffer.concat([le.u16(9), le.u16(8), Buffer.from([9, 0, 0, 0])])],
    ];
    for (const options of cases) expect(times(options, 5_000_001n)).toMatchObject({ packets: [{ sec: 5, nsec: 1000 }], info: { warnings: [] } });
  });

  it('an interface block too short for its link type and snap length describes no interface', () => {
    const { packets, info } = read(le.shb(), pcapngBlock(1, le.u32(1)), le.epb(frame));
    expect(packets).toEqual([]);
    expect(info.warnings).toEqual([{ code: 'unknownInterface', frame: 1, interfaceId: 0 }]);
  });
});

describe('packet blocks', () => {
  it('an enhanced packet block too short for its header is skipped with a warning; the frames after it keep their numbers', () => {
    const before = Buffer.concat([le.shb(), le.idb()]);
    const { packets, info } = read(before, pcapngBlock(6, Buffer.alloc(16)), le.epb(frame));
    expect(packets.map((p) => p.frame)).toEqual([2]);
    expect(info.warnings).toEqual([{ code: 'blockTooShort', frame: 1, byte: before.length }]);
  });

  it('an enhanced packet block with an empty packet is a packet', () => {
    expect(read(le.shb(), le.idb(), le.epb(Buffer.alloc(0))).packets).toEqual([expect.objectContaining({ frame: 1, originalLength: 0, data: Buffer.alloc(0) })]);
  });

  it('a captured length past the block is cut at the block’s end', () => {
    const { packets } = read(le.shb(), le.idb(), le.epb(frame, 0n, { captured: 200, original: 200 }));
    expect(packets[0]!.data).toEqual(Buffer.concat([frame, Buffer.alloc(2)])); // 54 bytes padded to 56
  });

  it('a packet naming an interface no block described is skipped with a warning', () => {
    const { packets, info } = read(le.shb(), le.idb(), le.epb(frame, 0n, { interfaceId: 3 }), le.epb(frame));
    expect(packets.map((p) => p.frame)).toEqual([2]);
    expect(info.warnings).toEqual([{ code: 'unknownInterface', frame: 1, interfaceId: 3 }]);
  });

  it('a big-endian obsolete packet block reads its 16-bit interface id', () => {
    const { packets } = read(be.shb(), be.idb(1), be.idb(101), be.opb(frame, 1));
    expect(packets.map((p) => [p.interfaceId, p.linkType])).toEqual([[1, 101]]);
    expect(packets[0]!.data).toEqual(frame);
  });

  it('a packet block names its interface in 32 bits (enhanced) or 16 bits (obsolete)', () => {
    const { packets, info } = read(le.shb(), le.idb(), le.epb(frame, 0n, { interfaceId: 0x1_0000 }), le.opb(frame, 0x100), le.epb(frame));
    expect(packets.map((p) => p.frame)).toEqual([3]);
    expect(info.warnings).toEqual([
      { code: 'unknownInterface', frame: 1, interfaceId: 0x1_0000 },
      { code: 'unknownInterface', frame: 2, interfaceId: 0x100 },
    ]);
  });

  it('a simple packet block before any interface is skipped with a warning', () => {
    const { packets, info } = read(le.shb(), le.spb(frame), le.idb(), le.spb(frame));
    expect(packets.map((p) => p.frame)).toEqual([2]);
    expect(info.warnings).toEqual([{ code: 'unknownInterface', frame: 1, interfaceId: 0 }]);
  });

  it('a simple packet block holds at most its own bytes, whatever length on the wire it gives', () => {
    const whole = Buffer.concat([frame, Buffer.from([0xaa, 0xbb])]); // 56 bytes: no padding
    expect(read(le.shb(), le.idb(1, [], 0), le.spb(whole, 1500), le.epb(frame)).packets[0]).toMatchObject({ originalLength: 1500, data: whole });
  });

  it('a simple packet block holds at most the snap length of interface 0; no snap length (0) is no limit', () => {
    const cut = frame.subarray(0, 50);
    expect(read(le.shb(), le.idb(1, [], 50), le.spb(Buffer.concat([cut, Buffer.from([0xaa, 0xbb])]), frame.length)).packets[0]).toMatchObject({ originalLength: frame.length, data: cut });
    const odd = frame.subarray(0, 53);
    expect(read(le.shb(), le.idb(1, [], 0), le.spb(odd)).packets[0]).toMatchObject({ originalLength: 53, data: odd });
  });
});
