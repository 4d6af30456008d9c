// Tunnels built byte by byte: where each one's header ends (so where the packet inside starts), which
// headers are impossible and where, and what ends quietly (a packet that carries no TCP).
// encapsulations.test.ts checks the same tunnels on real captures against tshark.
import { describe, expect, it } from 'vitest';
import { F, tcpFrame } from '../../test/helpers/frames.ts';
import { inBuffer, rawInBuffer } from '../../test/helpers/raw-packet.ts';
import { decodePacket } from './decode-packet.js';
import { TUNNEL } from './decoded-packet.js';

const v4 = { src: '192.168.0.1', dst: '192.168.0.2', sport: 40000, dport: 8899, seq: 1000, flags: F.SYN };
const innerFrame = tcpFrame(v4);
const inner = innerFrame.subarray(14); // IPv4 and TCP, 40 bytes
const innerV6 = tcpFrame({ ...v4, src: '2001:db8::1', dst: '2001:db8::2' }).subarray(14);
const decode = (frame: Uint8Array) => decodePacket(rawInBuffer(frame));
/** Nothing to decode and nothing wrong: a packet that carries no TCP. */
const quietEnd = { problem: null, undecoded: null, tcp: null };

/** Ethernet and an outer IPv4 header (10.0.0.1 to 10.0.0.2, protocol `protocol`) carrying `payload`. */
function overIpv4(protocol: number, payload: Buffer): Buffer {
  const outer = Buffer.from(tcpFrame({ ...v4, src: '10.0.0.1', dst: '10.0.0.2' }).subarray(0, 34));
  outer[14 + 9] = protocol;
  outer.writeUInt16BE(20 + payload.length, 14 + 2);
  return Buffer.concat([outer, payload]);
}

describe('GRE (IP protocol 47)', () => {
  const gre = (header: number[], payload: Buffer = inner) => decode(overIpv4(47, Buffer.concat([Buffer.from(header), payload])));

  it.each([
    ['no optional field', 0x00, 4],
    ['a checksum', 0x80, 8],
    ['a key', 0x20, 8],
    ['a sequence number', 0x10, 8],
    ['checksum, key and sequence number', 0xb0, 16],
  ])('version 0 with %s: the packet inside starts after the header', (_, flags, length) => {
    const p = gre([flags, 0, 0x08, 0x00, ...Array(length - 4).fill(0xaa)]);
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ offset: inBuffer(34 + length), src: '192.168.0.1' });
    expect(p.tcp?.seq).toBe(1000);
    expect(p.tunnels).toBe(TUNNEL.gre);
  });

  it.each([
    ['shorter than 4 bytes', [0, 0, 0x08], Buffer.alloc(0), { offset: 34, message: 'GRE header needs 4 bytes, 3 present' }],
    ['with source routing', [0x40, 0, 0x08, 0x00], inner, { offset: 34, message: 'GRE with source routing (RFC 1701) is not decoded' }],
    ['of version 2', [0, 2, 0x08, 0x00], inner, { offset: 35, message: 'GRE version 2 is neither 0 nor 1' }],
    ['cut inside its optional fields', [0xb0, 0, 0x08, 0x00, 0, 0, 0, 0], Buffer.alloc(0), { offset: 34, message: 'GRE header with its optional fields needs 16 bytes, 8 present' }],
    ['of version 1 carrying IPv4 instead of PPP', [0x20, 0x01, 0x08, 0x00, 0, 40, 0, 7], inner, { offset: 36, message: 'enhanced GRE carries PPP (0x880b), not 0x800' }],
  ])('a header %s is a problem', (_, header, payload, problem) => {
    expect(gre(header, payload)).toMatchObject({ problem: { layer: 'gre', ...problem }, tcp: null });
  });

  it('a header of 4 bytes with nothing after it: the packet inside is empty', () => {
    expect(gre([0, 0, 0x08, 0x00], Buffer.alloc(0)).problem).toEqual({ layer: 'ipv4', offset: 38, message: 'IPv4 header needs 20 bytes, 0 present' });
  });

  it('version 1 (PPTP) with sequence and acknowledgement numbers: PPP starts after 16 bytes', () => {
    const ppp = Buffer.concat([Buffer.from([0xff, 0x03, 0x00, 0x21]), inner]);
    const p = gre([0x30, 0x81, 0x88, 0x0b, 0, ppp.length, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2], ppp);
    expect(p.problem).toBeNull();
    expect(p.ip?.offset).toBe(inBuffer(34 + 16 + 4));
    expect(p.tcp?.seq).toBe(1000);
  });

  it('version 1: the payload length bounds the PPP frame', () => {
    const ppp = Buffer.concat([Buffer.from([0xff, 0x03, 0x00, 0x21]), inner]);
    expect(gre([0x20, 0x01, 0x88, 0x0b, 0, 2, 0, 7], ppp).problem).toEqual({ layer: 'ppp', offset: 34 + 8 + 2, message: 'PPP frame ends before its protocol field' });
  });
});

