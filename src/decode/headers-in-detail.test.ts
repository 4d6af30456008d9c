// Header fields whose every bit matters to the decoder: fragment offsets, extension header lengths and
// VLAN tags, each through decodePacket on a frame built byte by byte.
import { describe, expect, it } from 'vitest';
import { F, tcpFrame } from '../../test/helpers/frames.ts';
import type { RawPacket } from '../capture/raw-packet.js';
import { decodePacket } from './decode-packet.js';

const raw = (data: Buffer): RawPacket => ({ frame: 1, sec: 0, nsec: 0, linkType: 1, interfaceId: 0, bytes: data, start: 0, end: data.length, originalLength: data.length });
const v4 = { src: '192.0.2.1', dst: '192.0.2.2', sport: 40000, dport: 8899, seq: 1000, flags: F.ACK | F.PSH, payload: Buffer.from('0123456789abcdef') };
const v6 = { ...v4, src: '2001:db8::1', dst: '2001:db8::2' };

/** An IPv4 frame with the fragment field (flags and offset in 8-byte units) set. */
function ipv4Fragment(moreFragments: boolean, offsetUnits: number): Buffer {
  const frame = tcpFrame(v4);
  frame.writeUInt16BE((moreFragments ? 0x2000 : 0) | offsetUnits, 14 + 6);
  return frame;
}

/** An IPv6 frame with one extension header of the given type and bytes inserted before TCP. */
function ipv6With(type: number, extension: Buffer): Buffer {
  const frame = tcpFrame(v6);
  extension[0] = 6; // its next header: TCP
  const out = Buffer.concat([frame.subarray(0, 54), extension, frame.subarray(54)]);
  out[14 + 6] = type;
  out.writeUInt16BE(frame.readUInt16BE(14 + 4) + extension.length, 14 + 4);
  return out;
}

describe('IPv4 fragments', () => {
  it('decodes TCP in the first fragment only: later ones carry the middle of the segment, not a header', () => {
    const first = decodePacket(raw(ipv4Fragment(true, 0)));
    expect(first.ip!.fragment).toEqual({ offset: 0, more: true });
    expect(first.tcp).toMatchObject({ srcPort: 40000, dstPort: 8899, seq: 1000 });
    for (const [more, units] of [[true, 1], [false, 1], [false, 185]] as const) {
      const later = decodePacket(raw(ipv4Fragment(more, units)));
      expect(later.problem).toBeNull();
      expect(later.ip!.fragment).toEqual({ offset: units * 8, more });
      expect(later.tcp).toBeNull();
    }
  });

  it('a whole packet with only "don’t fragment" set is no fragment', () => {
    const p = decodePacket(raw(tcpFrame(v4))); // the helper sets DF
    expect(p.ip!.fragment).toBeNull();
    expect(p.tcp?.seq).toBe(1000);
  });
});

describe('IPv6 extension headers', () => {
  it('an authentication header counts its length in 4-byte units, less 2 (RFC 4302)', () => {
    // Payload length 4 means (4 + 2) * 4 = 24 bytes; read as other headers are ((4 + 1) * 8 = 40), TCP would be missed.
    const ah = Buffer.alloc(24);
    ah[1] = 4;
    const p = decodePacket(raw(ipv6With(51, ah)));
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ headerLength: 64, protocol: 6 });
    expect(p.tcp).toMatchObject({ srcPort: 40000, seq: 1000, payloadLength: 16 });
  });

  it('other extension headers count 8-byte units, less 1', () => {
    const destination = Buffer.alloc(16);
    destination[1] = 1;
    const p = decodePacket(raw(ipv6With(60, destination)));
    expect(p.ip).toMatchObject({ headerLength: 56, protocol: 6 });
    expect(p.tcp).toMatchObject({ seq: 1000, payloadLength: 16 });
  });

  it('a fragment header: the first fragment decodes TCP, a later one does not, an atomic one is a whole packet', () => {
    const fragment = (offsetUnits: number, more: boolean) => {
      const header = Buffer.alloc(8);
      header.writeUInt16BE((offsetUnits << 3) | (more ? 1 : 0), 2);
      header.writeUInt32BE(0xdeadbeef, 4);
      return decodePacket(raw(ipv6With(44, header)));
    };
    expect(fragment(0, true)).toMatchObject({ ip: { fragment: { offset: 0, more: true }, id: 0xdeadbeef }, tcp: { seq: 1000 } });
    expect(fragment(3, false)).toMatchObject({ ip: { fragment: { offset: 24, more: false } }, tcp: null });
    expect(fragment(185, true)).toMatchObject({ ip: { fragment: { offset: 1480, more: true } }, tcp: null }); // both bytes of the field
    expect(fragment(0, false)).toMatchObject({ ip: { fragment: null }, tcp: { seq: 1000 } });
  });
});

describe('802.1Q tags', () => {
  it('keeps the 12-bit VLAN id, without the priority (PCP) and drop-eligible (DEI) bits', () => {
    const frame = tcpFrame({ ...v4, vlans: [10, 20] });
    frame[14] |= 0xe0 | 0x10; // outer tag: PCP 7, DEI set
    frame[18] |= 0xa0; // inner tag: PCP 5
    const p = decodePacket(raw(frame));
    expect(p.vlans).toEqual([10, 20]);
    expect(p.tcp?.seq).toBe(1000);
  });

  it('reads the highest id, 4095, and 802.1ad (0x88a8) outer tags', () => {
    const frame = tcpFrame({ ...v4, vlans: [4095, 1] });
    frame.writeUInt16BE(0x88a8, 12);
    expect(decodePacket(raw(frame)).vlans).toEqual([4095, 1]);
  });
});
