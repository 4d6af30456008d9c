// Classic pcap: a 24-byte file header, then records of (ts_sec, ts_frac, incl_len, orig_len) + data.
// Both byte orders, microsecond (a1b2c3d4) and nanosecond (a1b23c4d) timestamps.
import { CaptureFormatError } from '../errors.js';
import type { ByteQueue } from './byte-queue.js';
import type { CaptureInfo, RawPacket } from './raw-packet.js';
import type { RecordParser } from './record-parser.js';

export const PCAP_MAGICS = { micro: 0xa1b2c3d4, nano: 0xa1b23c4d } as const;
export const PCAP_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;
const MAX_RECORD = 256 * 1024 * 1024;

export class PcapParser implements RecordParser {
  wanted = PCAP_HEADER_LENGTH;
  stopped = false;
  private headerRead = false;
  private littleEndian = true;
  private nano = false;
  private linkType = 0;
  private frame = 0;

  constructor(private readonly info: CaptureInfo) {}

  next(input: ByteQueue, packet: RawPacket): boolean {
    if (this.stopped) return false;
    if (!this.headerRead) {
      if (input.available < PCAP_HEADER_LENGTH) return false;
      this.readHeader(input);
    }
    const le = this.littleEndian;
    this.wanted = PCAP_RECORD_HEADER_LENGTH;
    if (input.available < PCAP_RECORD_HEADER_LENGTH) return false;
    const capturedLength = input.u32(8, le);
    if (capturedLength > MAX_RECORD) {
      this.stopped = true;
      this.info.warnings.push({ code: 'recordLengthImpossible', frame: this.frame + 1, byte: input.offset, length: capturedLength });
      return false;
    }
    this.wanted = PCAP_RECORD_HEADER_LENGTH + capturedLength;
    if (input.available < this.wanted) return false;
    const frac = input.u32(4, le);
    packet.frame = ++this.frame;
    packet.sec = input.u32(0, le);
    packet.nsec = this.nano ? frac : frac * 1000;
    packet.linkType = this.linkType;
    packet.interfaceId = 0;
    packet.originalLength = input.u32(12, le);
    packet.bytes = input.buffer;
    packet.start = input.head + PCAP_RECORD_HEADER_LENGTH;
    packet.end = packet.start + capturedLength;
    input.consume(this.wanted);
    this.info.packets = this.frame;
    return true;
  }

  finish(input: ByteQueue): void {
    if (this.stopped || input.available === 0) return;
    const at = input.offset;
    if (!this.headerRead) throw new CaptureFormatError('captureShorterThanPcapHeader', { offset: 0 });
    const frame = this.frame + 1;
    if (input.available < PCAP_RECORD_HEADER_LENGTH) {
      this.info.warnings.push({ code: 'endsInRecordHeader', frame, byte: at });
    } else {
      const present = input.available - PCAP_RECORD_HEADER_LENGTH;
      this.info.warnings.push({ code: 'cutInPacket', frame, byte: at, present, length: this.wanted - PCAP_RECORD_HEADER_LENGTH });
    }
  }

  private readHeader(input: ByteQueue): void {
    const magicLE = input.u32(0, true);
    this.littleEndian = magicLE === PCAP_MAGICS.micro || magicLE === PCAP_MAGICS.nano;
    this.nano = input.u32(0, this.littleEndian) === PCAP_MAGICS.nano;
    // The link type is the low 16 bits; the upper bits may carry FCS information.
    this.linkType = input.u32(20, this.littleEndian) & 0xffff;
    this.info.linkTypes.push(this.linkType);
    input.consume(PCAP_HEADER_LENGTH);
    this.headerRead = true;
  }
}
