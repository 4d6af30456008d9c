// IPv6 addresses in RFC 5952's form (section 4: lowercase, no leading zeros, the longest run of two or
// more zero groups compressed, the first of equal runs; section 5: IPv4-mapped addresses end in dotted
// form), read from the middle of a buffer.
import { describe, expect, it } from 'vitest';
import { ipv4ToText, ipv6ToText } from './ip-address.js';

/** The address's 16 bytes, written out in full, 5 bytes into a buffer. */
const at5 = (groups: string) => Buffer.concat([Buffer.alloc(5, 0xee), Buffer.from(groups.replaceAll(':', ''), 'hex'), Buffer.alloc(3, 0xee)]);

describe('ipv6ToText', () => {
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:0db8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1'], // one zero group is not compressed
    ['2001:0000:0000:0001:0000:0000:0000:0001', '2001:0:0:1::1'], // the longest run
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // the first of two equal runs
    ['0000:0000:0000:0000:0000:0000:0000:0000', '::'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['fe80:0000:0000:0000:0000:0000:0000:0000', 'fe80::'],
    ['2001:0DB8:ABCD:0012:0000:0000:0000:00EF', '2001:db8:abcd:12::ef'],
    ['0000:0000:0000:0000:0000:ffff:c000:0201', '::ffff:192.0.2.1'],
    ['0000:0000:0000:0000:0001:ffff:c000:0201', '::1:ffff:c000:201'], // not IPv4-mapped: group 5 is not zero
    ['0064:ff9b:0000:0000:0000:0000:c000:0201', '64:ff9b::c000:201'], // NAT64 is not IPv4-mapped either
  ])('%s is %s', (full, text) => {
    expect(ipv6ToText(at5(full), 5)).toBe(text);
  });
});

it('ipv4ToText reads the four bytes at its offset', () => {
  expect(ipv4ToText(Buffer.from([0xee, 192, 0, 2, 255, 0xee]), 1)).toBe('192.0.2.255');
});