describe('UDP (IP protocol 17) and VXLAN', () => {
  const udp = (srcPort: number, dstPort: number, payload: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt16BE(srcPort, 0);
    header.writeUInt16BE(dstPort, 2);
    header.writeUInt16BE(8 + payload.length, 4);
    return decode(overIpv4(17, Buffer.concat([header, payload])));
  };
  const VNI_VALID = [0x08, 0, 0, 0, 0, 0, 42, 0];

  it('a datagram shorter than the UDP header is a problem', () => {
    expect(decode(overIpv4(17, Buffer.from([0x9c, 0x40, 0, 53, 0, 7, 0]))).problem).toEqual({ layer: 'udp', offset: 34, message: 'UDP header needs 8 bytes, 7 present' });
  });

  it('a datagram that is no tunnel ends quietly, even an empty one', () => {
    expect(udp(40000, 53, Buffer.from('0123456789abcdef0123456789abcdef'))).toMatchObject({ ...quietEnd, tunnels: 0 });
    expect(udp(40000, 53, Buffer.alloc(0))).toMatchObject({ ...quietEnd, tunnels: 0 });
  });

  it('a tunnel that is not decoded is named by its port, the source port in a reply', () => {
    expect(udp(6081, 40000, Buffer.alloc(16))).toMatchObject({ problem: null, tcp: null, undecoded: { field: 'udp-port', value: 6081, name: 'Geneve' } });
  });

  it('VXLAN on port 4789: the Ethernet frame inside starts after the 8-byte VXLAN header', () => {
    const p = udp(40000, 4789, Buffer.concat([Buffer.from(VNI_VALID), innerFrame]));
    expect(p.problem).toBeNull();
    expect(p.ip?.offset).toBe(inBuffer(34 + 8 + 8 + 14));
    expect(p.tcp?.seq).toBe(1000);
    expect(p.tunnels).toBe(TUNNEL.vxlan);
  });

  it.each([
    ['shorter than 8 bytes', Buffer.from(VNI_VALID.slice(0, 7)), { layer: 'vxlan', offset: 42, message: 'VXLAN header needs 8 bytes, 7 present' }],
    ['without the I flag', Buffer.concat([Buffer.alloc(8), innerFrame]), { layer: 'vxlan', offset: 42, message: 'VXLAN flags lack the I bit (no valid VNI)' }],
    ['with nothing after it', Buffer.from(VNI_VALID), { layer: 'ethernet', offset: 50, message: 'Ethernet header needs 14 bytes, the frame has 0' }],
    ['with an Ethernet frame cut short', Buffer.concat([Buffer.from(VNI_VALID), innerFrame.subarray(0, 10)]), { layer: 'ethernet', offset: 50, message: 'Ethernet header needs 14 bytes, the frame has 10' }],
  ])('a VXLAN header %s is a problem', (_, payload, problem) => {
    expect(udp(40000, 4789, payload)).toMatchObject({ problem, tcp: null });
  });
});

