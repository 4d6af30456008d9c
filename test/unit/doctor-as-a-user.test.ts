// `lab doctor` as a user runs it (cli() with its arguments) on a Podman engine stood in by a runtime whose
// probe containers answer as a troubled host would: iptables in a container refused the preset's rule, and
// the host's FORWARD chain drops the lab network's traffic (netavark, Docker's policy DROP). Each failure
// is printed with its fix, in English and in Chinese; exit 1; every probe container removed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Modem from 'docker-modem';
import { cli } from '../../src/cli/main.js';
import type * as Connect from '../../src/docker/connect.js';
import type { ContainerRuntime, ContainerSpec } from '../../src/docker/runtime.js';

const REFUSED = 'iptables v1.8.9 (nf_tables): Extension statistic revision 0 not supported, missing kernel module?';
const DOCKER_HOST_FIREWALL = 'bridge-nf-call-iptables=1\n== iptables-nft\n-P FORWARD DROP\n-A FORWARD -j DOCKER-USER\n-N DOCKER-USER\n-A DOCKER-USER -j RETURN\n';

/** Every container the probes created, and the ones still there. */
const created: ContainerSpec[] = [];
const present = new Map<string, ContainerSpec>();
/** What the host's firewall probe prints. */
let hostFirewall = DOCKER_HOST_FIREWALL;
/** The engine answers, then fails this check's requests. */
let failing: 'images' | 'firewall' | 'forwarding' | undefined;
const IMAGES_FAILED = 'GET /images/tcp-lab-server/json: (HTTP code 500) server error';
const PROBE_FAILED = 'POST /containers/create: (HTTP code 500) server error';

const runtime = {
  imageExists: async () => {
    if (failing === 'images') throw new Error(IMAGES_FAILED);
    return true;
  },
  createContainer: async (spec: ContainerSpec) => {
    if (failing === (spec.networkMode === 'none' ? 'firewall' : 'forwarding')) throw new Error(PROBE_FAILED);
    return (created.push(spec), present.set(spec.name, spec), spec.name);
  },
  startContainer: async () => undefined,
  waitContainer: async (id: string) => (present.get(id)!.networkMode === 'none' ? 4 : 0),
  logs: async (id: string) => (present.get(id)!.networkMode === 'none' ? { stdout: '', stderr: REFUSED } : { stdout: hostFirewall, stderr: '' }),
  listContainers: async (filters: string[]) =>
    [...present.values()].filter((spec) => filters.every((f) => spec.labels[f.split('=')[0]!] === f.split('=')[1])).map((spec) => ({ id: spec.name, name: spec.name, labels: spec.labels })),
  listNetworks: async () => [],
  removeContainer: async (id: string) => void present.delete(id),
} as unknown as ContainerRuntime;

// Typed as the real module, so that the compiler checks the stand-in engine against ConnectedEngine.
vi.mock('../../src/docker/connect.js', () => ({
  connectEngine: async () => ({ product: 'Podman', version: '4.3.1', apiVersion: '1.41', source: 'DOCKER_HOST=unix:///run/podman/podman.sock', modem: new Modem({ socketPath: '/run/podman/podman.sock' }) }),
  runtimeFor: () => runtime as ReturnType<typeof Connect.runtimeFor>,
}) satisfies Pick<typeof Connect, 'connectEngine' | 'runtimeFor'>);
vi.mock('../../src/docker/podman-runtime.js', () => ({ podmanNetworkBackend: async () => 'netavark' }));

async function doctor(...argv: string[]) {
  let stdout = '';
  const code = await cli(['doctor', ...argv], { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write: () => true } });
  return { code, stdout };
}

beforeEach(() => {
  vi.stubEnv('LANG', 'C');
  created.length = 0;
  hostFirewall = DOCKER_HOST_FIREWALL;
  failing = undefined;
});
afterEach(() => vi.unstubAllEnvs());

