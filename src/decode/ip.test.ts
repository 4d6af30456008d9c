// The IP headers' bounds: where the payload starts and ends (the length fields against the bytes
// captured), and the problem, with its offset, for each field that makes a header impossible.
import { describe, expect, it } from 'vitest';
import { F, tcpFrame } from '../../test/helpers/frames.ts';
import { inBuffer, rawInBuffer } from '../../test/helpers/raw-packet.ts';
import { decodePacket } from './decode-packet.js';

const v4 = { src: '192.0.2.1', dst: '192.0.2.2', sport: 40000, dport: 8899, seq: 1000, flags: F.ACK };
const v6 = { ...v4, src: '2001:db8::1', dst: '2001:db8::2' };
const decode = (frame: Uint8Array, originalLength = frame.length) => decodePacket(rawInBuffer(frame, 1, originalLength));
const NO_NEXT_HEADER = 59;

describe('IPv4', () => {
  /** The experiment's ACK with one byte of the IPv4 header (at `at`, from the IP header's start) set. */
  const withByte = (at: number, value: number) => {
    const frame = tcpFrame(v4);
    frame[14 + at] = value;
    return frame;
  };

  it.each([
    ['a version other than 4', withByte(0, 0x65), { offset: 14, message: 'version field is 6, not 4' }],
    ['a header length below 20 bytes', withByte(0, 0x44), { offset: 14, message: 'header length 16 is below the minimum of 20' }],
    ['a header length past the frame', withByte(0, 0x4f), { offset: 14, message: 'header with options needs 60 bytes, 40 present' }],
    ['a total length shorter than the header', withByte(3, 19), { offset: 16, message: 'total length 19 is shorter than the header (20)' }],
  ])('%s is a problem at the field', (_, frame, problem) => {
    expect(decode(frame)).toMatchObject({ problem: { layer: 'ipv4', ...problem }, ip: null, tcp: null });
  });

  it('a total length of just the header leaves no room for TCP, whatever bytes follow', () => {
    const p = decode(withByte(3, 20));
    expect(p.problem).toEqual({ layer: 'tcp', offset: 34, message: 'TCP header needs 20 bytes, 0 present' });
    expect(p.ip).toMatchObject({ payloadOffset: inBuffer(34), payloadEnd: inBuffer(34) });
  });

  it('options lengthen the header: TCP starts after them', () => {
    const plain = tcpFrame(v4);
    const frame = Buffer.concat([plain.subarray(0, 34), Buffer.from([1, 1, 1, 0]), plain.subarray(34)]);
    frame[14] = 0x46;
    frame.writeUInt16BE(plain.readUInt16BE(16) + 4, 16);
    const p = decode(frame);
    expect(p.ip).toMatchObject({ headerLength: 24, payloadOffset: inBuffer(38), payloadEnd: inBuffer(58), ttl: 64 });
    expect(p.tcp).toMatchObject({ offset: inBuffer(38), seq: 1000, payloadLength: 0 });
  });
});

describe('IPv6', () => {
  /** An IPv6 packet whose fixed header announces `next` and carries `payload` (its length field is the payload's). */
  const ipv6Packet = (next: number, payload: Buffer) => {
    const frame = Buffer.concat([tcpFrame(v6).subarray(0, 54), payload]);
    frame[14 + 6] = next;
    frame.writeUInt16BE(payload.length, 14 + 4);
    return frame;
  };
  const tcp = tcpFrame(v6).subarray(54);

  it('a version other than 6 is a problem', () => {
    const frame = tcpFrame(v6);
    frame[14] = 0x45;
    expect(decode(frame).problem).toEqual({ layer: 'ipv6', offset: 14, message: 'version field is 4, not 6' });
  });

  it('a header with no payload at all is a whole packet; the hop limit is its TTL', () => {
    const p = decode(ipv6Packet(NO_NEXT_HEADER, Buffer.alloc(0)));
    expect(p).toMatchObject({ problem: null, tcp: null, ip: { version: 6, protocol: NO_NEXT_HEADER, ttl: 64, payloadOffset: inBuffer(54), payloadEnd: inBuffer(54) } });
  });

  it('a frame shorter than the 40-byte header is a problem that says how much is there', () => {
    expect(decode(tcpFrame(v6).subarray(0, 14 + 39)).problem).toEqual({ layer: 'ipv6', offset: 14, message: 'IPv6 header needs 40 bytes, 39 present' });
  });

  it('the payload length drops Ethernet padding', () => {
    const p = decode(Buffer.concat([tcpFrame(v6), Buffer.alloc(6)]));
    expect(p.ip).toMatchObject({ payloadEnd: inBuffer(74), declaredEnd: inBuffer(74) });
    expect(p.tcp?.payloadLength).toBe(0);
  });

  it('a packet cut by the snap length: the captured payload ends at the cut, the segment keeps its length', () => {
    const frame = tcpFrame({ ...v6, payload: Buffer.alloc(1000) });
    const p = decode(frame.subarray(0, 100), frame.length);
    expect(p.ip).toMatchObject({ payloadEnd: inBuffer(100), declaredEnd: inBuffer(14 + 40 + 20 + 1000) });
    expect(p.tcp?.payloadLength).toBe(1000);
  });

  it('a routing header is skipped by its length in 8-byte units, less 1', () => {
    const routing = Buffer.alloc(16);
    routing[0] = 6;
    routing[1] = 1;
    const p = decode(ipv6Packet(43, Buffer.concat([routing, tcp])));
    expect(p.problem).toBeNull();
    expect(p.ip).toMatchObject({ headerLength: 56, protocol: 6, payloadOffset: inBuffer(70) });
    expect(p.tcp?.seq).toBe(1000);
  });

  it('an extension header that fills the packet to its end, with no next header, is a whole packet without TCP', () => {
    const hopByHop = Buffer.from([NO_NEXT_HEADER, 0, 1, 4, 0, 0, 0, 0]);
    const p = decode(ipv6Packet(0, hopByHop));
    expect(p).toMatchObject({ problem: null, undecoded: null, tcp: null, ip: { headerLength: 48, protocol: NO_NEXT_HEADER, payloadOffset: inBuffer(62), payloadEnd: inBuffer(62) } });
  });

  it('an extension header cut before its length byte is a problem at that header', () => {
    expect(decode(ipv6Packet(0, Buffer.from([6, 0, 1, 4]))).problem).toEqual({ layer: 'ipv6', offset: 54, message: 'extension header 0 runs past the packet' });
  });

  it('an extension header longer than the packet is a problem that gives its length', () => {
    const destination = Buffer.from([6, 5, 1, 4, 0, 0, 0, 0]); // (5 + 1) * 8 = 48 bytes
    expect(decode(ipv6Packet(60, Buffer.concat([destination, tcp]))).problem).toEqual({ layer: 'ipv6', offset: 54, message: 'extension header 60 (48 bytes) runs past the packet' });
  });
});
