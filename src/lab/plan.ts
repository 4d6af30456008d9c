// Everything `lab up` will create, decided up front: names, labels, addresses and each container's command.
import { randomBytes } from 'node:crypto';
import type { LabConfig } from '../config/lab-config.js';
import type { ImageRole } from '../docker/images.js';
import { resourceLabels } from '../docker/labels.js';
import type { ContainerSpec } from '../docker/runtime.js';
import { hostAddress } from '../docker/subnet.js';
import type { Scenario } from './scenarios.js';

export const CAPTURE_FILE = '/capture/capture.pcap';

export interface LabPlan {
  lab: string;
  runId: string;
  networkName: string;
  networkLabels: Record<string, string>;
  server: ContainerSpec;
  client: ContainerSpec;
  /** Its networkMode is filled in once the server container exists. */
  capture: Omit<ContainerSpec, 'networkMode'>;
  serverAddress: string;
}

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

const MiB = 1024 * 1024;

export function planLab(config: LabConfig, scenario: Scenario, images: Record<ImageRole, { tag: string }>, subnet: string, runId: string): LabPlan {
  const lab = config.name;
  const networkName = `lab-${lab}-${runId}`;
  const serverAddress = hostAddress(subnet, 2);
  const port = String(config.server.port);
  return {
    lab,
    runId,
    networkName,
    networkLabels: resourceLabels(lab, runId, 'network'),
    serverAddress,
    server: {
      name: `lab-${lab}-${runId}-server`,
      image: images.server.tag,
      cmd: ['--port', port, '--backlog', String(config.server.backlog), '--message', config.message, '--steps', scenario.server.steps.join(',')],
      labels: resourceLabels(lab, runId, 'server'),
      networkMode: networkName,
      ipv4Address: serverAddress,
      capAdd: config.server.port < 1024 ? ['NET_BIND_SERVICE'] : [],
      pidsLimit: 64, // a fork per client: a runaway client loop cannot exhaust the host
      memoryBytes: 64 * MiB,
      noNewPrivileges: true,
    },
    client: {
      name: `lab-${lab}-${runId}-client`,
      image: images.client.tag,
      cmd: ['--host', serverAddress, '--port', port, '--message', config.message, '--steps', scenario.client.steps.join(','), '--wait-signal'],
      labels: resourceLabels(lab, runId, 'client'),
      networkMode: networkName,
      ipv4Address: hostAddress(subnet, 3),
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
  };
}
