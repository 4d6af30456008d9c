// Podman with the netavark backend on a host where Docker runs too: the host passes bridged frames through
// iptables (net.bridge.bridge-nf-call-iptables = 1) and its FORWARD policy is DROP, as Docker leaves them,
// and netavark accepts nothing for the lab's internal network. lab doctor names that conflict with its fix,
// lab up's timeout names its cause, and the printed fix, applied, makes both work. The sysctl and the policy
// are set for the test and restored after it, as is the rule, whatever happens.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/config/environment.js';
import { connectEngine, runtimeFor } from '../../src/docker/connect.js';
import { buildContext, IMAGE_ROLES } from '../../src/docker/images.js';
import { engineOrSkip, lab, leftovers } from '../helpers/engine.ts';
import { netavarkFolder, podmanAvailable, startPodman, type PodmanService } from '../helpers/podman.ts';

const docker = await engineOrSkip();
const netavark = docker && podmanAvailable() ? netavarkFolder() : undefined;
const SYSCTL = '/proc/sys/net/bridge/bridge-nf-call-iptables';

describe.runIf(netavark)('Podman (netavark) beside Docker: the FORWARD chain drops the lab network’s traffic', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-netavark-'));
  let podman: PodmanService;
  let restore: (() => Promise<void>)[] = [];
  const labOnPodman = (args: string[]) => lab(args, { env: podman.env });
  const iptables = (args: string[], program = 'iptables') => execa(program, args, { reject: false });

  beforeAll(async () => {
    // The host as Docker leaves it (br_netfilter on, FORWARD policy DROP); each change is undone after.
    const sysctl = readFileSync(SYSCTL, 'utf8').trim();
    if (sysctl !== '1') {
      writeFileSync(SYSCTL, '1');
      restore.push(async () => writeFileSync(SYSCTL, sysctl));
    }
    const policy = /^-P FORWARD (\w+)$/m.exec(String((await iptables(['-S', 'FORWARD'])).stdout))?.[1];
    if (policy !== 'DROP') {
      await execa('iptables', ['-P', 'FORWARD', 'DROP']);
      restore.push(async () => void (await execa('iptables', ['-P', 'FORWARD', policy ?? 'ACCEPT'])));
    }
    podman = await startPodman({ netavark });
    const tags = await Promise.all(IMAGE_ROLES.map(async (role) => (await buildContext(role)).tag));
    const dockerImages = runtimeFor(await connectEngine(readEnvironment()));
    await podman.runtime.loadImages(await dockerImages.saveImages(tags));
  });

  afterAll(async () => {
    for (const undo of restore.reverse()) await undo();
    restore = [];
    await podman?.stop();
    await execa('rm', ['-rf', out]);
  });

  it('lab doctor: the host firewall check fails with the cause and the rule to add, exit 1', async () => {
    const result = await labOnPodman(['doctor']);
    expect(result.exitCode, String(result.stdout)).toBe(1);
    const text = String(result.stdout);
    expect(text).toMatch(/^✔ firewall presets: /m);
    expect(text).toMatch(/^✘ host firewall: .*bridge-nf-call-iptables = 1.*policy DROP in iptables-(nft|legacy).*Podman's netavark adds no accepting rule/m);
    expect(text).toMatch(/^ {2}→ Accept the traffic between containers on Podman's bridges: sudo iptables-\w+ -I \S+ -i podman\+ -o podman\+ -j ACCEPT/m);
    expect(text.trim().split('\n').at(-1)).toBe('lab up will not work here until the problems above are fixed');
    expect(await leftovers(podman.runtime, 'doctor')).toEqual([]);
  });

  it("lab up: the client's timeout is explained by the conflict, exit 3, nothing left", async () => {
    const result = await labOnPodman(['up', '--name', 'nv-drop', '--out', out]);
    expect(result.exitCode, String(result.stderr)).toBe(3);
    expect(String(result.stderr)).toMatch(/timed out after 30000 ms waiting for the client to finish\. This host passes bridged traffic .*netavark/);
    expect(String(result.stderr)).toMatch(/→ Accept the traffic .*-j ACCEPT.*Then `lab doctor` says whether lab up will work\./);
    expect(await leftovers(podman.runtime, 'nv-drop')).toEqual([]);
    expect(await leftovers(podman.runtime, 'doctor')).toEqual([]);
  });

  it('the rule lab doctor prints, once added, makes doctor pass and lab up complete its handshake', async () => {
    const doctor = String((await labOnPodman(['doctor'])).stdout);
    const [program, ...args] = /sudo (iptables-\w+ -I \S+ -i podman\+ -o podman\+ -j ACCEPT)/.exec(doctor)![1]!.split(' ');
    expect((await iptables(args, program)).exitCode).toBe(0);
    restore.push(async () => void (await iptables(args.map((arg) => (arg === '-I' ? '-D' : arg)), program)));

    const fixed = await labOnPodman(['doctor']);
    expect(fixed.exitCode, String(fixed.stdout)).toBe(0);
    expect(String(fixed.stdout)).toMatch(/^✔ host firewall: the FORWARD chain accepts the lab network's bridged traffic/m);
    const up = await labOnPodman(['up', '--name', 'nv-fixed', '--out', out, '--json']);
    expect(up.exitCode, String(up.stderr)).toBe(0);
    expect(JSON.parse(String(up.stdout)).connections[0].handshake.complete).toBe(true);
  });
});
