// The TCP Fast Open cookie option (RFC 7413) of a SYN or SYN-ACK: kind 34, or the experimental kind 254
// with the magic 0xF989 (RFC 6994's ExID) that older kernels sent. Linux reads the magic only in kind 254.
import { describe, expect, it } from 'vitest';
import { F, tcpFrame } from '../../test/helpers/frames.ts';
import { rawInBuffer } from '../../test/helpers/raw-packet.ts';
import { decodePacket } from '../decode/decode-packet.js';
import { fastOpenCookie } from './fast-open.js';

const syn = { src: '192.0.2.1', dst: '192.0.2.2', sport: 40000, dport: 8899, seq: 1000, flags: F.SYN };
const MSS = [2, 4, 5, 0xb4];

/** The cookie option of a SYN carrying `options` (padded with EOL to a multiple of 4). */
function cookieOf(options: number[]) {
  const p = decodePacket(rawInBuffer(tcpFrame({ ...syn, options })));
  return fastOpenCookie(p.raw.bytes, p.tcp!);
}

describe('fastOpenCookie', () => {
  it('tells a cookie request (the option alone) from a cookie presented, in kind 34', () => {
    expect(cookieOf([...MSS, 34, 2])).toBe('requested');
    expect(cookieOf([...MSS, 34, 10, 1, 2, 3, 4, 5, 6, 7, 8])).toBe('presented');
  });

  it('tells a request from a cookie in the experimental kind 254 with the magic 0xF989', () => {
    expect(cookieOf([254, 4, 0xf9, 0x89])).toBe('requested');
    expect(cookieOf([...MSS, 254, 12, 0xf9, 0x89, 1, 2, 3, 4, 5, 6, 7, 8])).toBe('presented');
  });

  it('finds none in a SYN without it, with other options only', () => {
    expect(cookieOf([])).toBeNull();
    expect(cookieOf([...MSS, 1, 3, 3, 7, 4, 2])).toBeNull();
  });

  it('takes no other experiment for Fast Open: kind 254 with another ExID, the magic in kind 253, or a kind 254 too short to hold the magic', () => {
    expect(cookieOf([254, 4, 0x4e, 0x4f])).toBeNull();
    expect(cookieOf([254, 12, 0x12, 0x34, 1, 2, 3, 4, 5, 6, 7, 8])).toBeNull();
    expect(cookieOf([253, 4, 0xf9, 0x89])).toBeNull();
    expect(cookieOf([253, 12, 0xf9, 0x89, 1, 2, 3, 4, 5, 6, 7, 8])).toBeNull();
    // A two-byte kind 254 holds no ExID: the bytes after it are the next option's (here one that runs
    // past the header, which ends the list), not a magic.
    expect(cookieOf([254, 2, 0xf9, 0x89])).toBeNull();
  });
});
