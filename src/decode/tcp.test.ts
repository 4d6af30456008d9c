// The TCP header's fields and the options' walk: each option length that RFC 9293 and its option RFCs
// fix, options that run past the header, and the in-place walk that finds the window scale shift.
import { describe, expect, it } from 'vitest';
import { freshImport } from '../../test/helpers/fresh-import.ts';
import { F, tcpFrame } from '../../test/helpers/frames.ts';
import { rawInBuffer } from '../../test/helpers/raw-packet.ts';
import { decodePacket } from './decode-packet.js';
import { decodeTcpOptions, windowScaleShift } from './tcp.js';

const syn = { src: '192.0.2.1', dst: '192.0.2.2', sport: 40000, dport: 8899, seq: 1000, flags: F.SYN };
const decode = (frame: Uint8Array) => decodePacket(rawInBuffer(frame));
/** The options of a SYN carrying `bytes` as options (padded with zeros, EOL, to a multiple of 4). */
const options = (bytes: number[]) => {
  const p = decode(tcpFrame({ ...syn, options: bytes }));
  return decodeTcpOptions(p.raw.bytes, p.tcp!);
};
const shift = (bytes: number[]) => {
  const p = decode(tcpFrame({ ...syn, options: bytes }));
  return windowScaleShift(p.raw.bytes, p.tcp!);
};

describe('the TCP header', () => {
  it('reads the checksum and the urgent pointer', () => {
    const frame = tcpFrame({ ...syn, flags: F.ACK | F.URG });
    frame.writeUInt16BE(0xbeef, 34 + 16);
    frame.writeUInt16BE(0x0102, 34 + 18);
    expect(decode(frame).tcp).toMatchObject({ checksum: 0xbeef, urgent: 0x0102, flags: F.ACK | F.URG });
  });

  it('reads the sequence and acknowledgement numbers as signed 32-bit numbers', () => {
    expect(decode(tcpFrame({ ...syn, seq: 0x7fffffff, ack: 0x80000000, flags: F.ACK })).tcp).toMatchObject({ seq: 0x7fffffff, ack: -0x80000000 });
    expect(decode(tcpFrame({ ...syn, seq: 0xffffffff, ack: 0, flags: F.ACK })).tcp).toMatchObject({ seq: -1, ack: 0 });
  });

  it('a header whose options run past the frame is a problem that gives both lengths', () => {
    const frame = tcpFrame({ ...syn, options: [2, 4, 5, 0xb4, 1, 3, 3, 7, 4, 2, 0, 0] });
    expect(decode(frame.subarray(0, 34 + 24)).problem).toEqual({ layer: 'tcp', offset: 46, message: 'header with options needs 32 bytes, 24 present' });
  });
});

describe('TCP options', () => {
  it.each([
    ['MSS', [2, 3, 5, 1], 2, 3],
    ['window scale', [3, 4, 7, 0], 3, 4],
    ['SACK permitted', [4, 3, 0, 1], 4, 3],
    ['timestamps', [8, 8, 0, 0, 0, 1, 0, 0], 8, 8],
    ['SACK with a block cut short', [5, 6, 0, 0, 0, 1, 0, 0], 5, 6],
  ])('%s with a length its RFC does not allow is malformed, and ends the list', async (_, bytes, kind, length) => {
    // The table of fixed lengths is built when the module loads: imported afresh, as the test sees it.
    const { decodeTcpOptions: decodeAfresh } = await freshImport(() => import('./tcp.js'));
    const p = decode(tcpFrame({ ...syn, options: [1, ...bytes, 2, 4, 5, 0xb4] }));
    expect(decodeAfresh(p.raw.bytes, p.tcp!)).toEqual([
      { kind: 1, name: 'NOP' },
      { kind, name: 'MALFORMED', offset: 21, reason: `length ${length} is wrong for option kind ${kind}` },
    ]);
  });

  it('SACK takes any whole number of 8-byte blocks', () => {
    expect(options([1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 9])).toEqual([
      { kind: 1, name: 'NOP' },
      { kind: 1, name: 'NOP' },
      { kind: 5, name: 'SACK', blocks: [[1, 2], [5, 9]] },
    ]);
  });

  it('an option whose kind is the header’s last byte has no length: malformed', () => {
    expect(options([1, 1, 1, 8])).toEqual([
      { kind: 1, name: 'NOP' },
      { kind: 1, name: 'NOP' },
      { kind: 1, name: 'NOP' },
      { kind: 8, name: 'MALFORMED', offset: 23, reason: 'the length byte is past the end of the header' },
    ]);
  });

  it('EOL ends the list, whatever follows it', () => {
    expect(options([1, 0, 2, 4, 5, 0xb4, 0, 0])).toEqual([
      { kind: 1, name: 'NOP' },
      { kind: 0, name: 'EOL' },
    ]);
  });
});

describe('the window scale shift of a SYN', () => {
  it('is found after other options, and capped at 14 (RFC 7323)', () => {
    expect(shift([2, 4, 5, 0xb4, 1, 3, 3, 7])).toBe(7);
    expect(shift([30, 4, 0xab, 0xcd, 3, 3, 15, 0])).toBe(14);
  });

  it('is null without the option, after EOL, and at a malformed length', () => {
    expect(shift([2, 4, 5, 0xb4])).toBeNull();
    expect(shift([0, 2, 3, 3, 7, 0, 0, 0])).toBeNull();
    expect(shift([30, 1, 3, 3, 7, 0, 0, 0])).toBeNull();
    expect(shift([1, 1, 3, 3])).toBeNull(); // cut by the header's end: its shift would be the next byte
    expect(shift([3, 4, 7, 0])).toBeNull(); // a window scale option is 3 bytes long
  });

  it('is found after a 2-byte option (SACK permitted)', () => {
    expect(shift([1, 4, 2, 3, 3, 7, 0, 0])).toBe(7);
  });

  it('is found after another 3-byte option: only kind 3 is the window scale', () => {
    // RFC 1146's Alternate Checksum Request (kind 14, length 3, 1 = 8-bit Fletcher), which Linux skips by its length
    expect(shift([14, 3, 1, 3, 3, 7, 0, 0])).toBe(7);
    expect(shift([14, 3, 1, 1])).toBeNull();
  });
});
