// Builds Ethernet/IPv4/IPv6/TCP frames and pcap/pcapng files byte by byte, for tests and the benchmark.
// Plain functions only, so that Node can run this file with its built-in type stripping.

export interface SegmentSpec {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  /** FIN 1, SYN 2, RST 4, PSH 8, ACK 16 ... */
  flags: number;
  window?: number;
  options?: number[];
  payload?: Buffer;
  ipId?: number;
  vlans?: number[];
}

export const F = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 };

function ipBytes(ip: string): Buffer {
  if (!ip.includes(':')) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export function tcpHeader(spec: SegmentSpec): Buffer {
  const options = Buffer.from(spec.options ?? []);
  const padded = Buffer.concat([options, Buffer.alloc((4 - (options.length % 4)) % 4)]);
  const header = Buffer.alloc(20 + padded.length);
  header.writeUInt16BE(spec.sport, 0);
  header.writeUInt16BE(spec.dport, 2);
  header.writeUInt32BE(spec.seq >>> 0, 4);
  header.writeUInt32BE((spec.ack ?? 0) >>> 0, 8);
  header[12] = (header.length / 4) << 4 | ((spec.flags >> 8) & 1);
  header[13] = spec.flags & 0xff;
  header.writeUInt16BE(spec.window ?? 64240, 14);
  padded.copy(header, 20);
  return header;
}

/** An Ethernet frame (with optional 802.1Q tags) carrying IPv4 or IPv6 and the TCP segment. */
export function tcpFrame(spec: SegmentSpec): Buffer {
  const tcp = Buffer.concat([tcpHeader(spec), spec.payload ?? Buffer.alloc(0)]);
  const v6 = spec.src.includes(':');
  let ip: Buffer;
  if (v6) {
    ip = Buffer.alloc(40);
    ip[0] = 0x60;
    ip.writeUInt16BE(tcp.length, 4);
    ip[6] = 6;
    ip[7] = 64;
    ipBytes(spec.src).copy(ip, 8);
    ipBytes(spec.dst).copy(ip, 24);
  } else {
    ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + tcp.length, 2);
    ip.writeUInt16BE(spec.ipId ?? 0, 4);
    ip[6] = 0x40;
    ip[8] = 64;
    ip[9] = 6;
    ipBytes(spec.src).copy(ip, 12);
    ipBytes(spec.dst).copy(ip, 16);
  }
  const tags = (spec.vlans ?? []).map((id) => Buffer.from([0x81, 0x00, (id >> 8) & 0x0f, id & 0xff]));
  const ethernet = Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]);
  const type = Buffer.from(v6 ? [0x86, 0xdd] : [0x08, 0x00]);
  return Buffer.concat([ethernet, ...tags, type, ip, tcp]);
}

export interface TimedFrame {
  sec: number;
  /** Microseconds, or nanoseconds for nanosecond files. */
  frac: number;
  data: Buffer;
}

export function pcapHeader(options: { bigEndian?: boolean; nano?: boolean; linkType?: number } = {}): Buffer {
  const header = Buffer.alloc(24);
  const w = (v: number, at: number) => (options.bigEndian ? header.writeUInt32BE(v >>> 0, at) : header.writeUInt32LE(v >>> 0, at));
  const w16 = (v: number, at: number) => (options.bigEndian ? header.writeUInt16BE(v, at) : header.writeUInt16LE(v, at));
  w(options.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(2, 4);
  w16(4, 6);
  w(262144, 16);
  w(options.linkType ?? 1, 20);
  return header;
}

export function pcapRecord(frame: TimedFrame, bigEndian = false): Buffer {
  const record = Buffer.alloc(16);
  const w = (v: number, at: number) => (bigEndian ? record.writeUInt32BE(v >>> 0, at) : record.writeUInt32LE(v >>> 0, at));
  w(frame.sec, 0);
  w(frame.frac, 4);
  w(frame.data.length, 8);
  w(frame.data.length, 12);
  return Buffer.concat([record, frame.data]);
}

export function pcapFile(frames: TimedFrame[], options: { bigEndian?: boolean; nano?: boolean; linkType?: number } = {}): Buffer {
  return Buffer.concat([pcapHeader(options), ...frames.map((f) => pcapRecord(f, options.bigEndian))]);
}

/** One pcapng block: type, total length, the body padded to 32 bits, total length again. */
export function pcapngBlock(type: number, body: Buffer, bigEndian = false): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const out = Buffer.alloc(12 + padded.length);
  const w = (v: number, at: number) => (bigEndian ? out.writeUInt32BE(v >>> 0, at) : out.writeUInt32LE(v >>> 0, at));
  w(type, 0);
  w(out.length, 4);
  padded.copy(out, 8);
  w(out.length, out.length - 4);
  return out;
}

export interface NgInterface {
  linkType: number;
  /** if_tsresol byte: 6 = microseconds (default), 9 = nanoseconds, 0x80 | n = 2^-n. */
  tsresol?: number;
}

export interface NgPacket {
  interfaceId: number;
  /** Timestamp in units of that interface's resolution. */
  ticks: bigint;
  data: Buffer;
  comment?: string;
}

export function pcapngFile(interfaces: NgInterface[], packets: NgPacket[], options: { bigEndian?: boolean; extraBlocks?: Buffer[] } = {}): Buffer {
  const be = options.bigEndian ?? false;
  const u16 = (v: number) => { const b = Buffer.alloc(2); be ? b.writeUInt16BE(v) : b.writeUInt16LE(v); return b; };
  const u32 = (v: number) => { const b = Buffer.alloc(4); be ? b.writeUInt32BE(v >>> 0) : b.writeUInt32LE(v >>> 0); return b; };
  const option = (code: number, value: Buffer) => Buffer.concat([u16(code), u16(value.length), value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
  const shb = pcapngBlock(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]), be);
  const idbs = interfaces.map((i) =>
    pcapngBlock(1, Buffer.concat([u16(i.linkType), u16(0), u32(262144), ...(i.tsresol !== undefined ? [option(9, Buffer.from([i.tsresol])), option(0, Buffer.alloc(0))] : [])]), be),
  );
  const epbs = packets.map((p) =>
    pcapngBlock(
      6,
      Buffer.concat([
        u32(p.interfaceId),
        u32(Number(p.ticks >> 32n)),
        u32(Number(p.ticks & 0xffffffffn)),
        u32(p.data.length),
        u32(p.data.length),
        p.data,
        Buffer.alloc((4 - (p.data.length % 4)) % 4),
        ...(p.comment ? [option(1, Buffer.from(p.comment)), option(0, Buffer.alloc(0))] : []),
      ]),
      be,
    ),
  );
  return Buffer.concat([shb, ...idbs, ...(options.extraBlocks ?? []), ...epbs]);
}
