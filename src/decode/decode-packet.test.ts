import { describe, expect, it } from 'vitest';
import { F, tcpFrame } from '../../test/helpers/frames.ts';
import type { RawPacket } from '../capture/raw-packet.js';
import { decodePacket, PacketDecoder } from './decode-packet.js';
import { flagNames, TUNNEL } from './decoded-packet.js';
import { ipv6ToText } from './ip-address.js';
import { decodeTcpOptions } from './tcp.js';

const raw = (data: Buffer, linkType = 1): RawPacket => ({ frame: 1, sec: 0, nsec: 0, linkType, interfaceId: 0, bytes: data, start: 0, end: data.length, originalLength: data.length });
const spec = { src: '192.0.2.1', dst: '192.0.2.2', sport: 65054, dport: 8899, seq: 0x1212fb2a, flags: F.SYN, window: 0xfaf0 };
// The experiment's SYN options: MSS 1460, NOP, WS 8, NOP, NOP, SACK-permitted
const experimentOptions = [2, 4, 0x05, 0xb4, 1, 3, 3, 8, 1, 1, 4, 2];

describe('decodePacket', () => {
  it('decodes the experiment’s SYN over Ethernet', () => {
    const p = decodePacket(raw(tcpFrame({ ...spec, options: experimentOptions })));
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ version: 4, src: '192.0.2.1', dst: '192.0.2.2', offset: 14, headerLength: 20 });
    expect(p.tcp).toMatchObject({ srcPort: 65054, dstPort: 8899, seq: 0x1212fb2a, headerLength: 32, flags: 2, window: 64240, payloadLength: 0 });
    expect(decodeTcpOptions(p.raw.bytes, p.tcp!)).toEqual([
      { kind: 2, name: 'MSS', value: 1460 },
      { kind: 1, name: 'NOP' },
      { kind: 3, name: 'WS', shift: 8, multiplier: 256 },
      { kind: 1, name: 'NOP' },
      { kind: 1, name: 'NOP' },
      { kind: 4, name: 'SACK_PERM' },
    ]);
  });

  it('strips 802.1Q and QinQ tags and keeps the VLAN ids', () => {
    const p = decodePacket(raw(tcpFrame({ ...spec, vlans: [10, 20] })));
    expect(p.vlans).toEqual([10, 20]);
    expect(p.tcp?.dstPort).toBe(8899);
  });

  it('decodes Linux SLL, SLL2, BSD loopback and raw IP', () => {
    const ipPacket = tcpFrame(spec).subarray(14);
    const sll = Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00]), ipPacket]);
    const sll2 = Buffer.concat([Buffer.from([0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 4, 6, 1, 2, 3, 4, 5, 6, 0, 0]), ipPacket]);
    const loopback = Buffer.concat([Buffer.from([2, 0, 0, 0]), ipPacket]);
    for (const [data, linkType] of [[sll, 113], [sll2, 276], [loopback, 0], [ipPacket, 101]] as const) {
      expect(decodePacket(raw(data, linkType)).tcp?.seq).toBe(0x1212fb2a);
    }
  });

  it('decodes IPv6 with extension headers and prints addresses in RFC 5952 form', () => {
    const frame = tcpFrame({ ...spec, src: '2001:db8::1', dst: '2001:db8:0:0:1:0:0:1' });
    const ip = frame.subarray(14, 54);
    const hopByHop = Buffer.from([6, 0, 1, 4, 0, 0, 0, 0]); // next header TCP, 8 bytes
    const withExt = Buffer.concat([frame.subarray(0, 14), ip, hopByHop, frame.subarray(54)]);
    withExt[14 + 6] = 0; // next header: hop-by-hop
    withExt.writeUInt16BE(ip.readUInt16BE(4) + 8, 14 + 4);
    const p = decodePacket(raw(withExt));
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ version: 6, src: '2001:db8::1', dst: '2001:db8::1:0:0:1', headerLength: 48 });
    expect(p.tcp?.dstPort).toBe(8899);
    expect(ipv6ToText(Buffer.from('00000000000000000000ffffc0000201', 'hex'), 0)).toBe('::ffff:192.0.2.1');
  });

  it('trims Ethernet padding using the IPv4 total length', () => {
    const frame = Buffer.concat([tcpFrame({ ...spec, flags: F.ACK }), Buffer.alloc(6)]);
    expect(decodePacket(raw(frame)).tcp?.payloadLength).toBe(0);
  });

  it('keeps the segment length of a packet cut by the snap length', () => {
    const frame = tcpFrame({ ...spec, flags: F.ACK | F.PSH, payload: Buffer.alloc(1000) });
    const p = decodePacket({ ...raw(frame.subarray(0, 80)), originalLength: frame.length });
    expect(p.problem).toBeNull();
    expect(p.tcp?.payloadLength).toBe(1000);
  });

  it('names every flag, including ECE, CWR and AE', () => {
    expect(flagNames(F.SYN | F.ACK | F.ECE | F.CWR | 0x100)).toEqual(['SYN', 'ACK', 'ECE', 'CWR', 'AE']);
    const p = decodePacket(raw(tcpFrame({ ...spec, flags: 0x100 | F.ACK })));
    expect(p.tcp?.flags).toBe(0x110);
  });

  it('decodes SACK blocks and timestamps, keeps unknown options, flags malformed ones', () => {
    const options = [5, 10, 0, 0, 0, 1, 0, 0, 0, 9, 8, 10, 0, 0, 0, 7, 0, 0, 0, 3, 30, 4, 0xab, 0xcd];
    const p = decodePacket(raw(tcpFrame({ ...spec, flags: F.ACK, options })));
    expect(decodeTcpOptions(p.raw.bytes, p.tcp!)).toEqual([
      { kind: 5, name: 'SACK', blocks: [[1, 9]] },
      { kind: 8, name: 'TS', tsval: 7, tsecr: 3 },
      { kind: 30, name: 'UNKNOWN', bytes: 'abcd' },
    ]);
    const bad = decodePacket(raw(tcpFrame({ ...spec, options: [2, 1, 0, 0] })));
    expect(decodeTcpOptions(bad.raw.bytes, bad.tcp!)).toEqual([{ kind: 2, name: 'MALFORMED', offset: 20, reason: 'length 1 is below 2' }]);
    const past = decodePacket(raw(tcpFrame({ ...spec, options: [1, 1, 2, 8] })));
    expect(decodeTcpOptions(past.raw.bytes, past.tcp!)[2]).toMatchObject({ name: 'MALFORMED', reason: 'length 8 runs past the end of the header' });
  });

  it('marks where decoding stopped instead of throwing', () => {
    const frame = tcpFrame(spec);
    expect(decodePacket(raw(frame.subarray(0, 30))).problem).toEqual({ layer: 'ipv4', offset: 14, message: 'IPv4 header needs 20 bytes, 16 present' });
    expect(decodePacket(raw(frame.subarray(0, 40))).problem).toMatchObject({ layer: 'tcp', offset: 34 });
    const badOffset = Buffer.from(frame);
    badOffset[34 + 12] = 0x30;
    expect(decodePacket(raw(badOffset)).problem).toEqual({ layer: 'tcp', offset: 46, message: 'data offset 3 is below the minimum of 5' });
    expect(decodePacket(raw(frame, 999)).problem?.layer).toBe('link');
  });

  it('reads a frame in the middle of the reader’s buffer, bounded by its end, and tells offsets from its start', () => {
    const frame = tcpFrame(spec);
    const cut = 40; // inside the TCP header: the bytes after the cut belong to the next record
    const buffer = Buffer.concat([Buffer.alloc(100, 0xee), frame, Buffer.alloc(50, 0xee)]);
    const p = decodePacket({ ...raw(buffer), start: 100, end: 100 + cut });
    expect(p.problem).toEqual({ layer: 'tcp', offset: 34, message: 'TCP header needs 20 bytes, 6 present' });
    const whole = decodePacket({ ...raw(buffer), start: 100, end: 100 + frame.length });
    expect(whole.problem).toBeNull();
    expect(whole.ip).toMatchObject({ src: '192.0.2.1', dst: '192.0.2.2', offset: 114 });
    expect(whole.tcp).toMatchObject({ srcPort: 65054, seq: 0x1212fb2a, offset: 134, payloadLength: 0 });
  });

  it('says, for every cut of a frame, the layer and offset where decoding stopped', () => {
    const frame = tcpFrame({ ...spec, options: experimentOptions, vlans: [5] });
    // Ethernet 0–13, the 802.1Q tag 14–17, IPv4 18–37, TCP 38–69 (20 bytes, then 12 of options).
    const expected = (n: number) =>
      n < 14 ? { layer: 'ethernet', offset: 0 } : n < 18 ? { layer: 'vlan', offset: 14 } : n < 38 ? { layer: 'ipv4', offset: 18 } : n < 58 ? { layer: 'tcp', offset: 38 } : { layer: 'tcp', offset: 50 };
    for (let n = 0; n < frame.length; n++) {
      const p = decodePacket(raw(frame.subarray(0, n)));
      expect({ n, problem: p.problem, tcp: p.tcp }).toEqual({ n, problem: expect.objectContaining(expected(n)), tcp: null });
    }
    const whole = decodePacket(raw(frame));
    expect([whole.problem, whole.tcp?.headerLength]).toEqual([null, 32]);
  });
});

