// Writes classic pcap (nanosecond magic, this machine's byte order): a file header, then one record
// per packet. For streams that a reader such as `wireshark -k -i -` follows live.
import { PCAP_HEADER_LENGTH, PCAP_MAGICS, PCAP_RECORD_HEADER_LENGTH } from './pcap.js';
import { frameBytes, type RawPacket } from './raw-packet.js';

const DEFAULT_SNAP_LENGTH = 262144;

/** The 24-byte pcap file header: version 2.4, nanosecond timestamps. */
export function pcapFileHeader(linkType: number, snapLength = DEFAULT_SNAP_LENGTH): Buffer {
  const header = Buffer.alloc(PCAP_HEADER_LENGTH);
  header.writeUInt32LE(PCAP_MAGICS.nano, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(snapLength, 16);
  header.writeUInt32LE(linkType, 20);
  return header;
}

/** One record: the packet's time, its captured bytes and its length on the wire. The packet's link
 * type must be the file header's (pcap has one per file). */
export function pcapRecord(packet: RawPacket): Buffer {
  const data = frameBytes(packet);
  const record = Buffer.allocUnsafe(PCAP_RECORD_HEADER_LENGTH + data.length);
  record.writeUInt32LE(packet.sec >>> 0, 0);
  record.writeUInt32LE(packet.nsec, 4);
  record.writeUInt32LE(data.length, 8);
  record.writeUInt32LE(packet.originalLength, 12);
  record.set(data, PCAP_RECORD_HEADER_LENGTH);
  return record;
}
