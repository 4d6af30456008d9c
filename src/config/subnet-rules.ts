// What network.subnet may be: an IPv4 CIDR with room for the lab's addresses that cannot disturb the
// host — not loopback, link-local, multicast or 0.0.0.0/8, and overlapping neither the host's interfaces
// nor the engine's existing networks (a bridge on such a subnet would take routes away from them).
import type { ConfigDetail, ForbiddenRange, SubnetOwner, SubnetProblem } from './config-detail.js';

export interface Ipv4Block {
  start: number;
  end: number;
}

/** The ranges a lab's network must stay out of, and why. */
const FORBIDDEN: { cidr: string; range: ForbiddenRange }[] = [
  { cidr: '0.0.0.0/8', range: 'thisNetwork' },
  { cidr: '127.0.0.0/8', range: 'loopback' },
  { cidr: '169.254.0.0/16', range: 'linkLocal' },
  { cidr: '224.0.0.0/4', range: 'multicast' },
  { cidr: '240.0.0.0/4', range: 'reserved' },
];

/** Network and broadcast addresses, the gateway (.1), the server (.2), the client (.3): a /29 at least. */
export const SMALLEST_LAB_PREFIX = 29;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The block of an IPv4 CIDR, or what is wrong with it. */
export function parseIpv4Cidr(text: string): Ipv4Block | { problem: SubnetProblem } {
  const match = CIDR.exec(text);
  if (!match) return { problem: { kind: 'notCidr' } };
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  const big = octets.find((o) => o > 255);
  if (big !== undefined) return { problem: { kind: 'octetTooBig', octet: big } };
  if (prefix > 32) return { problem: { kind: 'prefixTooLong', prefix } };
  const address = octets.reduce((value, o) => value * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  if (start !== address) return { problem: { kind: 'hostBitsSet', network: intToIpv4(start), prefix, address: intToIpv4(address) } };
  return { start, end: start + size - 1 };
}

export function intToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** What is wrong with a subnet on its own (syntax, size, a forbidden range), or undefined. */
export function subnetProblem(text: string): SubnetProblem | undefined {
  const block = parseIpv4Cidr(text);
  if ('problem' in block) return block.problem;
  const prefix = Number(text.split('/')[1]);
  if (prefix > SMALLEST_LAB_PREFIX) return { kind: 'tooSmall', prefix, addresses: 2 ** (32 - prefix), smallest: SMALLEST_LAB_PREFIX };
  const forbidden = FORBIDDEN.find((f) => overlaps(block, parseIpv4Cidr(f.cidr) as Ipv4Block));
  if (forbidden) return { kind: 'forbidden', range: forbidden.range, cidr: forbidden.cidr };
  return undefined;
}

export interface NamedSubnet {
  owner: SubnetOwner;
  cidr: string;
}

/** The first of `taken` that the subnet overlaps (IPv6 and unparsable entries are ignored). */
export function firstOverlap(text: string, taken: readonly NamedSubnet[]): NamedSubnet | undefined {
  const block = parseIpv4Cidr(text);
  if ('problem' in block) return undefined;
  return taken.find((t) => {
    const other = parseIpv4Cidr(t.cidr);
    return !('problem' in other) && overlaps(block, other);
  });
}

/** The IPv4 subnets of this machine's interfaces, from Node's view of them (addresses with their netmask). */
export function interfaceSubnets(interfaces: NodeJS.Dict<{ family: string; cidr: string | null; internal: boolean }[]>): NamedSubnet[] {
  const subnets: NamedSubnet[] = [];
  for (const [name, addresses] of Object.entries(interfaces)) {
    for (const address of addresses ?? []) {
      if (address.family !== 'IPv4' || address.internal || !address.cidr) continue;
      const [ip, prefix] = address.cidr.split('/');
      const size = 2 ** (32 - Number(prefix));
      const value = ip!.split('.').reduce((v, o) => v * 256 + Number(o), 0);
      subnets.push({ owner: { kind: 'interface', name }, cidr: `${intToIpv4(Math.floor(value / size) * size)}/${prefix}` });
    }
  }
  return subnets;
}

/** The mistake of a subnet that overlaps one the host or the engine already uses. */
export function subnetTakenDetail(subnet: string, taken: NamedSubnet): ConfigDetail {
  return { kind: 'subnetTaken', subnet, taken: taken.cidr, owner: taken.owner };
}
