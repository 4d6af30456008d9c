// Each link layer: where it says the IP header starts and which version it is, and the problem for a
// frame too short for its header. Frames sit in the middle of a reader's buffer (rawInBuffer), so that
// reading before the frame or past its end shows.
import { describe, expect, it } from 'vitest';
import { F, tcpFrame } from '../../test/helpers/frames.ts';
import { inBuffer, rawInBuffer } from '../../test/helpers/raw-packet.ts';
import { decodePacket } from './decode-packet.js';

const v4 = { src: '192.0.2.1', dst: '192.0.2.2', sport: 40000, dport: 8899, seq: 1000, flags: F.SYN };
const ipv4 = tcpFrame(v4).subarray(14);
const ipv6 = tcpFrame({ ...v4, src: '2001:db8::1', dst: '2001:db8::2' }).subarray(14);
const decode = (frame: Uint8Array, linkType: number) => decodePacket(rawInBuffer(frame, linkType));
const LINKTYPE_NULL = 0;
const LINKTYPE_SLL = 113;
const LINKTYPE_SLL2 = 276;

describe('Linux cooked capture (SLL, link type 113)', () => {
  const sll = (protocol: number) => Buffer.from([0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, protocol >> 8, protocol & 0xff]);

  it('reads the protocol from bytes 14–15 and the IP header after 16 bytes', () => {
    const p = decode(Buffer.concat([sll(0x86dd), ipv6]), LINKTYPE_SLL);
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ version: 6, offset: inBuffer(16), src: '2001:db8::1' });
    expect(p.tcp).toMatchObject({ srcPort: 40000, seq: 1000 });
  });

  it('a frame shorter than 16 bytes is a problem of the cooked header; 16 bytes is a header with an empty packet', () => {
    expect(decode(sll(0x0800).subarray(0, 15), LINKTYPE_SLL).problem).toEqual({ layer: 'sll', offset: 0, message: 'Linux cooked header needs 16 bytes, the frame has 15' });
    expect(decode(sll(0x0800), LINKTYPE_SLL).problem).toEqual({ layer: 'ipv4', offset: 16, message: 'IPv4 header needs 20 bytes, 0 present' });
  });
});

describe('Linux cooked capture v2 (SLL2, link type 276)', () => {
  const sll2 = (protocol: number) => Buffer.from([protocol >> 8, protocol & 0xff, 0, 0, 0, 0, 0, 2, 0, 1, 4, 6, 1, 2, 3, 4, 5, 6, 0, 0]);

  it('reads the protocol from its first two bytes and the IP header after 20 bytes', () => {
    const p = decode(Buffer.concat([sll2(0x86dd), ipv6]), LINKTYPE_SLL2);
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ version: 6, offset: inBuffer(20) });
    expect(p.tcp?.seq).toBe(1000);
  });

  it('a frame shorter than 20 bytes is a problem of the cooked header; 20 bytes is a header with an empty packet', () => {
    expect(decode(sll2(0x0800).subarray(0, 19), LINKTYPE_SLL2).problem).toEqual({ layer: 'sll2', offset: 0, message: 'Linux cooked v2 header needs 20 bytes, the frame has 19' });
    expect(decode(sll2(0x0800), LINKTYPE_SLL2).problem).toEqual({ layer: 'ipv4', offset: 20, message: 'IPv4 header needs 20 bytes, 0 present' });
  });
});

