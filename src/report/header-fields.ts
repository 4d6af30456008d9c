// A TCP header, field by field, as the experiment's table shows it: the bytes as captured and the value.
import type { PacketReport } from '../analyse/report-model.js';

export type HeaderFieldId = 'srcPort' | 'dstPort' | 'seq' | 'ack' | 'dataOffset' | 'flags' | 'window' | 'checksum' | 'urgent' | 'options';

export interface HeaderField {
  id: HeaderFieldId;
  /** The bytes as captured, e.g. "fe 1e". */
  bytes: string;
  value: number;
}

const LAYOUT: [HeaderFieldId, number, number][] = [
  ['srcPort', 0, 2],
  ['dstPort', 2, 4],
  ['seq', 4, 8],
  ['ack', 8, 12],
  ['dataOffset', 12, 13],
  ['flags', 13, 14],
  ['window', 14, 16],
  ['checksum', 16, 18],
  ['urgent', 18, 20],
];

export function headerFields(packet: PacketReport): HeaderField[] {
  const bytes = Buffer.from(packet.header, 'hex');
  const fields: HeaderField[] = LAYOUT.map(([id, start, end]) => ({
    id,
    bytes: hexBytes(bytes.subarray(start, end)),
    value: id === 'dataOffset' ? bytes[12]! >> 4 : id === 'flags' ? ((bytes[12]! & 1) << 8) | bytes[13]! : bytes.readUIntBE(start, end - start),
  }));
  if (bytes.length > 20) fields.push({ id: 'options', bytes: hexBytes(bytes.subarray(20)), value: bytes.length - 20 });
  return fields;
}

/** The options area split into one run of bytes per option, in the decoder's order (EOL takes the rest). */
export function optionByteRuns(packet: PacketReport): string[] {
  const bytes = Buffer.from(packet.header, 'hex').subarray(20);
  const runs: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const kind = bytes[at]!;
    const rest = bytes.length - at;
    const declared = bytes[at + 1];
    // A malformed length ends the decoder's list too: the rest of the bytes belong to that option.
    const length = kind === 1 ? 1 : kind === 0 || declared === undefined || declared < 2 || declared > rest ? rest : declared;
    runs.push(hexBytes(bytes.subarray(at, at + length)));
    at += length;
  }
  return runs;
}

export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Each flag bit of the header, high to low, as Wireshark's tree lists them. */
export const FLAG_BITS: [string, number][] = [
  ['AE', 0x100],
  ['CWR', 0x80],
  ['ECE', 0x40],
  ['URG', 0x20],
  ['ACK', 0x10],
  ['PSH', 0x08],
  ['RST', 0x04],
  ['SYN', 0x02],
  ['FIN', 0x01],
];
