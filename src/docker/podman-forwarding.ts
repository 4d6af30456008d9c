// Podman beside Docker on one host. Docker sets the FORWARD chain's policy to DROP and loads br_netfilter
// with net.bridge.bridge-nf-call-iptables = 1, so frames that cross a Linux bridge (container to container
// on one network) go through that chain. The lab's network is internal; Podman's netavark backend adds no
// rule that accepts an internal network's traffic, so the client's SYNs are dropped on the bridge and never
// reach the server. The CNI backend's firewall plugin accepts its containers' traffic: no conflict there.

export type IptablesVariant = 'iptables-nft' | 'iptables-legacy';

/** What one iptables back end's FORWARD chain does with bridged traffic between Podman's containers. */
export interface ForwardChain {
  variant: IptablesVariant;
  policyDrop: boolean;
  /** A rule accepts traffic between Podman's bridges (podman+ or podmanN), in FORWARD or DOCKER-USER. */
  acceptsPodmanBridges: boolean;
  /** Docker's chain for the user's own rules exists (Docker keeps the rules put there). */
  dockerUserChain: boolean;
}

/** What the engine's host says, read in its own network namespace (see src/lab/host-probes.ts). */
export interface HostForwarding {
  /** net.bridge.bridge-nf-call-iptables; undefined when br_netfilter is not loaded (bridged frames skip iptables). */
  bridgeNfCallIptables: boolean | undefined;
  chains: ForwardChain[];
  /** The back ends whose FORWARD chain could not be listed (no permission, a missing module): unknown. */
  unreadable: UnreadableChain[];
}

export interface UnreadableChain {
  variant: IptablesVariant;
  /** What iptables said, or its exit status when it said nothing. */
  reason: string;
}

export interface ForwardConflict {
  backend: string;
  /** The back ends that drop the traffic. */
  dropIn: IptablesVariant[];
  /** Where the accepting rule should go: DOCKER-USER when Docker has it, FORWARD otherwise. */
  chain: 'DOCKER-USER' | 'FORWARD';
}

/** The conflict, when the lab's internal network would lose its traffic on this host. `networkBackend` is
 * Podman's (`cni` or `netavark`); unknown means a Podman that did not say, which since 5.0 is netavark. */
export function podmanForwardConflict(networkBackend: string | undefined, host: HostForwarding): ForwardConflict | undefined {
  const backend = networkBackend ?? 'netavark';
  if (backend === 'cni' || host.bridgeNfCallIptables !== true) return undefined;
  const dropping = host.chains.filter((chain) => chain.policyDrop && !chain.acceptsPodmanBridges);
  if (!dropping.length) return undefined;
  return { backend, dropIn: dropping.map((chain) => chain.variant), chain: dropping.every((chain) => chain.dockerUserChain) ? 'DOCKER-USER' : 'FORWARD' };
}

/** The back ends that could not be read, when the answer depends on them (bridged traffic goes through
 * iptables under netavark): without a conflict in the others, the check is then not made, not passed. */
export function uncheckedChains(networkBackend: string | undefined, host: HostForwarding): UnreadableChain[] {
  if ((networkBackend ?? 'netavark') === 'cni' || host.bridgeNfCallIptables !== true) return [];
  return host.unreadable;
}

/** Marks a listing that failed, followed by iptables' exit status (its message is on the lines before). */
const FAILED = '!! exit status ';

/** The probe's script: the sysctl, then each back end's FORWARD and DOCKER-USER chains under a heading.
 * The legacy back end is read only when its filter table exists: listing it would create it. */
export const HOST_FORWARDING_SCRIPT = [
  'printf "bridge-nf-call-iptables=%s\\n" "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)"',
  `chains() { echo "== iptables-$1"; "iptables-$1" -S FORWARD 2>&1 || echo "${FAILED}$?"; "iptables-$1" -S DOCKER-USER 2>/dev/null; }`,
  'chains nft',
  'if grep -qx filter /proc/net/ip_tables_names 2>/dev/null; then chains legacy; fi',
].join('\n');

/** Reads the probe's output (HOST_FORWARDING_SCRIPT). A back end that cannot list its chain is unreadable. */
export function parseHostForwarding(output: string): HostForwarding {
  const sysctl = /^bridge-nf-call-iptables=(\d*)$/m.exec(output)?.[1];
  const chains: ForwardChain[] = [];
  const unreadable: UnreadableChain[] = [];
  for (const section of output.split(/^== /m).slice(1)) {
    const [variant, ...rest] = section.split('\n');
    if (variant !== 'iptables-nft' && variant !== 'iptables-legacy') continue;
    const lines = rest.map((line) => line.trim());
    const failure = lines.findIndex((line) => line.startsWith(FAILED));
    if (failure >= 0) {
      const said = lines.slice(0, failure).filter((line) => line && !line.startsWith('#'));
      unreadable.push({ variant, reason: said.join(' ') || `exit status ${lines[failure]!.slice(FAILED.length)}` });
      continue;
    }
    chains.push({
      variant,
      policyDrop: lines.includes('-P FORWARD DROP'),
      acceptsPodmanBridges: lines.some(acceptsPodmanBridges),
      dockerUserChain: lines.includes('-N DOCKER-USER'),
    });
  }
  return { bridgeNfCallIptables: sysctl ? sysctl !== '0' : undefined, chains, unreadable };
}

/** `-A FORWARD|DOCKER-USER [-i IF] [-o IF] -j ACCEPT` with nothing else, each interface one of Podman's
 * bridges (podman+, podmanN) or absent: a rule that accepts what flows between Podman's containers. */
function acceptsPodmanBridges(rule: string): boolean {
  const match = /^-A (?:FORWARD|DOCKER-USER)((?: -[io] \S+)*) -j ACCEPT$/.exec(rule);
  if (!match) return false;
  const interfaces = [...match[1]!.matchAll(/-[io] (\S+)/g)].map((m) => m[1]!);
  return interfaces.every((name) => /^podman(\+|\d+)$/.test(name));
}
