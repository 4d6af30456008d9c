// Counts the whole records of a classic pcap stream as its bytes arrive, chunk by chunk, keeping none of
// them: enough to tell when a capture holds every packet tcpdump says it wrote.
import { PCAP_HEADER_LENGTH, PCAP_MAGICS, PCAP_RECORD_HEADER_LENGTH } from './pcap.js';

export class PcapRecordCount {
  /** Whole records so far. */
  count = 0;
  /** The file header, or a record header, while it has not arrived whole. */
  private head = Buffer.alloc(0);
  /** Bytes of the current record's data still to come. */
  private dataLeft = 0;
  /** Known once the file header has arrived. */
  private littleEndian: boolean | undefined;

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.dataLeft > 0) {
        const taken = Math.min(this.dataLeft, chunk.length - at);
        this.dataLeft -= taken;
        at += taken;
        if (this.dataLeft === 0) this.count++;
        continue;
      }
      const wanted = this.littleEndian === undefined ? PCAP_HEADER_LENGTH : PCAP_RECORD_HEADER_LENGTH;
      const taken = Math.min(wanted - this.head.length, chunk.length - at);
      this.head = Buffer.concat([this.head, chunk.subarray(at, at + taken)]);
      at += taken;
      if (this.head.length < wanted) return;
      if (this.littleEndian === undefined) {
        const magic = this.head.readUInt32LE(0);
        this.littleEndian = magic === PCAP_MAGICS.micro || magic === PCAP_MAGICS.nano;
      } else {
        this.dataLeft = this.littleEndian ? this.head.readUInt32LE(8) : this.head.readUInt32BE(8);
        if (this.dataLeft === 0) this.count++;
      }
      this.head = Buffer.alloc(0);
    }
  }
}
