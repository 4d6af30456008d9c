// Each container gets exactly what it needs, read back from the real engine (docker inspect) of a lab
// kept running with --keep.
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/docker/labels.js';
import type { ContainerRuntime } from '../../src/docker/runtime.js';
import { engineOrSkip, lab, leftovers } from '../helpers/engine.ts';

const runtime: ContainerRuntime | null = await engineOrSkip();

interface Inspected {
  Name: string;
  Config: { User: string; Image: string; Labels: Record<string, string> };
  HostConfig: {
    ReadonlyRootfs: boolean;
    SecurityOpt: string[] | null;
    CapAdd: string[] | null;
    CapDrop: string[] | null;
    Ulimits: { Name: string; Soft: number; Hard: number }[] | null;
    NanoCpus: number;
    LogConfig: { Type: string; Config: Record<string, string> };
    Tmpfs: Record<string, string> | null;
  };
}

async function inspectLab(name: string): Promise<Record<string, Inspected>> {
  const containers = await runtime!.listContainers([`${LABELS.lab}=${name}`]);
  const { stdout } = await execa('docker', ['inspect', ...containers.map((c) => c.id)]);
  return Object.fromEntries((JSON.parse(stdout) as Inspected[]).map((c) => [c.Config.Labels[LABELS.role]!, c]));
}

describe.runIf(runtime)('least privilege (real engine)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-priv-'));
  afterAll(async () => {
    for (const name of ['e2e-priv', 'e2e-priv-fw']) await lab(['down', '--name', name]);
  });

  it('every container: read-only root, no-new-privileges, all capabilities dropped, small ulimits, CPU and log limits', async () => {
    const run = await lab(['up', '--name', 'e2e-priv', '--out', out, '--keep']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const { server, capture } = await inspectLab('e2e-priv');
    for (const c of [server!, capture!]) {
      expect(c.HostConfig.ReadonlyRootfs, c.Name).toBe(true);
      expect(c.HostConfig.SecurityOpt, c.Name).toContain('no-new-privileges');
      expect(c.HostConfig.CapDrop, c.Name).toEqual(['ALL']);
      const ulimits = Object.fromEntries((c.HostConfig.Ulimits ?? []).map((u) => [u.Name, [u.Soft, u.Hard]]));
      expect(ulimits.nofile![1], c.Name).toBeLessThanOrEqual(4096);
      expect(ulimits.nproc![1], c.Name).toBeLessThanOrEqual(4096);
      expect(c.HostConfig.NanoCpus, c.Name).toBeGreaterThan(0);
      expect(Number(c.HostConfig.LogConfig.Config['max-size']), c.Name).toBeGreaterThan(0);
    }
    expect([server!.Config.User, server!.HostConfig.CapAdd ?? []]).toEqual(['65534:65534', []]);
    expect(capture!.HostConfig.CapAdd).not.toContain('NET_ADMIN');
    expect(Object.keys(capture!.HostConfig.Tmpfs ?? {})).toEqual(['/capture']);
  });

  it('tcpdump runs as its own user with no capability left, and the capture image has no setuid or setgid file', async () => {
    const { capture } = await inspectLab('e2e-priv');
    const status = await execa('docker', ['exec', capture!.Name.slice(1), 'sh', '-c', 'cat /proc/$(cat /capture/tcpdump.pid)/status']);
    expect(status.stdout).toMatch(/^Uid:\s+(\d+)\s+\1\s+\1\s+\1$/m);
    expect(status.stdout).not.toMatch(/^Uid:\s+0\s/m);
    expect(status.stdout).toMatch(/^CapEff:\s+0+$/m);
    const setuid = await execa('docker', ['run', '--rm', '--entrypoint', 'find', capture!.Config.Image, '/', '-xdev', '-type', 'f', '-perm', '/6000']);
    expect(setuid.stdout).toBe('');
  });

  it('NET_ADMIN only for a scenario with a firewall rule', async () => {
    const run = await lab(['up', '--name', 'e2e-priv-fw', '--scenario', 'syn-retry', '--out', out, '--keep']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const { capture } = await inspectLab('e2e-priv-fw');
    expect(capture!.HostConfig.CapAdd).toContain('NET_ADMIN');
    await lab(['down', '--name', 'e2e-priv-fw']);
    expect(await leftovers(runtime!, 'e2e-priv-fw')).toEqual([]);
  });
});
