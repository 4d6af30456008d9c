// Picks a private subnet for a lab that overlaps no existing network, so many labs can run on one host.

const POOL_BASE = ipv4ToInt('172.29.0.0');
const POOL_PREFIX = 16;
const LAB_PREFIX = 26; // 62 addresses: server, client, capture and room for multi-client labs

export interface Ipv4Range {
  start: number;
  end: number;
}

export function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

export function intToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The address range of an IPv4 CIDR; null for IPv6 or anything unparsable. */
export function cidrRange(cidr: string): Ipv4Range | null {
  const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
  if (!match) return null;
  const size = 2 ** (32 - Number(match[2]));
  const start = Math.floor(ipv4ToInt(match[1]!) / size) * size;
  return { start, end: start + size - 1 };
}

/** Candidate subnets in the pool, starting at a random offset so concurrent labs rarely pick the same one. */
export function freeSubnets(used: string[], random: () => number = Math.random): string[] {
  const taken = used.map(cidrRange).filter((range) => range !== null);
  const size = 2 ** (32 - LAB_PREFIX);
  const count = 2 ** (LAB_PREFIX - POOL_PREFIX);
  const first = Math.floor(random() * count);
  const free: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = POOL_BASE + ((first + i) % count) * size;
    const end = start + size - 1;
    if (!taken.some((range) => range.start <= end && start <= range.end)) free.push(`${intToIpv4(start)}/${LAB_PREFIX}`);
  }
  return free;
}

/** The nth host address of a subnet (1 is the gateway Docker takes). */
export function hostAddress(cidr: string, n: number): string {
  const range = cidrRange(cidr);
  if (!range) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  return intToIpv4(range.start + n);
}
