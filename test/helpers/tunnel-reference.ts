// tshark's reading of the tunnel captures (test/fixtures/encapsulations): per frame the innermost TCP
// packet, and the TCP streams. It is stored in tshark-reading.json so that the unit tests (and the mutation
// run, where every mutant would start tshark ten times) compare with it without starting tshark; the
// reference project (src/decode/tunnels-vs-tshark.test.ts) checks the stored reading against tshark itself.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsharkFields } from './tshark.ts';

export const TUNNEL_DIR = fileURLToPath(new URL('../fixtures/encapsulations/', import.meta.url));
export const STORED_READING = `${TUNNEL_DIR}tshark-reading.json`;

export interface TsharkReading {
  /** Per frame: the innermost packet's endpoints, seq, flags and length, or null when it is not TCP. */
  frames: (string | null)[];
  /** Each TCP stream: its frames, and the payload bytes each way. */
  streams: { frames: number[]; toServer: number; toClient: number }[];
}

export function tunnelCaptures(): string[] {
  return readdirSync(TUNNEL_DIR).filter((name) => name.endsWith('.pcap')).sort();
}

const last = (field: string) => field.split(',').at(-1)!;

/** Asks tshark. MPLS is the one that tcp-lab does not decode: tshark must not look inside it either. */
export function readWithTshark(name: string): TsharkReading {
  const notMpls = name === 'mpls.pcap' ? ['-d', 'ethertype==0x8847,data'] : [];
  const fields = ['ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.flags', 'tcp.len'];
  const frames = tsharkFields(TUNNEL_DIR + name, ['frame.protocols', ...fields], notMpls).map(([, ip4src, ip6src, ip4dst, ip6dst, sport, dport, seq, flags, len]) => {
    if (!sport) return null;
    // The innermost addresses: IPv6 inside IPv4 lists both; the later layer is the inner one.
    const src = ip6src ? last(ip6src) : last(ip4src!);
    const dst = ip6dst ? last(ip6dst) : last(ip4dst!);
    return [src, dst, sport, dport, seq, parseInt(flags!, 16), len].join(' ');
  });
  const streams = new Map<string, TsharkReading['streams'][number]>();
  for (const [frame, stream, sport, len] of tsharkFields(TUNNEL_DIR + name, ['frame.number', 'tcp.stream', 'tcp.srcport', 'tcp.len'], ['-Y', 'tcp', ...notMpls])) {
    const s = streams.get(stream!) ?? { frames: [], toServer: 0, toClient: 0 };
    s.frames.push(Number(frame));
    if (sport === '8899') s.toClient += Number(len);
    else s.toServer += Number(len);
    streams.set(stream!, s);
  }
  return { frames, streams: [...streams.values()] };
}

export function storedReading(): Record<string, TsharkReading> {
  return JSON.parse(readFileSync(STORED_READING, 'utf8')) as Record<string, TsharkReading>;
}
