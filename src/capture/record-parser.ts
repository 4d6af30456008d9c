// What each capture format's parser does with the bytes that have arrived: hand out the next packet,
// say how many bytes it needs before it can, or stop for good where the file cannot be right.
import type { ByteQueue } from './byte-queue.js';
import type { RawPacket } from './raw-packet.js';

export interface RecordParser {
  /** Fills `packet` with the next record and consumes it; false when that record has not arrived
   * whole (see `wanted`) or reading has stopped (see `stopped`). */
  next(input: ByteQueue, packet: RawPacket): boolean;
  /** Bytes, counted from the next unread one, that the next record needs. */
  readonly wanted: number;
  /** Set when the rest of the input cannot be read (a warning says why). */
  readonly stopped: boolean;
  /** At the end of input: warns about bytes left over inside a record that never ended. */
  finish(input: ByteQueue): void;
}