describe('PPPoE sessions (EtherType 0x8864)', () => {
  /** Ethernet, a PPPoE session header (code `code`, its length field the PPP frame's unless given) and the PPP frame. */
  const pppoe = (ppp: Buffer, { versionType = 0x11, code = 0, length = ppp.length } = {}) => {
    const header = Buffer.from([versionType, code, 0x12, 0x34, length >> 8, length & 0xff]);
    return decode(Buffer.concat([innerFrame.subarray(0, 12), Buffer.from([0x88, 0x64]), header, ppp]));
  };

  it.each([
    ['IPv4, 2-byte protocol field', [0x00, 0x21], inner, 4],
    ['IPv4, compressed 1-byte protocol field', [0x21], inner, 4],
    ['IPv6', [0x00, 0x57], innerV6, 6],
  ])('%s: the IP header starts after the protocol field', (_, protocol, ip, version) => {
    const p = pppoe(Buffer.concat([Buffer.from(protocol), ip]));
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ version, offset: inBuffer(14 + 6 + protocol.length) });
    expect(p.tcp?.seq).toBe(1000);
    expect(p.tunnels).toBe(TUNNEL.pppoe);
  });

  it('a header of another version or type, or shorter than 6 bytes, is a problem', () => {
    expect(pppoe(Buffer.concat([Buffer.from([0x00, 0x21]), inner]), { versionType: 0x12 }).problem).toEqual({ layer: 'pppoe', offset: 14, message: 'version and type are 0x12, not 0x11' });
    expect(decode(Buffer.concat([innerFrame.subarray(0, 12), Buffer.from([0x88, 0x64, 0x11, 0, 0x12, 0x34, 0])])).problem).toEqual({ layer: 'pppoe', offset: 14, message: 'PPPoE header needs 6 bytes, 5 present' });
  });

  it('a discovery code in a session frame ends quietly', () => {
    expect(pppoe(Buffer.concat([Buffer.from([0x00, 0x21]), inner]), { code: 0x09 })).toMatchObject({ ...quietEnd, ip: null });
  });

  it('the length field bounds the PPP frame: what follows is padding', () => {
    expect(pppoe(Buffer.concat([Buffer.from([0x00, 0x21]), inner]), { length: 1 }).problem).toEqual({ layer: 'ppp', offset: 20, message: 'PPP frame ends inside its protocol field' });
  });

  it('a session header with nothing after it, and a protocol field that ends the frame: the layer inside is empty', () => {
    expect(pppoe(Buffer.alloc(0)).problem).toEqual({ layer: 'ppp', offset: 20, message: 'PPP frame ends before its protocol field' });
    expect(pppoe(Buffer.from([0x00, 0x21])).problem).toEqual({ layer: 'ipv4', offset: 22, message: 'IPv4 header needs 20 bytes, 0 present' });
  });

  it('a session longer than 255 bytes: both bytes of the length field bound it', () => {
    const ip = tcpFrame({ ...v4, flags: F.ACK | F.PSH, payload: Buffer.alloc(300) }).subarray(14);
    const p = pppoe(Buffer.concat([Buffer.from([0x00, 0x21]), ip]));
    expect(p.ip?.payloadEnd).toBe(inBuffer(14 + 6 + 2 + ip.length));
    expect(p.tcp?.payloadLength).toBe(300);
  });

  it('address and control (0xff 0x03) are skipped only as a pair at the start', () => {
    // Protocol 0x0003 is not address and control; 0xff alone is a compressed protocol field; after 0xff, padding is not control.
    expect(pppoe(Buffer.concat([Buffer.from([0x00, 0x03]), inner]))).toMatchObject({ problem: null, undecoded: { field: 'ppp-protocol', value: 0x0003, name: null } });
    expect(pppoe(Buffer.concat([Buffer.from([0xff, 0x21]), inner]))).toMatchObject({ problem: null, undecoded: { field: 'ppp-protocol', value: 0xff, name: null } });
    expect(pppoe(Buffer.from([0xff, 0x03, 0x00, 0x21]), { length: 1 })).toMatchObject({ problem: null, undecoded: { field: 'ppp-protocol', value: 0xff } });
  });

  it('PPP control protocols end quietly; network protocols that are not IP are named', () => {
    expect(pppoe(Buffer.from([0xc0, 0x21, 1, 1, 0, 4]))).toMatchObject(quietEnd);
    expect(pppoe(Buffer.from([0x02, 0x81, 0, 0, 0, 0]))).toMatchObject({ problem: null, tcp: null, undecoded: { field: 'ppp-protocol', value: 0x0281, name: 'MPLS' } });
  });
});

describe('IP in IP', () => {
  /** IPv4 packets inside each other, `depth` of them, the innermost carrying TCP. */
  const nested = (depth: number) => {
    let packet: Buffer = inner;
    for (let i = 1; i < depth; i++) packet = overIpv4(4, packet).subarray(14);
    return decode(Buffer.concat([innerFrame.subarray(0, 14), packet]));
  };

  it('decodes tunnels eight deep, and says where it stopped at nine', () => {
    const eight = nested(8);
    expect(eight.problem).toBeNull();
    expect(eight.ip?.offset).toBe(inBuffer(14 + 7 * 20));
    expect(eight.tcp?.seq).toBe(1000);
    expect(eight.tunnels).toBe(TUNNEL['ip-in-ip']);
    expect(nested(9)).toMatchObject({ problem: { layer: 'link', offset: 14 + 8 * 20, message: 'more than 8 encapsulations inside each other' }, tcp: null });
  });

  it('IPv4 inside IPv6', () => {
    const outer = Buffer.from(innerV6.subarray(0, 40));
    outer[6] = 4;
    outer.writeUInt16BE(inner.length, 4);
    const p = decode(Buffer.concat([innerFrame.subarray(0, 12), Buffer.from([0x86, 0xdd]), outer, inner]));
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ version: 4, src: '192.168.0.1', offset: inBuffer(54) });
    expect(p.tcp?.seq).toBe(1000);
  });
});