describe('PacketDecoder', () => {
  it('decodes frame after frame into the same objects, keeping nothing of one frame in the next', () => {
    const tcp = tcpFrame({ ...spec, vlans: [7] });
    const greIp = Buffer.from(tcp.subarray(18, 38));
    greIp[9] = 47;
    greIp.writeUInt16BE(20 + 4 + 40, 2);
    const gre = Buffer.concat([tcp.subarray(0, 18), greIp, Buffer.from([0, 0, 0x08, 0x00]), tcpFrame(spec).subarray(14)]);
    const ethernet = (type: number, payload: Buffer) => Buffer.concat([tcp.subarray(0, 12), Buffer.from([type >> 8, type & 0xff]), payload]);
    const frames = [gre, ethernet(0x0806, Buffer.alloc(28)), ethernet(0x8847, Buffer.concat([Buffer.from([0, 0, 0x11, 64]), tcpFrame(spec).subarray(14)])), tcpFrame(spec).subarray(0, 30), tcpFrame(spec)];
    const decoder = new PacketDecoder();
    const results = frames.map((frame) => {
      const p = decoder.decode(raw(frame));
      return { vlans: [...p.vlans], ip: p.ip?.protocol ?? null, seq: p.tcp?.seq ?? null, problem: p.problem?.layer ?? null, undecoded: p.undecoded?.name ?? null, tunnels: p.tunnels };
    });
    expect(results).toEqual([
      { vlans: [7], ip: 6, seq: spec.seq, problem: null, undecoded: null, tunnels: TUNNEL.gre },
      { vlans: [], ip: null, seq: null, problem: null, undecoded: null, tunnels: 0 }, // ARP
      { vlans: [], ip: null, seq: null, problem: null, undecoded: 'MPLS', tunnels: 0 },
      { vlans: [], ip: null, seq: null, problem: 'ipv4', undecoded: null, tunnels: 0 },
      { vlans: [], ip: 6, seq: spec.seq, problem: null, undecoded: null, tunnels: 0 },
    ]);
  });
});
