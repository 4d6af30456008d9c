// Everything `lab up` will create, decided up front: names, labels, addresses and each container's command.
import { randomBytes } from 'node:crypto';
import type { FirewallDrop, KnownDrop } from '../analyse/report-model.js';
import type { LabConfig, Scenario } from '../config/lab-config.js';
import { sleepTotal } from '../config/steps.js';
import type { ImageRole } from '../docker/images.js';
import { resourceLabels } from '../docker/labels.js';
import type { ContainerSpec, NetworkSpec } from '../docker/runtime.js';
import { cidrRange, hostAddress } from '../docker/subnet.js';
import { CAPTURE_SPACE_BYTES } from './capture-space.js';

/** tcpdump writes the pcap here (a tmpfs in the capture container); the container streams it to `lab up`,
 * and `lab capture` replays and follows it. */
export const CAPTURE_FILE = '/capture/capture.pcap';

export interface LabPlan {
  lab: string;
  runId: string;
  network: NetworkSpec;
  server: ContainerSpec;
  client: ContainerSpec;
  /** Its networkMode is filled in once the server container exists. */
  capture: Omit<ContainerSpec, 'networkMode'>;
  /** Commands run as root in the server's namespace (through the capture container) before the client starts. */
  firewall: string[][];
  /** What those commands drop after the capture point, for the report to say why a segment was lost. */
  drops: KnownDrop[];
}

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

const MiB = 1024 * 1024;
/** tcpdump's kernel buffer. In immediate mode it holds one slot of the snapshot length per packet: 16 MiB
 * keeps about 250 packets while tcpdump waits for a CPU. 8 MiB (about 125) lost 6 of some 700 packets of 20
 * connections' bursts on a host busy with other labs (test/e2e/second-capture.test.ts, in a CI run). */
const CAPTURE_BUFFER_KIB = 16_384;
/** The largest frame a packet socket gets from the veth: a 64 KiB offloaded segment (IP's 16-bit length)
 * with its IPv6 and Ethernet headers (65,589 bytes), rounded up. tcpdump's default, 256 KiB, wastes three
 * quarters of every slot of the kernel buffer below. */
const CAPTURE_SNAP_BYTES = 65_600;
/** The programs run as "nobody": they need no privilege at all. */
const PROGRAM_USER = '65534:65534';

/** What every container gets unless it needs more: read-only root, no writable paths, small limits. */
export const LIMITS = {
  cpus: 0.5,
  // Explicit, small and below every host's hard limit: engines whose default exceeds it (Podman's
  // nofile 1048576) cannot start a container otherwise.
  ulimits: { nofile: 1024, nproc: 256 },
  logMaxBytes: 1 * MiB,
  tmpfs: {},
  sysctls: {},
  stdin: false,
} satisfies Partial<ContainerSpec>;

/** A unique-local IPv6 /64 derived from the lab's IPv4 subnet, so that it is as free as that one. */
export function ipv6SubnetFor(subnet: string): string {
  const start = cidrRange(subnet)!.start;
  return `fd74:6370:${((start >>> 16) & 0xffff).toString(16)}:${(start & 0xffff).toString(16)}::/64`;
}

function ipv6Host(subnet6: string, n: number): string {
  return subnet6.replace('::/64', `::${n.toString(16)}`);
}

/** Scripted: each program runs the scenario's steps. Interactive: both run in command mode (one command per
 * line on stdin, see images/common/COMMANDS.md), driven by the user; the server accepts only when told,
 * unless autoAccept. */
export type ProgramMode = { kind: 'scripted' } | { kind: 'interactive'; autoAccept: boolean };

