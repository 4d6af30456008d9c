// The push decoder: bytes go in as they arrive (a file read piece by piece, or tcpdump's `-w -` stream
// followed live), whole packets come out. It tells "not yet arrived" (next() is null, `ended` is false)
// from "end of the capture" (after end(), next() is null for good); the batch readers use it too.
import { CaptureFormatError } from '../errors.js';
import { ByteQueue } from './byte-queue.js';
import { PCAP_MAGICS, PcapParser } from './pcap.js';
import { PCAPNG_SHB, PcapngParser } from './pcapng.js';
import type { CaptureInfo, RawPacket } from './raw-packet.js';
import type { RecordParser } from './record-parser.js';

/** Reads into a buffer as readSync does: the number of bytes read, 0 at the end. */
export interface ByteSource {
  read(buffer: Uint8Array, offset: number, length: number): number;
}

const MIN_READ = 64 * 1024;
const PCAP_MAGIC_VALUES: number[] = [PCAP_MAGICS.micro, PCAP_MAGICS.nano];

export class CaptureReader {
  /** Format, link types, packet count and warnings so far (the format is known once 4 bytes arrived). */
  readonly info: CaptureInfo = { format: 'pcap', linkTypes: [], packets: 0, warnings: [] };
  private readonly input = new ByteQueue();
  private parser: RecordParser | null = null;
  private ended = false;
  private finished = false;
  /** One packet object, refilled for every record: what next() returns is valid until the next call
   * of next(), feed() or fill(). */
  private readonly packet: RawPacket = { frame: 0, sec: 0, nsec: 0, linkType: 0, interfaceId: 0, bytes: new Uint8Array(0), start: 0, end: 0, originalLength: 0 };

  /** Adds bytes that have arrived. */
  feed(chunk: Uint8Array): void {
    if (this.ended) throw new Error('CaptureReader.feed() after end()');
    // Past a record that cannot be right nothing more is read: a live stream must not pile up behind it.
    if (chunk.length && !this.parser?.stopped) this.input.append(chunk, this.parser?.wanted ?? 0);
  }

  /** Reads the next piece straight into the reader's own buffer (no copy); false at the end of the source. */
  fill(source: ByteSource): boolean {
    const room = this.input.reserve(Math.max(MIN_READ, (this.parser?.wanted ?? 0) - this.input.available));
    const n = source.read(this.input.buffer, this.input.tail, room);
    this.input.commit(n);
    return n > 0;
  }

  /** The next whole packet, or null: not arrived yet, or none left once `done`. Throws
   * CaptureFormatError when the input is neither pcap nor pcapng. */
  next(): RawPacket | null {
    const parser = this.parser ?? this.detectFormat();
    if (parser && parser.next(this.input, this.packet)) return this.packet;
    if (this.ended && !this.finished) {
      this.finished = true;
      if (!parser) throw new CaptureFormatError('captureEmpty', { offset: 0 });
      // Bytes left over belong to a record that never ended: a warning says where the file was cut.
      parser.finish(this.input);
    }
    return null;
  }

  /** No more bytes will come: next() hands out what is still whole, then null for good. */
  end(): void {
    this.ended = true;
  }

  /** True once the input ended and every packet was handed out. */
  get done(): boolean {
    return this.finished;
  }

  private detectFormat(): RecordParser | null {
    if (this.input.available < 4) return null;
    const le = this.input.u32(0, true);
    const be = this.input.u32(0, false);
    if (le === PCAPNG_SHB) {
      this.info.format = 'pcapng';
      return (this.parser = new PcapngParser(this.info));
    }
    if (PCAP_MAGIC_VALUES.includes(le) || PCAP_MAGIC_VALUES.includes(be)) return (this.parser = new PcapParser(this.info));
    const start = Buffer.from(this.input.buffer.subarray(this.input.head, this.input.head + 4));
    throw new CaptureFormatError('notACapture', { magic: start.toString('hex').match(/../g)!.join(' '), offset: 0 });
  }
}
