// How long each frame is: the captured bytes exactly, and the length it had on the wire, for every kind of
// record (pcap, pcapng's enhanced, simple and obsolete packet blocks), in both byte orders.
import { describe, expect, it } from 'vitest';
import { F, pcapHeader, pcapngBlock, pcapngFile, tcpFrame } from '../../test/helpers/frames.ts';
import { frameBytes } from './raw-packet.js';
import { readCapture } from './read-capture.js';

const frame = tcpFrame({ src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 8899, seq: 1, flags: F.ACK | F.PSH, payload: Buffer.from('hello, world') });

function read(file: Buffer) {
  const stream = readCapture([file]);
  const packets = Array.from(stream.packets, (p) => ({ frame: p.frame, originalLength: p.originalLength, data: Buffer.from(frameBytes(p)) }));
  return { packets, info: stream.info };
}

/** A pcap record whose captured length (incl_len) and length on the wire (orig_len) differ. */
function pcapRecord(data: Buffer, originalLength: number, bigEndian: boolean): Buffer {
  const header = Buffer.alloc(16);
  const w = (v: number, at: number) => (bigEndian ? header.writeUInt32BE(v, at) : header.writeUInt32LE(v, at));
  w(1_700_000_000, 0);
  w(0, 4);
  w(data.length, 8);
  w(originalLength, 12);
  return Buffer.concat([header, data]);
}

describe('frame lengths', () => {
  it.each([false, true])('pcap (big-endian: %s) gives the captured bytes and, apart, the length on the wire', (bigEndian) => {
    const cut = frame.subarray(0, 60);
    const file = Buffer.concat([pcapHeader({ bigEndian }), pcapRecord(cut, frame.length + 1000, bigEndian), pcapRecord(frame, frame.length, bigEndian)]);
    const { packets } = read(file);
    expect(packets.map((p) => [p.frame, p.data.length, p.originalLength])).toEqual([[1, 60, frame.length + 1000], [2, frame.length, frame.length]]);
    expect(packets[0]!.data).toEqual(cut);
    expect(packets[1]!.data).toEqual(frame);
  });

  it.each([false, true])('a pcapng simple packet block (big-endian: %s) holds exactly its frame, padding left out', (bigEndian) => {
    const u32 = (v: number) => { const b = Buffer.alloc(4); bigEndian ? b.writeUInt32BE(v) : b.writeUInt32LE(v); return b; };
    // Frames whose length is not a multiple of 4, so the block carries padding after them.
    const odd = Buffer.concat([frame, Buffer.from([0xaa])]);
    const spb = (data: Buffer) => pcapngBlock(3, Buffer.concat([u32(data.length), data]), bigEndian);
    const file = pcapngFile([{ linkType: 1 }], [], { bigEndian, extraBlocks: [spb(frame), spb(odd)] });
    const { packets, info } = read(file);
    expect(info.warnings).toEqual([]);
    expect(packets.map((p) => [p.frame, p.data.length, p.originalLength])).toEqual([[1, frame.length, frame.length], [2, odd.length, odd.length]]);
    expect(packets[0]!.data).toEqual(frame);
    expect(packets[1]!.data).toEqual(odd);
  });

  it('an enhanced packet block gives its captured bytes and, apart, the length on the wire', () => {
    const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
    const cut = frame.subarray(0, 57);
    const epb = pcapngBlock(6, Buffer.concat([u32(0), u32(0), u32(1), u32(cut.length), u32(frame.length + 7), cut]));
    const { packets } = read(pcapngFile([{ linkType: 1 }], [], { extraBlocks: [epb] }));
    expect(packets).toEqual([{ frame: 1, originalLength: frame.length + 7, data: cut }]);
  });

  it('an obsolete packet block (type 2) reads as an enhanced one with a 16-bit interface id', () => {
    const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
    const u16 = (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
    const opb = pcapngBlock(2, Buffer.concat([u16(1), u16(0), u32(0), u32(1), u32(frame.length), u32(frame.length), frame]));
    const stream = readCapture([pcapngFile([{ linkType: 1 }, { linkType: 101 }], [], { extraBlocks: [opb] })]);
    const packets = Array.from(stream.packets, (p) => ({ interfaceId: p.interfaceId, linkType: p.linkType, data: Buffer.from(frameBytes(p)) }));
    expect(packets).toEqual([{ interfaceId: 1, linkType: 101, data: frame }]);
  });
});