export function planLab(
  config: LabConfig,
  scenario: Scenario & { name: string },
  images: Record<ImageRole, { tag: string }>,
  subnet: string,
  runId: string,
  mode: ProgramMode = { kind: 'scripted' },
): LabPlan {
  const lab = config.name;
  const scenarioName = scenario.name;
  const networkName = `lab-${lab}-${runId}`;
  const subnet6 = scenario.ipv6 ? ipv6SubnetFor(subnet) : undefined;
  const serverAddress = hostAddress(subnet, 2);
  const serverAddress6 = subnet6 ? ipv6Host(subnet6, 2) : undefined;
  const port = config.server.port;
  const targetPort = scenario.client.target === 'closed-port' ? (port < 65535 ? port + 1 : port - 1) : port;
  const labels = (role: string) => resourceLabels({ lab, run: runId, role, scenario: scenarioName });
  const firewall = firewallDrops(scenario, port).map((drop) => dropFirstRule(drop, Boolean(scenario.ipv6)));
  const drops = knownDrops(scenario, port, scenario.server.backlog ?? config.server.backlog);
  const settle = settleMs(scenario);
  return {
    lab,
    runId,
    network: { name: networkName, labels: labels('network'), subnet, ipv6Subnet: subnet6 },
    server: {
      ...LIMITS,
      name: `lab-${lab}-${runId}-server`,
      image: images.server.tag,
      cmd:
        mode.kind === 'interactive'
          ? [
              ...['--commands', '--port', String(port), '--backlog', String(scenario.server.backlog ?? config.server.backlog)],
              ...(scenario.ipv6 ? ['--ipv6'] : []),
              ...(scenario.fastOpen ? ['--fastopen'] : []),
              ...(mode.autoAccept ? ['--auto-accept'] : []),
            ]
          : [
              ...['--port', String(port), '--backlog', String(scenario.server.backlog ?? config.server.backlog), '--message', config.message],
              ...(scenario.server.steps ? ['--steps', scenario.server.steps.join(',')] : []),
              ...(scenario.server.accept === false ? ['--no-accept'] : []),
              ...(scenario.ipv6 ? ['--ipv6'] : []),
              ...(scenario.fastOpen ? ['--fastopen'] : []),
            ],
      stdin: mode.kind === 'interactive',
      labels: labels('server'),
      networkMode: networkName,
      ipv4Address: serverAddress,
      ipv6Address: serverAddress6,
      user: PROGRAM_USER,
      capAdd: [],
      // An unprivileged server may bind a port below 1024 in its own namespace, without any capability.
      sysctls: { ...(port < 1024 ? { 'net.ipv4.ip_unprivileged_port_start': String(port) } : {}), ...fastOpenSysctls(scenario) },
      pidsLimit: 64, // a fork per client: a runaway client loop cannot exhaust the host
      memoryBytes: 64 * MiB,
    },
    client: {
      ...LIMITS,
      name: `lab-${lab}-${runId}-client`,
      image: images.client.tag,
      cmd:
        mode.kind === 'interactive'
          ? ['--commands', '--host', serverAddress6 ?? serverAddress, '--port', String(targetPort), ...(scenario.fastOpen ? ['--fastopen'] : [])]
          : [
              ...['--host', serverAddress6 ?? serverAddress, '--port', String(targetPort), '--message', config.message],
              ...['--steps', scenario.client.steps.join(','), '--clients', String(scenario.client.count ?? 1), '--wait-signal'],
              ...(scenario.client.stagger ? ['--stagger', String(scenario.client.stagger)] : []),
              ...(scenario.client.connectTimeout ? ['--connect-timeout', String(scenario.client.connectTimeout)] : []),
              ...(scenario.fastOpen ? ['--fastopen'] : []),
              ...(settle !== undefined ? ['--settle-at-end', String(settle)] : []),
            ],
      stdin: mode.kind === 'interactive',
      sysctls: fastOpenSysctls(scenario),
      labels: labels('client'),
      networkMode: networkName,
      ipv4Address: hostAddress(subnet, 3),
      ipv6Address: subnet6 ? ipv6Host(subnet6, 3) : undefined,
      user: PROGRAM_USER,
      capAdd: [],
      pidsLimit: 64,
      memoryBytes: 64 * MiB,
    },
    capture: {
      ...LIMITS,
      name: `lab-${lab}-${runId}-capture`,
      image: images.capture.tag,
      // The image's entry point adds `-w -` into a file that it streams to stdout, read through attach.
      // -B and -s: in immediate mode each packet takes a slot of the kernel buffer as large as the snapshot
      // length (the veth offloads large segments, so libpcap cannot size slots by the MTU). With the defaults
      // (2 MiB, 256 KiB) it held a handful, and a burst that came while tcpdump waited for a CPU (20 clients
      // echoing 14 KB each on a loaded host) lost hundreds of them (see CAPTURE_BUFFER_KIB). The kernel buffer,
      // the 64 MiB capture space and tcpdump fit in the container's 128 MiB.
      cmd: ['--immediate-mode', '-U', '-n', '-p', '-B', String(CAPTURE_BUFFER_KIB), '-s', String(CAPTURE_SNAP_BYTES), '-i', 'eth0', 'tcp'],
      labels: labels('capture'),
      // Raw sockets for tcpdump, which then switches to its own user, keeping no capability; KILL so that
      // the entry point (root) may still pass it the stop signal. NET_ADMIN only when a firewall rule goes
      // in (-p: no promiscuous mode, which would need it too).
      capAdd: ['NET_RAW', 'SETUID', 'SETGID', 'KILL', ...(firewall.length ? ['NET_ADMIN'] : [])],
      tmpfs: { '/capture': CAPTURE_SPACE_BYTES },
      cpus: 1, // its work follows the lab's traffic: a burst must not wait for the quota of half a CPU
      pidsLimit: 16,
      memoryBytes: 128 * MiB,
    },
    firewall,
    drops,
  };
}

