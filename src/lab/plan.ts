// Everything `lab up` will create, decided up front: names, labels, addresses and each container's command.
import { randomBytes } from 'node:crypto';
import type { LabConfig, Scenario } from '../config/lab-config.js';
import type { ImageRole } from '../docker/images.js';
import { resourceLabels } from '../docker/labels.js';
import type { ContainerSpec, NetworkSpec } from '../docker/runtime.js';
import { cidrRange, hostAddress } from '../docker/subnet.js';

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
}

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

const MiB = 1024 * 1024;

/** A unique-local IPv6 /64 derived from the lab's IPv4 subnet, so that it is as free as that one. */
export function ipv6SubnetFor(subnet: string): string {
  const start = cidrRange(subnet)!.start;
  return `fd74:6370:${((start >>> 16) & 0xffff).toString(16)}:${(start & 0xffff).toString(16)}::/64`;
}

function ipv6Host(subnet6: string, n: number): string {
  return subnet6.replace('::/64', `::${n.toString(16)}`);
}

export function planLab(config: LabConfig, scenario: Scenario, images: Record<ImageRole, { tag: string }>, subnet: string, runId: string): LabPlan {
  const lab = config.name;
  const networkName = `lab-${lab}-${runId}`;
  const subnet6 = scenario.ipv6 ? ipv6SubnetFor(subnet) : undefined;
  const serverAddress = hostAddress(subnet, 2);
  const serverAddress6 = subnet6 ? ipv6Host(subnet6, 2) : undefined;
  const port = config.server.port;
  const targetPort = scenario.client.target === 'closed-port' ? (port < 65535 ? port + 1 : port - 1) : port;
  return {
    lab,
    runId,
    network: { name: networkName, labels: resourceLabels(lab, runId, 'network'), subnet, ipv6Subnet: subnet6 },
    server: {
      name: `lab-${lab}-${runId}-server`,
      image: images.server.tag,
      cmd: [
        ...['--port', String(port), '--backlog', String(config.server.backlog), '--message', config.message],
        ...['--steps', scenario.server.steps.join(',')],
        ...(scenario.ipv6 ? ['--ipv6'] : []),
      ],
      labels: resourceLabels(lab, runId, 'server'),
      networkMode: networkName,
      ipv4Address: serverAddress,
      ipv6Address: serverAddress6,
      capAdd: port < 1024 ? ['NET_BIND_SERVICE'] : [],
      pidsLimit: 64, // a fork per client: a runaway client loop cannot exhaust the host
      memoryBytes: 64 * MiB,
      noNewPrivileges: true,
    },
    client: {
      name: `lab-${lab}-${runId}-client`,
      image: images.client.tag,
      cmd: [
        ...['--host', serverAddress6 ?? serverAddress, '--port', String(targetPort), '--message', config.message],
        ...['--steps', scenario.client.steps.join(','), '--clients', String(scenario.client.count ?? 1), '--wait-signal'],
      ],
      labels: resourceLabels(lab, runId, 'client'),
      networkMode: networkName,
      ipv4Address: hostAddress(subnet, 3),
      ipv6Address: subnet6 ? ipv6Host(subnet6, 3) : undefined,
      capAdd: [],
      pidsLimit: 64,
      memoryBytes: 64 * MiB,
      noNewPrivileges: true,
    },
    capture: {
      name: `lab-${lab}-${runId}-capture`,
      image: images.capture.tag,
      cmd: ['--immediate-mode', '-U', '-n', '-i', 'eth0', '-w', CAPTURE_FILE, 'tcp'],
      labels: resourceLabels(lab, runId, 'capture'),
      capAdd: ['NET_RAW', 'NET_ADMIN'],
      pidsLimit: 16,
      memoryBytes: 128 * MiB,
      noNewPrivileges: false, // tcpdump (user "tcpdump") gains NET_RAW and NET_ADMIN from its file capabilities
    },
    firewall: scenario.server.dropFirst ? [dropFirstRule(scenario.server.dropFirst, port, Boolean(scenario.ipv6))] : [],
  };
}

/** Drops the first matching segment that reaches the server (the capture, ahead of the firewall, still
 * records it); the retransmission passes. tc netem is not available on every kernel; iptables is. */
function dropFirstRule(what: 'syn' | 'fin', port: number, ipv6: boolean): string[] {
  const match = what === 'syn' ? ['--syn'] : ['--tcp-flags', 'FIN', 'FIN'];
  return [ipv6 ? 'ip6tables' : 'iptables', '-I', 'INPUT', '-p', 'tcp', '--dport', String(port), ...match, '-m', 'statistic', '--mode', 'nth', '--every', '2', '--packet', '0', '-j', 'DROP'];
}
