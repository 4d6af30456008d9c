import { describe, expect, it } from 'vitest';
import { PCAP_MAGICS } from './pcap.js';
import { PcapRecordCount } from './pcap-record-count.js';

/** A classic pcap of records with these captured lengths, in either byte order. */
function pcap(lengths: number[], littleEndian: boolean): Buffer {
  const u32 = (value: number) => {
    const bytes = Buffer.alloc(4);
    if (littleEndian) bytes.writeUInt32LE(value);
    else bytes.writeUInt32BE(value);
    return bytes;
  };
  const header = Buffer.concat([u32(PCAP_MAGICS.micro), Buffer.alloc(16), u32(1)]);
  return Buffer.concat([header, ...lengths.map((length) => Buffer.concat([u32(1), u32(2), u32(length), u32(length), Buffer.alloc(length, 0xab)]))]);
}

function counted(bytes: Buffer, chunkSize: number): number[] {
  const counter = new PcapRecordCount();
  const counts: number[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) {
    counter.push(bytes.subarray(at, at + chunkSize));
    counts.push(counter.count);
  }
  return counts;
}

describe('PcapRecordCount', () => {
  it.each([true, false])('counts whole records only, however the bytes are cut (little-endian: %s)', (littleEndian) => {
    const lengths = [60, 0, 1514, 65_600];
    const bytes = pcap(lengths, littleEndian);
    for (const chunkSize of [1, 7, 16, 1000, bytes.length]) expect(counted(bytes, chunkSize).at(-1)).toBe(lengths.length);
    // One byte short of the last record: three.
    expect(counted(bytes.subarray(0, -1), 1).at(-1)).toBe(3);
    // The empty record counts as soon as its header has arrived: 24 + 76 + 16 bytes.
    expect(counted(bytes.subarray(0, 24 + 76 + 16), 1).at(-1)).toBe(2);
  });
});
