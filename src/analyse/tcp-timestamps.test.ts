// The timestamps option (RFC 7323: kind 8, length 10) read in place: TSval and TSecr as signed 32-bit
// numbers (as the analyser keeps sequence numbers), found after other options; null for both whenever a
// segment carries none that is well formed.
import { describe, expect, it } from 'vitest';
import { F, tcpFrame } from '../../test/helpers/frames.ts';
import { rawInBuffer } from '../../test/helpers/raw-packet.ts';
import { decodePacket } from '../decode/decode-packet.js';
import { readTimestamps } from './tcp-timestamps.js';

const segment = { src: '192.0.2.1', dst: '192.0.2.2', sport: 40000, dport: 8899, seq: 1000, ack: 1, flags: F.ACK };
const TS = (tsval: number[], tsecr: number[]) => [8, 10, ...tsval, ...tsecr];

/** The timestamps of a segment carrying `options` (padded with zeros, EOL, to a multiple of 4), read into
 * an object that held other values before. */
function timestamps(options: number[]) {
  const p = decodePacket(rawInBuffer(tcpFrame({ ...segment, options })));
  return readTimestamps(p.raw.bytes, p.tcp!, { tsval: 5, tsecr: 6 });
}

describe('readTimestamps', () => {
  it('reads TSval and TSecr, after NOPs and other options, as signed 32-bit numbers', () => {
    expect(timestamps([1, 1, ...TS([0, 0, 0x12, 0x34], [0, 0, 0, 7])])).toEqual({ tsval: 0x1234, tsecr: 7 });
    expect(timestamps([2, 4, 5, 0xb4, 4, 2, ...TS([0xff, 0xff, 0xff, 0xfe], [0x80, 0, 0, 1])])).toEqual({ tsval: -2, tsecr: -0x7fffffff }); // 0xfffffffe, 0x80000001
    expect(timestamps([...TS([1, 2, 3, 4], [5, 6, 7, 8])])).toEqual({ tsval: 0x01020304, tsecr: 0x05060708 });
    // A SACK block is ten bytes long too: it is not the timestamps.
    expect(timestamps([1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2, ...TS([0, 0, 0, 3], [0, 0, 0, 4])])).toEqual({ tsval: 3, tsecr: 4 });
  });

  it('gives null for both without the option, or with one that is malformed or comes after the end of the list', () => {
    const none = { tsval: null, tsecr: null };
    expect(timestamps([])).toEqual(none);
    expect(timestamps([2, 4, 5, 0xb4])).toEqual(none);
    expect(timestamps([0, 2, ...TS([0, 0, 0, 1], [0, 0, 0, 2])])).toEqual(none); // after EOL, what looks like options is not
    expect(timestamps([8, 8, 0, 0, 0, 1, 0, 0])).toEqual(none); // kind 8 of the wrong length
    expect(timestamps([1, 1, 3, 1, ...TS([0, 0, 0, 1], [0, 0, 0, 2])])).toEqual(none); // a length below 2 ends the walk
    expect(timestamps([1, 1, 8, 10, 0, 0, 0, 1])).toEqual(none); // runs past the header
  });
});
