// A packet as the capture file stores it, before any protocol is decoded.

export interface RawPacket {
  /** 1-based, counting every record in the file, as Wireshark numbers frames. */
  frame: number;
  /** Seconds and nanoseconds since the Unix epoch. */
  sec: number;
  nsec: number;
  linkType: number;
  interfaceId: number;
  data: Buffer;
  /** Length on the wire; more than data.length when the capture was cut by a snap length. */
  originalLength: number;
}

export interface CaptureInfo {
  format: 'pcap' | 'pcapng';
  linkTypes: number[];
  packets: number;
  warnings: string[];
}
