// What network.subnet may be: an IPv4 CIDR with room for the lab's addresses that cannot disturb the
// host — not loopback, link-local, multicast or 0.0.0.0/8, and overlapping neither the host's interfaces
// nor the engine's existing networks (a bridge on such a subnet would take routes away from them).

export interface Ipv4Block {
  start: number;
  end: number;
}

/** The ranges a lab's network must stay out of, and why. */
const FORBIDDEN: { cidr: string; what: string }[] = [
  { cidr: '0.0.0.0/8', what: '0.0.0.0/8 ("this network")' },
  { cidr: '127.0.0.0/8', what: 'loopback (127.0.0.0/8)' },
  { cidr: '169.254.0.0/16', what: 'link-local (169.254.0.0/16)' },
  { cidr: '224.0.0.0/4', what: 'multicast (224.0.0.0/4)' },
  { cidr: '240.0.0.0/4', what: 'reserved and broadcast (240.0.0.0/4)' },
];

/** Network and broadcast addresses, the gateway (.1), the server (.2), the client (.3): a /29 at least. */
export const SMALLEST_LAB_PREFIX = 29;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The block of an IPv4 CIDR, or what is wrong with it (worded to follow "expected"). */
export function parseIpv4Cidr(text: string): Ipv4Block | { expected: string } {
  const match = CIDR.exec(text);
  if (!match) return { expected: '"auto" or an IPv4 CIDR such as 10.77.0.0/24' };
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  const big = octets.find((o) => o > 255);
  if (big !== undefined) return { expected: `an IPv4 address of four numbers from 0 to 255 (not ${big}) before the "/"` };
  if (prefix > 32) return { expected: `a prefix length of at most 32 after the "/" (${prefix} is more bits than an IPv4 address has)` };
  const address = octets.reduce((value, o) => value * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  if (start !== address) return { expected: `the subnet's first address: ${intToIpv4(start)}/${prefix} (${intToIpv4(address)} has host bits set)` };
  return { start, end: start + size - 1 };
}

export function intToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** What is wrong with a subnet on its own (syntax, size, a forbidden range), or undefined. */
export function subnetProblem(text: string): string | undefined {
  const block = parseIpv4Cidr(text);
  if ('expected' in block) return block.expected;
  const prefix = Number(text.split('/')[1]);
  if (prefix > SMALLEST_LAB_PREFIX) {
    return `a subnet of /${SMALLEST_LAB_PREFIX} or larger: the lab needs the network and broadcast addresses, the gateway, the server and the client (a /${prefix} has ${2 ** (32 - prefix)} addresses)`;
  }
  const forbidden = FORBIDDEN.find((f) => overlaps(block, parseIpv4Cidr(f.cidr) as Ipv4Block));
  if (forbidden) return `a private subnet such as 10.77.0.0/24, outside ${forbidden.what}: a lab network there would disturb the host`;
  return undefined;
}

export interface NamedSubnet {
  /** Who holds it: "interface eth0", "Docker network bridge". */
  owner: string;
  cidr: string;
}

/** The first of `taken` that the subnet overlaps (IPv6 and unparsable entries are ignored). */
export function firstOverlap(text: string, taken: readonly NamedSubnet[]): NamedSubnet | undefined {
  const block = parseIpv4Cidr(text);
  if ('expected' in block) return undefined;
  return taken.find((t) => {
    const other = parseIpv4Cidr(t.cidr);
    return !('expected' in other) && overlaps(block, other);
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
      subnets.push({ owner: `interface ${name}`, cidr: `${intToIpv4(Math.floor(value / size) * size)}/${prefix}` });
    }
  }
  return subnets;
}

/** The message for a subnet that overlaps one the host or the engine already uses. */
export function subnetTakenMessage(subnet: string, taken: NamedSubnet): string {
  return `expected a subnet that overlaps no network of this host, got ${subnet}, which overlaps ${taken.cidr} of ${taken.owner}; choose another or use "auto"`;
}
