// Classic pcap at its edges: a file with no packets, an empty record, a record length at the limit, and
// the warning or error (a code with its offsets) for each place a file can end.
import { describe, expect, it } from 'vitest';
import { F, pcapFile, pcapHeader, tcpFrame } from '../../test/helpers/frames.ts';
import { CaptureFormatError } from '../errors.js';
import { readCapture } from './read-capture.js';

const frame = tcpFrame({ src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 8899, seq: 1, flags: F.SYN });
const MiB = 1024 * 1024;

function read(file: Buffer) {
  const stream = readCapture([file]);
  const packets = Array.from(stream.packets, (p) => ({ frame: p.frame, length: p.end - p.start }));
  return { packets, info: stream.info };
}

/** A record header claiming `length` captured bytes. */
function recordHeader(length: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32LE(1, 0);
  header.writeUInt32LE(length, 8);
  header.writeUInt32LE(length, 12);
  return header;
}

describe('pcap', () => {
  it('a file of just its header is a capture with no packets', () => {
    expect(read(pcapHeader({ linkType: 113 })).info).toEqual({ format: 'pcap', linkTypes: [113], packets: 0, warnings: [] });
  });

  it('the link type is the low 16 bits of the header’s field (the upper ones may carry FCS information)', () => {
    const header = pcapHeader();
    header.writeUInt32LE(0x1000_0000 | 101, 20);
    expect(read(header).info.linkTypes).toEqual([101]);
  });

  it('a file shorter than its header is unreadable', () => {
    try {
      read(pcapHeader().subarray(0, 20));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CaptureFormatError);
      expect(error).toMatchObject({ key: 'captureShorterThanPcapHeader', params: { offset: 0 } });
    }
  });

  it('a record of no captured bytes is a packet', () => {
    const { packets, info } = read(Buffer.concat([pcapHeader(), recordHeader(0), pcapFile([{ sec: 2, frac: 0, data: frame }]).subarray(24)]));
    expect(packets).toEqual([{ frame: 1, length: 0 }, { frame: 2, length: frame.length }]);
    expect(info.warnings).toEqual([]);
  });

  it('a file that ends with a record of no captured bytes ends with a packet', () => {
    expect(read(Buffer.concat([pcapHeader(), recordHeader(0)]))).toEqual({ packets: [{ frame: 1, length: 0 }], info: { format: 'pcap', linkTypes: [1], packets: 1, warnings: [] } });
  });

  it('a file that ends right after a record header: a warning with the length the record claimed', () => {
    expect(read(Buffer.concat([pcapHeader(), recordHeader(54)])).info.warnings).toEqual([{ code: 'cutInPacket', frame: 1, byte: 24, present: 0, length: 54 }]);
  });

  it('a file that ends inside a record header: a warning with the frame and byte', () => {
    const file = pcapFile([{ sec: 1, frac: 0, data: frame }]);
    const { packets, info } = read(Buffer.concat([file, recordHeader(54).subarray(0, 15)]));
    expect(packets).toEqual([{ frame: 1, length: frame.length }]);
    expect(info.warnings).toEqual([{ code: 'endsInRecordHeader', frame: 2, byte: file.length }]);
  });

  it('a record of 256 MiB may be right (the file ends inside it); one byte more cannot be, and reading stops there', () => {
    expect(read(Buffer.concat([pcapHeader(), recordHeader(256 * MiB), frame])).info.warnings).toEqual([{ code: 'cutInPacket', frame: 1, byte: 24, present: frame.length, length: 256 * MiB }]);
    const { packets, info } = read(Buffer.concat([pcapHeader(), recordHeader(256 * MiB + 1), frame, pcapFile([{ sec: 2, frac: 0, data: frame }]).subarray(24)]));
    expect(packets).toEqual([]);
    expect(info.warnings).toEqual([{ code: 'recordLengthImpossible', frame: 1, byte: 24, length: 256 * MiB + 1 }]);
  });
});
