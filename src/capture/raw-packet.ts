// A packet as the capture file stores it, before any protocol is decoded.

export interface RawPacket {
  /** 1-based, counting every record in the file, as Wireshark numbers frames. */
  frame: number;
  /** Seconds and nanoseconds since the Unix epoch. */
  sec: number;
  nsec: number;
  linkType: number;
  interfaceId: number;
  /** The frame is bytes[start, end): a window on the reader's buffer rather than a copy or a view of
   * its own, so that reading a million packets allocates next to nothing. */
  bytes: Uint8Array;
  start: number;
  end: number;
  /** Length on the wire; more than end - start when the capture was cut by a snap length. */
  originalLength: number;
}

/** The frame's bytes as a view of their own (for the few places that keep or copy them). */
export function frameBytes(packet: RawPacket): Uint8Array {
  return packet.bytes.subarray(packet.start, packet.end);
}

/**
 * Something wrong with the file that did not stop the analysis, as data (a code and its numbers; byte
 * offsets from the file's start): the report words it in the reader's language.
 */
export type CaptureWarning =
  | { code: 'recordLengthImpossible'; frame: number; byte: number; length: number }
  | { code: 'endsInRecordHeader'; frame: number; byte: number }
  | { code: 'cutInPacket'; frame: number; byte: number; present: number; length: number }
  | { code: 'blockLengthImpossible'; byte: number; length: number; packets: number }
  | { code: 'endsInBlockHeader'; byte: number; packets: number }
  | { code: 'endsInSectionHeader'; byte: number }
  | { code: 'cutInBlock'; byte: number; present: number; length: number; packets: number }
  | { code: 'timestampResolutionImpossible'; interfaceId: number; tsresol: number }
  | { code: 'blockTooShort'; frame: number; byte: number }
  | { code: 'unknownInterface'; frame: number; interfaceId: number }
  | { code: 'packetsNotDecoded'; count: number }
  /** Said by the lab, not the reader: the file filled the lab's capture space, so later packets are missing. */
  | { code: 'captureSpaceFull'; bytes: number; spaceBytes: number }
  /** Said by the lab from tcpdump's closing counters: the kernel dropped packets tcpdump had no room for. */
  | { code: 'droppedByKernel'; packets: number };

export interface CaptureInfo {
  format: 'pcap' | 'pcapng';
  linkTypes: number[];
  packets: number;
  warnings: CaptureWarning[];
}