describe('BSD loopback (link type 0): the address family in the capturing host’s byte order', () => {
  const family = (bytes: number[]) => decode(Buffer.concat([Buffer.from(bytes), bytes[0] === 2 || bytes[3] === 2 ? ipv4 : ipv6]), LINKTYPE_NULL);

  it.each([
    ['AF_INET, little-endian', [2, 0, 0, 0], 4],
    ['AF_INET, big-endian', [0, 0, 0, 2], 4],
    ['AF_INET6 as Linux numbers it (10)', [10, 0, 0, 0], 6],
    ['AF_INET6 as NetBSD and OpenBSD number it (24)', [24, 0, 0, 0], 6],
    ['AF_INET6 as FreeBSD numbers it (28), big-endian', [0, 0, 0, 28], 6],
    ['AF_INET6 as macOS numbers it (30)', [30, 0, 0, 0], 6],
  ])('%s', (_, header, version) => {
    const p = family(header);
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ version, offset: inBuffer(4) });
    expect(p.tcp?.seq).toBe(1000);
  });

  it.each([
    ['a family that is neither', [99, 0, 0, 0], 99],
    // Read little-endian, 256 and more (or a negative number: the top bit set) cannot be a family: the header is big-endian.
    ['256 read little-endian', [0, 1, 0, 0], 0x00010000],
    ['the top bit set read little-endian', [10, 0, 0, 0x80], 0x0a000080],
  ])('%s is a problem that names the family', (_, header, number) => {
    expect(decode(Buffer.concat([Buffer.from(header), ipv4]), LINKTYPE_NULL).problem).toEqual({ layer: 'loopback', offset: 0, message: `address family ${number} is neither IPv4 nor IPv6` });
  });

  it('a frame shorter than the 4-byte header is a problem; 4 bytes is a header with an empty packet', () => {
    expect(decode(Buffer.from([2, 0, 0]), LINKTYPE_NULL).problem).toEqual({ layer: 'loopback', offset: 0, message: 'loopback header needs 4 bytes, the frame has 3' });
    expect(decode(Buffer.from([2, 0, 0, 0]), LINKTYPE_NULL).problem).toEqual({ layer: 'ipv4', offset: 4, message: 'IPv4 header needs 20 bytes, 0 present' });
  });
});

describe('raw IP (link types 12, 101, 228, 229): the version nibble says which', () => {
  it.each([12, 101, 228, 229])('link type %i', (linkType) => {
    expect(decode(ipv4, linkType).ip).toMatchObject({ version: 4, offset: inBuffer(0) });
    expect(decode(ipv6, linkType).ip).toMatchObject({ version: 6, offset: inBuffer(0) });
  });

  it('an empty frame is a problem of the link; one byte is an IPv4 header cut short', () => {
    expect(decode(Buffer.alloc(0), 101).problem).toEqual({ layer: 'link', offset: 0, message: 'empty frame' });
    expect(decode(Buffer.from([0x45]), 101).problem).toEqual({ layer: 'ipv4', offset: 0, message: 'IPv4 header needs 20 bytes, 1 present' });
  });
});

describe('Ethernet', () => {
  it('a frame shorter than 14 bytes is a problem of the Ethernet header', () => {
    expect(decode(tcpFrame(v4).subarray(0, 13), 1).problem).toEqual({ layer: 'ethernet', offset: 0, message: 'Ethernet header needs 14 bytes, the frame has 13' });
  });

  it('a frame that ends inside an 802.1Q tag is a problem of that tag, and keeps the ids of the tags before it', () => {
    const p = decode(tcpFrame({ ...v4, vlans: [10, 20] }).subarray(0, 21), 1);
    expect(p.problem).toEqual({ layer: 'vlan', offset: 18, message: 'frame ends inside an 802.1Q tag' });
    expect(p.vlans).toEqual([10]);
  });

  it('802.1Q, 802.1ad and the older 0x9100 tags are all stripped', () => {
    const frame = tcpFrame({ ...v4, vlans: [7, 8, 9] });
    frame.writeUInt16BE(0x88a8, 12);
    frame.writeUInt16BE(0x9100, 16);
    const p = decode(frame, 1);
    expect(p.vlans).toEqual([7, 8, 9]);
    expect(p.ip?.offset).toBe(inBuffer(26));
  });
});

it('an unsupported link type is a problem that lists the supported ones', () => {
  expect(decode(ipv4, 147).problem).toEqual({ layer: 'link', offset: 0, message: 'link type 147 is not supported (supported: 0, 1, 12, 101, 113, 228, 229, 276)' });
});