describe('lab doctor on a host where the firewall checks fail', () => {
  it('prints each failure with its fix, says lab up will not work, exits 1, and removes its probe containers', async () => {
    const { code, stdout } = await doctor();
    expect(code).toBe(1);
    expect(stdout).toContain(`✘ firewall presets: iptables in a container could not put in the rule a preset uses (exit 4): ${REFUSED}\n  → The presets syn-retry and fin-retry need iptables`);
    expect(stdout).toMatch(/✘ host firewall: This host passes bridged traffic .*policy DROP in iptables-nft.*Podman's netavark adds no accepting rule.*\n {2}→ .*sudo iptables-nft -I DOCKER-USER -i podman\+ -o podman\+ -j ACCEPT/);
    expect(stdout.trim().split('\n').at(-1)).toBe('lab up will not work here until the problems above are fixed');
    // The rule as a preset puts it in, in a namespace of its own; the host read in its own namespace.
    expect(created.map((spec) => [spec.networkMode, spec.entrypoint?.[0], spec.labels['dev.tcp-lab.lab']])).toEqual([
      ['none', 'iptables', 'doctor'],
      ['host', '/bin/sh', 'doctor'],
    ]);
    expect(created[0]!.cmd).toEqual(['-I', 'INPUT', '-p', 'tcp', '--dport', '80', '--syn', '-m', 'statistic', '--mode', 'nth', '--every', '2', '--packet', '0', '-j', 'DROP']);
    expect(present.size).toBe(0);
  });

  it('in Chinese with --lang zh-CN', async () => {
    const { code, stdout } = await doctor('--lang', 'zh-CN');
    expect(code).toBe(1);
    expect(stdout).toMatch(/✘ 防火墙预设：容器中的 iptables 无法加入预设所用的规则（退出码 4）[^\n]*\n {2}→ 预设 syn-retry 和 fin-retry 需要/);
    expect(stdout).toMatch(/✘ 主机防火墙：这台主机让容器之间的桥接流量经过 iptables[^\n]*\n {2}→ 请放行 Podman 网桥上容器之间的流量：sudo iptables-nft -I DOCKER-USER/);
    expect(stdout.trim().split('\n').at(-1)).toBe('在解决上面的问题之前，lab up 无法在这里运行');
  });
});

describe('lab doctor on a host whose FORWARD chain it may not read', () => {
  const DENIED = 'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)';
  beforeEach(() => {
    hostFirewall = `bridge-nf-call-iptables=1\n== iptables-nft\n${DENIED}\n!! exit status 4\n`;
  });

  it('says the host firewall was not checked, and why, instead of passing it', async () => {
    const { stdout } = await doctor();
    expect(stdout).toContain(`– host firewall: not checked: iptables-nft could not list the FORWARD chain (${DENIED}), so whether the host drops`);
    expect(stdout).not.toMatch(/✔ host firewall|✘ host firewall/);
  });

  it('in Chinese with --lang zh-CN', async () => {
    const { stdout } = await doctor('--lang', 'zh-CN');
    expect(stdout).toContain(`– 主机防火墙：未检查：iptables-nft 无法列出 FORWARD 链（${DENIED}），因此不知道主机是否丢弃`);
  });
});

describe('lab doctor when the engine answered and then a check failed', () => {
  it('prints the images check with its own fix, not the one for an engine that does not answer', async () => {
    failing = 'images';
    const { code, stdout } = await doctor();
    expect(code).toBe(1);
    expect(stdout).toContain(`✘ images: ${IMAGES_FAILED}\n  → The engine answered but could not say which images it holds`);
    expect(stdout).not.toContain('Start Docker or Podman');
  });

  it('prints each probe with its own fix, in English and in Chinese', async () => {
    failing = 'firewall';
    expect((await doctor()).stdout).toContain(`✘ firewall presets: ${PROBE_FAILED}\n  → The check's short-lived container (the capture image, without a network) did not run to its end`);
    expect((await doctor('--lang', 'zh-CN')).stdout).toMatch(/✘ 防火墙预设：[^\n]*\n {2}→ 这项检查所用的临时容器（抓包镜像，没有网络）没有运行完/);
    failing = 'forwarding';
    const { stdout } = await doctor();
    expect(stdout).toContain(`✘ host firewall: ${PROBE_FAILED}\n  → The check's short-lived container (the capture image, in the host's network namespace) did not run to its end`);
    expect(stdout).not.toContain('Start Docker or Podman');
    expect((await doctor('--lang', 'zh-CN')).stdout).toMatch(/✘ 主机防火墙：[^\n]*\n {2}→ 这项检查所用的临时容器（抓包镜像，位于主机的网络命名空间中）没有运行完/);
  });
});
