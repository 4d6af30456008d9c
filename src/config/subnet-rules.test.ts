// network.subnet's rules as facts: each way a CIDR can be wrong, the ranges a lab must stay out of (and
// where they end), overlaps with the host's subnets down to a shared address, and the host's subnets as
// Node lists its interfaces.
import { describe, expect, it } from 'vitest';
import { freshImport } from '../../test/helpers/fresh-import.ts';
import { firstOverlap, interfaceSubnets, intToIpv4, parseIpv4Cidr, subnetProblem, subnetTakenDetail, type NamedSubnet } from './subnet-rules.js';

/** The CIDR pattern and the forbidden ranges are built when the module loads: imported afresh, as each test sees them. */
const rules = () => freshImport(() => import('./subnet-rules.js'));

describe('parseIpv4Cidr', () => {
  it('gives the first and last address of the block', async () => {
    const { parseIpv4Cidr } = await rules();
    expect(parseIpv4Cidr('10.77.0.0/16')).toEqual({ start: 0x0a4d0000, end: 0x0a4dffff });
    expect(parseIpv4Cidr('192.168.100.0/24')).toEqual({ start: 0xc0a86400, end: 0xc0a864ff });
    expect(parseIpv4Cidr('10.0.0.128/25')).toEqual({ start: 0x0a000080, end: 0x0a0000ff });
    expect(parseIpv4Cidr('255.255.255.255/32')).toEqual({ start: 0xffffffff, end: 0xffffffff });
    expect(parseIpv4Cidr('0.0.0.0/0')).toEqual({ start: 0, end: 0xffffffff });
  });

  it.each([
    ['10.0.0.0', { kind: 'notCidr' }],
    ['10.0.0/24', { kind: 'notCidr' }],
    [' 10.0.0.0/24', { kind: 'notCidr' }],
    ['10.0.0.0/24 ', { kind: 'notCidr' }],
    ['10.0.0.0/124', { kind: 'notCidr' }],
    ['300.1.2.3/24', { kind: 'octetTooBig', octet: 300 }],
    ['10.0.0.256/24', { kind: 'octetTooBig', octet: 256 }],
    ['10.0.0.0/33', { kind: 'prefixTooLong', prefix: 33 }],
    ['10.0.0.5/24', { kind: 'hostBitsSet', network: '10.0.0.0', prefix: 24, address: '10.0.0.5' }],
    ['10.0.0.128/24', { kind: 'hostBitsSet', network: '10.0.0.0', prefix: 24, address: '10.0.0.128' }],
  ])('%s: %o', async (text, problem) => {
    const { parseIpv4Cidr } = await rules();
    expect(parseIpv4Cidr(text)).toEqual({ problem });
  });

  it('255 is the largest octet and 32 the longest prefix', () => {
    expect(parseIpv4Cidr('255.0.0.0/8')).toEqual({ start: 0xff000000, end: 0xffffffff });
    expect(parseIpv4Cidr('10.0.0.1/32')).toEqual({ start: 0x0a000001, end: 0x0a000001 });
  });
});

it('intToIpv4 writes every octet', () => {
  expect(intToIpv4(0xc0a80102)).toBe('192.168.1.2');
  expect(intToIpv4(0xffffffff)).toBe('255.255.255.255');
});