/** Beyond the server's own waits: the time its last steps and the last segments take, with room to spare. */
const SETTLE_MARGIN_MS = 5_000;

/** How long a scripted client waits after its steps, whatever the last one, for its kernel to finish each
 * connection's teardown (TIME-WAIT or CLOSED): the container's network goes with its last process, and a
 * server that closes after the client's last step still needs the client's kernel to acknowledge its FIN.
 * The server ends every connection it accepted once its steps (and their sleeps) are done. Undefined when it
 * never accepts: nobody ends those connections, so the client's own end is the scenario's. The client's
 * waits (at most MAX_SCENARIO_WAIT_MS in all, the server's sleeps included) and this margin stay within
 * lab up's 30 s. */
export function settleMs(scenario: Scenario): number | undefined {
  return scenario.server.accept === false ? undefined : sleepTotal(scenario.server.steps ?? []) + SETTLE_MARGIN_MS;
}

/** Whether the client's process ends only once its connections' teardown is over (or its wait gave up). */
export function clientSettles(scenario: Scenario): boolean {
  return scenario.client.steps.at(-1) === 'settle' || settleMs(scenario) !== undefined;
}

/** TCP Fast Open in the lab's namespaces: 3 = as a client (1) and as a server (2); the sysctl is per
 * network namespace, so the host's setting is untouched. */
function fastOpenSysctls(scenario: Scenario): Record<string, string> {
  return scenario.fastOpen ? { 'net.ipv4.tcp_fastopen': '3' } : {};
}

/** What the scenario's firewall drops after the capture point: its first SYN or FIN to the server's port. */
export function firewallDrops(scenario: Scenario, port: number): FirewallDrop[] {
  return scenario.server.dropFirst ? [{ segment: scenario.server.dropFirst, port }] : [];
}

/** What the lab knows is dropped after the capture point, and why: the firewall's drops, and, when the server
 * never calls accept(), the SYNs its kernel drops once the accept queue is full. */
export function knownDrops(scenario: Scenario, port: number, backlog: number): KnownDrop[] {
  const firewall = firewallDrops(scenario, port).map((drop): KnownDrop => ({ ...drop, cause: 'scenario-firewall' }));
  return scenario.server.accept === false ? [...firewall, { segment: 'syn', port, cause: 'accept-queue-full', backlog }] : firewall;
}

/** Drops the first matching segment that reaches the server (the capture, ahead of the firewall, still
 * records it); the retransmission passes. tc netem is not available on every kernel; iptables is. */
export function dropFirstRule({ segment, port }: FirewallDrop, ipv6: boolean): string[] {
  const match = segment === 'syn' ? ['--syn'] : ['--tcp-flags', 'FIN', 'FIN'];
  return [ipv6 ? 'ip6tables' : 'iptables', '-I', 'INPUT', '-p', 'tcp', '--dport', String(port), ...match, '-m', 'statistic', '--mode', 'nth', '--every', '2', '--packet', '0', '-j', 'DROP'];
}
