// A frame as the capture readers hand it to the decoder: a window in the middle of the reader's buffer,
// between bytes of other records, so that a decoder reading before the frame's start or past its end
// reads those bytes (0xee) instead of an innocent zero or nothing.
import type { RawPacket } from '../../src/capture/raw-packet.js';

const BEFORE = 37;
const AFTER = 23;
const OTHER_RECORDS = 0xee;

export function rawInBuffer(frame: Uint8Array, linkType = 1, originalLength = frame.length): RawPacket {
  const bytes = Buffer.concat([Buffer.alloc(BEFORE, OTHER_RECORDS), frame, Buffer.alloc(AFTER, OTHER_RECORDS)]);
  return { frame: 1, sec: 0, nsec: 0, linkType, interfaceId: 0, bytes, start: BEFORE, end: BEFORE + frame.length, originalLength };
}

/** Where a header that starts `offset` bytes into the frame is in rawInBuffer's bytes. */
export const inBuffer = (offset: number) => BEFORE + offset;