describe('subnetProblem', () => {
  it('a /29 is the smallest subnet with room for the lab; a /30 is too small', () => {
    expect(subnetProblem('10.77.0.0/29')).toBeUndefined();
    expect(subnetProblem('10.77.0.0/30')).toEqual({ kind: 'tooSmall', prefix: 30, addresses: 4, smallest: 29 });
  });

  it.each([
    ['0.0.0.0/8', 'thisNetwork', '0.0.0.0/8'],
    ['127.0.0.0/16', 'loopback', '127.0.0.0/8'],
    ['169.254.8.0/24', 'linkLocal', '169.254.0.0/16'],
    ['224.0.0.0/4', 'multicast', '224.0.0.0/4'],
    ['240.0.0.0/8', 'reserved', '240.0.0.0/4'],
    ['96.0.0.0/3', 'loopback', '127.0.0.0/8'], // 96.0.0.0–127.255.255.255
  ])('%s overlaps a range the host needs', async (subnet, range, cidr) => {
    const { subnetProblem } = await rules();
    expect(subnetProblem(subnet)).toEqual({ kind: 'forbidden', range, cidr });
  });

  it('the ranges end where they end: their neighbours are allowed', async () => {
    const { subnetProblem } = await rules();
    for (const subnet of ['1.0.0.0/8', '126.255.255.248/29', '128.0.0.0/8', '169.253.255.248/29', '169.255.0.0/16', '223.255.255.248/29']) expect(subnetProblem(subnet)).toBeUndefined();
  });

  it('what is wrong with the CIDR itself comes first', () => {
    expect(subnetProblem('127.0.0.1/8')).toEqual({ kind: 'hostBitsSet', network: '127.0.0.0', prefix: 8, address: '127.0.0.1' });
  });
});

describe('overlaps with subnets already in use', () => {
  const eth0: NamedSubnet = { owner: { kind: 'interface', name: 'eth0' }, cidr: '192.168.1.0/24' };
  const engine: NamedSubnet = { owner: { kind: 'engineNetwork' }, cidr: '10.77.0.0/16' };

  it('a subnet that shares even one address overlaps; one that ends just before does not', () => {
    expect(firstOverlap('192.168.0.0/16', [engine, eth0])).toBe(eth0);
    expect(firstOverlap('192.168.1.248/29', [eth0])).toBe(eth0);
    expect(firstOverlap('192.168.0.248/29', [eth0])).toBeUndefined();
    expect(firstOverlap('192.168.2.0/29', [eth0])).toBeUndefined();
    expect(firstOverlap('10.0.0.0/8', [eth0, engine])).toBe(engine);
  });

  it('a single address (a VPN’s /32) on the subnet’s first or last address overlaps it', () => {
    const vpn = (cidr: string): NamedSubnet => ({ owner: { kind: 'interface', name: 'wg0' }, cidr });
    expect(firstOverlap('10.9.0.8/29', [vpn('10.9.0.8/32')])?.cidr).toBe('10.9.0.8/32');
    expect(firstOverlap('10.9.0.8/29', [vpn('10.9.0.15/32')])?.cidr).toBe('10.9.0.15/32');
    expect(firstOverlap('10.9.0.8/29', [vpn('10.9.0.7/32'), vpn('10.9.0.16/32')])).toBeUndefined();
  });

  it('IPv6 subnets and unparsable ones are ignored, and so is a subnet that is no CIDR', () => {
    expect(firstOverlap('10.77.0.0/24', [{ owner: { kind: 'engineNetwork' }, cidr: 'fd00::/64' }, { owner: { kind: 'engineNetwork' }, cidr: 'bogus' }])).toBeUndefined();
    expect(firstOverlap('auto', [engine])).toBeUndefined();
  });

  it('the mistake names the subnet, the one it overlaps and whose it is', () => {
    expect(subnetTakenDetail('192.168.0.0/16', eth0)).toEqual({ kind: 'subnetTaken', subnet: '192.168.0.0/16', taken: '192.168.1.0/24', owner: { kind: 'interface', name: 'eth0' } });
  });
});

it('the host’s subnets: each IPv4 address’s network, leaving out loopback, IPv6 and addresses without a netmask', () => {
  expect(
    interfaceSubnets({
      lo: [{ family: 'IPv4', cidr: '127.0.0.1/8', internal: true }],
      eth0: [
        { family: 'IPv4', cidr: '192.168.1.23/24', internal: false },
        { family: 'IPv6', cidr: 'fe80::1/64', internal: false },
      ],
      wlan0: [{ family: 'IPv4', cidr: '10.20.30.40/12', internal: false }],
      tun0: [{ family: 'IPv4', cidr: null, internal: false }],
      none: undefined,
    }),
  ).toEqual([
    { owner: { kind: 'interface', name: 'eth0' }, cidr: '192.168.1.0/24' },
    { owner: { kind: 'interface', name: 'wlan0' }, cidr: '10.16.0.0/12' },
  ]);
});
